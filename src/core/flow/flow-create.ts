/**
 * Flow creation (spec/flows.md §3.2): the fields taken from the first packet, the ids of
 * §2.5–§2.7 and the Community ID. Runs once per flow, so this is where text is built.
 */
import { communityId } from './community-id.js'
import type { DecodedFrame } from './decoded-frame.js'
import { dhcpv4Json, vrrpJson } from './extra-layers.js'
import { emptyTcpMetric, type FlowEntry } from './flow-entry.js'
import type { FlowKeyWriter } from './flow-key.js'
import type { ResolvedFlowTableOptions } from './flow-options.js'
import { formatIP, formatMAC, hex64 } from './format.js'
import { icmpv4FlowType, icmpv6FlowType } from './icmp.js'
import { L, layerName } from './layer-types.js'
import type { SubPacketView } from './sub-packet.js'
import type { WireIPMetric } from '../../wire/index.js'

const utf8 = new TextEncoder()

/** Fills a new flow from its first sub-packet (metrics are counted afterwards, as an update). */
export function initFlow(
  o: ResolvedFlowTableOptions, e: FlowEntry, f: DecodedFrame, p: SubPacketView, key: FlowKeyWriter,
  parent: FlowEntry | null, ipMetric: WireIPMetric | null,
): void {
  const b = f.buf
  const ms = f.timeMs
  e.start = e.last = ms
  e.nodeTid = o.nodeTID
  e.captureId = o.captureID
  e.parentUuid = parent ? parent.uuid : ''
  if (p.link >= 0) {
    const lo = f.offsets[p.link]!
    e.hasLink = true
    e.linkA = formatMAC(b, lo + 6)
    e.linkB = formatMAC(b, lo)
    e.linkAHi = ((b[lo + 6]! << 24) | (b[lo + 7]! << 16) | (b[lo + 8]! << 8) | b[lo + 9]!) >>> 0
    e.linkALo = (b[lo + 10]! << 8) | b[lo + 11]!
    e.linkId = vlanStack(f, p)
  }
  setLayersPath(e, f, p)
  if (p.net >= 0) initNetwork(o, e, f, p, ipMetric)
  if (o.extraMask & 4 && p.dhcp4 >= 0) e.dhcpv4 = dhcpv4Json(b, f.offsets[p.dhcp4]!)
  else if (o.extraMask & 1 && p.vrrp >= 0 && !(o.extraMask & 2 && p.dns >= 0)) e.vrrp = vrrpJson(b, f.offsets[p.vrrp]!)
  setIds(o, e, key, parent)
}

/** Dot1Q tags from innermost to outermost: the outermost lands in the low 12 bits. */
function vlanStack(f: DecodedFrame, p: SubPacketView): number {
  let id = 0n, tags = 0
  for (let i = p.end - 1; i >= p.start; i--) {
    if (f.types[i] === L.DOT1Q) {
      id = (id << 12n) | BigInt(f.values[i]!)
      tags++
    }
  }
  // Go's int64 wraps past 5 tags; JSON numbers above 2^53 lose precision here
  return tags === 0 ? 0 : Number(BigInt.asIntN(64, id))
}

/**
 * Names of the sub-packet's layers up to the first Payload or DecodeFailure.
 * Quirk (flows spec §6.8): a skipped leading Linux SLL leaves a leading "/".
 */
function setLayersPath(e: FlowEntry, f: DecodedFrame, p: SubPacketView): void {
  let path = '', app = ''
  for (let i = p.start; i < p.end; i++) {
    const t = f.types[i]!
    if (t === L.LINUX_SLL) continue
    if (t === L.PAYLOAD || t === L.DECODE_FAILURE) break
    if (i > p.start) path += '/'
    app = layerName(t)
    path += app
  }
  e.layersPath = path
  e.application = app
}

function initNetwork(o: ResolvedFlowTableOptions, e: FlowEntry, f: DecodedFrame, p: SubPacketView, ipMetric: WireIPMetric | null): void {
  const b = f.buf, no = f.offsets[p.net]!, v6 = p.netV6
  const src = no + (v6 ? 8 : 12), dst = src + (v6 ? 16 : 4)
  e.netProto = v6 ? 5 : 1
  e.netA = formatIP(b, src, v6)
  e.netB = formatIP(b, dst, v6)
  e.netA0 = word(b, src)
  if (v6) { e.netA1 = word(b, src + 4); e.netA2 = word(b, src + 8); e.netA3 = word(b, src + 12) }
  // VXLAN/Geneve VNI or GRE key, scanning from the last layer: non-zero on the outer flow only
  for (let i = p.end - 1; i >= p.start; i--) {
    const t = f.types[i]
    if (t === L.VXLAN || t === L.GRE || t === L.GENEVE) { e.netId = f.values[i]!; break }
  }
  if (!v6 && ipMetric) e.ipMetric = { Fragments: ipMetric.Fragments, FragmentErrors: ipMetric.FragmentErrors }
  const icmp = v6 ? p.icmp6 : p.icmp4
  if (icmp >= 0) {
    const io = f.offsets[icmp]!
    e.icmpType = v6 ? icmpv6FlowType(b[io]!) : icmpv4FlowType(b[io]!)
    e.icmpCode = b[io + 1]!
    if (!v6) e.icmpId = (b[io + 4]! << 8) | b[io + 5]!
    else if (p.icmp6Echo >= 0) e.icmpId = (b[f.offsets[p.icmp6Echo]!]! << 8) | b[f.offsets[p.icmp6Echo]! + 1]!
  }
  // Quirk (flows spec §2.3): the Transport field prefers TCP, then UDP, then SCTP (upstream
  // newTransportLayer) while the key prefers UDP; they differ only when one sub-packet holds both
  const t = p.fieldTrans
  if (t >= 0) {
    const to = f.offsets[t]!, tt = f.types[t]
    e.transProto = tt === L.TCP ? 2 : tt === L.UDP ? 3 : 4
    e.transA = (b[to]! << 8) | b[to + 1]!
    e.transB = (b[to + 2]! << 8) | b[to + 3]!
    const ports = tt === L.TCP ? o.appPorts.tcp : tt === L.UDP ? o.appPorts.udp : undefined
    const app = ports ? ports[e.transA] ?? ports[e.transB] : undefined
    if (app) e.application = app
    if (tt === L.TCP) {
      if (o.extraTCPMetric) e.tcp = emptyTcpMetric()
      const flags = b[to + 13]!
      // Quirk (flows spec §6.1): only the packet creating the flow sets TCP_FIN/TCP_RST
      if (flags & 0x01) e.finishType = 2
      else if (flags & 0x04) e.finishType = 3
    }
  }
  e.communityId = communityId(communityTuple(f, p, e, src, dst, v6), o.communityIdSeed)
}

function communityTuple(f: DecodedFrame, p: SubPacketView, e: FlowEntry, src: number, dst: number, v6: boolean): Parameters<typeof communityId>[0] {
  const b = f.buf, alen = v6 ? 16 : 4
  const tuple = { src: b.slice(src, src + alen), dst: b.slice(dst, dst + alen), proto: 0 } as Parameters<typeof communityId>[0]
  if (e.transProto) {
    tuple.proto = e.transProto === 2 ? 6 : e.transProto === 3 ? 17 : 132
    tuple.srcPort = e.transA
    tuple.dstPort = e.transB
    return tuple
  }
  const icmp = v6 ? p.icmp6 : p.icmp4
  if (icmp >= 0) {
    tuple.proto = v6 ? 58 : 1
    tuple.srcPort = b[f.offsets[icmp]!]!
    tuple.dstPort = b[f.offsets[icmp]! + 1]!
    return tuple
  }
  const no = f.offsets[p.net]!
  let proto = v6 ? b[no + 6]! : b[no + 9]!
  // IPv6: the protocol after the extension headers
  for (let i = p.net + 1; v6 && i < p.end; i++) {
    const t = f.types[i]
    if (t !== L.IPV6_HOPBYHOP && t !== L.IPV6_ROUTING && t !== L.IPV6_DESTINATION && t !== L.IPV6_FRAGMENT) break
    proto = b[f.offsets[i]!]!
  }
  tuple.proto = proto
  return tuple
}

/** TrackingID, L3TrackingID and UUID (spec/flows.md §2.5, §2.7). */
function setIds(o: ResolvedFlowTableOptions, e: FlowEntry, key: FlowKeyWriter, parent: FlowEntry | null): void {
  const h = o.hash64
  const k = key.bytes
  const l3 = h(k.subarray(0, key.l3Len))
  const l2 = key.l2Len === key.l3Len ? l3 : h(k.subarray(0, key.l2Len))
  let tableKey = l2
  if (parent) {
    const pu = utf8.encode(parent.uuid)
    const buf = new Uint8Array(key.l2Len + pu.length)
    buf.set(k.subarray(0, key.l2Len))
    buf.set(pu, key.l2Len)
    tableKey = h(buf)
  }
  e.l3TrackingId = hex64(l3)
  e.trackingId = hex64(l2)
  const tid = utf8.encode(o.nodeTID)
  const seedInput = new Uint8Array(8 + tid.length)
  new DataView(seedInput.buffer).setBigInt64(0, BigInt(e.start))
  seedInput.set(tid, 8)
  e.uuid = hex64(h(seedInput, tableKey))
}

function word(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0
}
