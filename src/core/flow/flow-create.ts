/**
 * Flow creation (spec/flows.md §3.2): the fields taken from the first packet and the keys of
 * §2.5, written as numbers into the flow's record. Ids and addresses become text only when
 * the flow is serialised (to-wire.ts).
 */
import { hiOf, loOf, u32, u64 } from './bytes.js'
import type { DecodedFrame } from './decoded-frame.js'
import { dhcpv4Json, vrrpJson } from './extra-layers.js'
import { FlowExtras } from './flow-extras.js'
import type { FlowKeyWriter } from './flow-key.js'
import type { ResolvedFlowTableOptions } from './flow-options.js'
import { F, N } from './flow-record.js'
import { icmpv4FlowType, icmpv6FlowType } from './icmp.js'
import type { Interner } from './interner.js'
import { L, layerName } from './layer-types.js'
import type { SubPacketView } from './sub-packet.js'
import type { WireIPMetric } from '../../wire/index.js'

/** Transport field values (FlowProtocol) and IP protocol numbers of TCP, UDP and SCTP. */
const TCP = 2, UDP = 3, SCTP = 4
const IP_PROTO = [0, 0, 6, 17, 132]

/** What flow creation and serialisation share: options, interned strings, the hasher. */
export interface FlowContext {
  readonly o: ResolvedFlowTableOptions
  readonly strings: Interner
  /** LayersPath ids by layer-type signature (paths of up to 7 layers) */
  readonly paths: Map<number, number>
  /** Application id of each LayersPath id */
  readonly pathApp: number[]
  /** NodeTID as bytes, for UUIDs */
  readonly nodeTid: Uint8Array
  /** flowUuid's reusable input buffer, made on first use */
  uuidInput?: { bytes: Uint8Array; dv: DataView }
}

/**
 * Fills the record `m[n…]` of a new flow from its first sub-packet (the packet is counted
 * afterwards, as an update). Returns the extras object when the flow needs one.
 */
export function initFlow(
  ctx: FlowContext, m: Float64Array, n: number, id: number, f: DecodedFrame, p: SubPacketView,
  key: FlowKeyWriter, parentUuid: bigint | null, ipMetric: WireIPMetric | null,
): FlowExtras | undefined {
  const o = ctx.o, b = f.buf
  m[n + N.ID] = id
  m[n + N.START] = f.ms
  let flags = 0
  if (p.link >= 0) {
    const lo = f.offsets[p.link]!
    flags |= F.LINK
    m[n + N.LINK_A_HI] = u32(b, lo + 6)
    m[n + N.LINK_A_LO] = (b[lo + 10]! << 8) | b[lo + 11]!
    m[n + N.LINK_B_HI] = u32(b, lo)
    m[n + N.LINK_B_LO] = (b[lo + 4]! << 8) | b[lo + 5]!
    m[n + N.LINK_ID] = vlanStack(f, p)
  }
  const path = layersPath(ctx, f, p)
  m[n + N.PATH] = path
  m[n + N.APP] = ctx.pathApp[path] ??= ctx.strings.id(lastName(ctx.strings.str(path)))
  if (p.net >= 0) flags = initNetwork(ctx, m, n, f, p, ipMetric, flags)
  m[n + N.FLAGS] = flags
  let extras: FlowExtras | undefined
  if (o.extraMask & 4 && p.dhcp4 >= 0) (extras = new FlowExtras()).dhcpv4 = dhcpv4Json(b, f.offsets[p.dhcp4]!)
  else if (o.extraMask & 1 && p.vrrp >= 0 && !(o.extraMask & 2 && p.dns >= 0)) (extras = new FlowExtras()).vrrp = vrrpJson(b, f.offsets[p.vrrp]!)
  setKeys(ctx, m, n, key, parentUuid)
  return extras
}

/**
 * initFlow for a fast-shape frame at `b[o, end)` (fast-path.ts: Ethernet, IPv4 without options
 * or fragmentation, TCP or undecoded UDP), read from the bytes instead of a decoded frame; the
 * same record as initFlow gives for the decoder's one sub-packet. `key` holds its writeFast()
 * bytes; `ipMetric`: the defragmenter is on (a whole datagram gets a zero IPMetric).
 */
export function initFastFlow(
  ctx: FlowContext, m: Float64Array, n: number, id: number, b: Uint8Array, o: number, ms: number,
  key: FlowKeyWriter, ipMetric: boolean,
): void {
  const ip = o + 14, to = ip + 20, tcp = b[ip + 9] === 6
  m[n + N.ID] = id
  m[n + N.START] = ms
  m[n + N.LINK_A_HI] = u32(b, o + 6)
  m[n + N.LINK_A_LO] = (b[o + 10]! << 8) | b[o + 11]!
  m[n + N.LINK_B_HI] = u32(b, o)
  m[n + N.LINK_B_LO] = (b[o + 4]! << 8) | b[o + 5]!
  const path = fastPath(ctx, tcp)
  m[n + N.PATH] = path
  m[n + N.APP] = ctx.pathApp[path] ??= ctx.strings.id(tcp ? 'TCP' : 'UDP')
  let flags = F.LINK | F.NET
  m[n + N.NET_A0] = u32(b, ip + 12)
  m[n + N.NET_B0] = u32(b, ip + 16)
  if (ipMetric) flags |= F.IP_METRIC // Fragments and FragmentErrors stay 0
  flags = initTransport(ctx, m, n, tcp ? TCP : UDP, b, to, flags)
  m[n + N.FLAGS] = flags
  setKeys(ctx, m, n, key, null)
}

/** The interned LayersPath and Application of Ethernet/IPv4/TCP and …/UDP flows, as initFastFlow sets them. */
export function fastFlowIds(ctx: FlowContext): { pathTcp: number; appTcp: number; pathUdp: number; appUdp: number } {
  const pathTcp = fastPath(ctx, true), pathUdp = fastPath(ctx, false)
  return {
    pathTcp, appTcp: ctx.pathApp[pathTcp] ??= ctx.strings.id('TCP'),
    pathUdp, appUdp: ctx.pathApp[pathUdp] ??= ctx.strings.id('UDP'),
  }
}

/** LayersPath id of Ethernet/IPv4/TCP or Ethernet/IPv4/UDP, shared with layersPath()'s signatures. */
function fastPath(ctx: FlowContext, tcp: boolean): number {
  const sig = ((1 * 128 + L.ETHERNET) * 128 + L.IPV4) * 128 + (tcp ? L.TCP : L.UDP)
  let id = ctx.paths.get(sig)
  if (id === undefined) {
    id = ctx.strings.id(tcp ? 'Ethernet/IPv4/TCP' : 'Ethernet/IPv4/UDP')
    ctx.paths.set(sig, id)
  }
  return id
}

/** Dot1Q tags from innermost to outermost: the outermost lands in the low 12 bits. */
function vlanStack(f: DecodedFrame, p: SubPacketView): number {
  let id = 0, tags = 0
  for (let i = p.end - 1; i >= p.start; i--) {
    if (f.types[i] === L.DOT1Q) {
      id = id * 4096 + f.values[i]!
      tags++
    }
  }
  // Go's int64 wraps past 5 tags; JSON numbers above 2^53 lose precision here
  return tags > 5 ? Number(BigInt.asIntN(64, BigInt(id))) : id
}

/**
 * Interned names of the sub-packet's layers up to the first Payload or DecodeFailure.
 * Quirk (flows spec §6.8): a skipped leading Linux SLL leaves a leading "/".
 */
function layersPath(ctx: FlowContext, f: DecodedFrame, p: SubPacketView): number {
  let sig = 1, end = p.start
  while (end < p.end && f.types[end] !== L.PAYLOAD && f.types[end] !== L.DECODE_FAILURE) end++
  const short = end - p.start <= 7
  if (short) {
    for (let i = p.start; i < end; i++) sig = sig * 128 + f.types[i]!
    const known = ctx.paths.get(sig)
    if (known !== undefined) return known
  }
  let path = ''
  for (let i = p.start; i < end; i++) {
    const t = f.types[i]!
    if (t === L.LINUX_SLL) continue
    if (i > p.start) path += '/'
    path += layerName(t)
  }
  const id = ctx.strings.id(path)
  if (short) ctx.paths.set(sig, id)
  return id
}

function lastName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

function initNetwork(
  ctx: FlowContext, m: Float64Array, n: number, f: DecodedFrame, p: SubPacketView, ipMetric: WireIPMetric | null, flags: number,
): number {
  const b = f.buf, no = f.offsets[p.net]!, v6 = p.netV6
  const src = no + (v6 ? 8 : 12), dst = src + (v6 ? 16 : 4)
  flags |= F.NET | (v6 ? F.V6 : 0)
  m[n + N.NET_A0] = u32(b, src)
  m[n + N.NET_B0] = u32(b, dst)
  if (v6) {
    for (let i = 1; i < 4; i++) {
      m[n + N.NET_A0 + i] = u32(b, src + 4 * i)
      m[n + N.NET_B0 + i] = u32(b, dst + 4 * i)
    }
  }
  // VXLAN/Geneve VNI or GRE key, scanning from the last layer: non-zero on the outer flow only
  for (let i = p.end - 1; i >= p.start; i--) {
    const t = f.types[i]
    if (t === L.VXLAN || t === L.GRE || t === L.GENEVE) { m[n + N.NET_ID] = f.values[i]!; break }
  }
  if (!v6 && ipMetric) {
    flags |= F.IP_METRIC
    m[n + N.IPM_FRAGMENTS] = ipMetric.Fragments
    m[n + N.IPM_ERRORS] = ipMetric.FragmentErrors
  }
  const icmp = v6 ? p.icmp6 : p.icmp4
  if (icmp >= 0) {
    const io = f.offsets[icmp]!
    const type = v6 ? icmpv6FlowType(b[io]!) : icmpv4FlowType(b[io]!)
    let id = 0
    if (!v6) id = (b[io + 4]! << 8) | b[io + 5]!
    else if (p.icmp6Echo >= 0) id = (b[f.offsets[p.icmp6Echo]!]! << 8) | b[f.offsets[p.icmp6Echo]! + 1]!
    flags |= F.ICMP
    m[n + N.ICMP] = type * 16777216 + b[io + 1]! * 65536 + id
  }
  // Quirk (flows spec §2.3): the Transport field prefers TCP, then UDP, then SCTP (upstream
  // newTransportLayer) while the key prefers UDP; they differ only when one sub-packet holds both
  const t = p.fieldTrans
  if (t >= 0) {
    const tt = f.types[t]
    return initTransport(ctx, m, n, tt === L.TCP ? TCP : tt === L.UDP ? UDP : SCTP, b, f.offsets[t]!, flags)
  }
  if (icmp >= 0) {
    m[n + N.CID_PROTO] = v6 ? 58 : 1
    m[n + N.CID_SPORT] = b[f.offsets[icmp]!]!
    m[n + N.CID_DPORT] = b[f.offsets[icmp]! + 1]!
    return flags | F.CID_PORTS
  }
  let proto = v6 ? b[no + 6]! : b[no + 9]!
  // IPv6: the protocol after the extension headers
  for (let i = p.net + 1; v6 && i < p.end; i++) {
    const tt = f.types[i]
    if (tt !== L.IPV6_HOPBYHOP && tt !== L.IPV6_ROUTING && tt !== L.IPV6_DESTINATION && tt !== L.IPV6_FRAGMENT) break
    proto = b[f.offsets[i]!]!
  }
  m[n + N.CID_PROTO] = proto
  return flags
}

/**
 * The Transport fields of a new flow from the header at `b[to]` (`proto`: TCP, UDP or SCTP):
 * ports, an application name by port, TCPMetric and FinishType, the Community ID tuple.
 * Returns `flags` with those the fields set.
 */
function initTransport(ctx: FlowContext, m: Float64Array, n: number, proto: number, b: Uint8Array, to: number, flags: number): number {
  const o = ctx.o
  const a = (b[to]! << 8) | b[to + 1]!, bb = (b[to + 2]! << 8) | b[to + 3]!
  flags |= (proto << F.TRANS_SHIFT) | F.CID_PORTS
  m[n + N.TRANS_A] = a
  m[n + N.TRANS_B] = bb
  const ports = proto === TCP ? o.appPorts.tcp : proto === UDP ? o.appPorts.udp : undefined
  const app = ports ? ports[a] ?? ports[bb] : undefined
  if (app) m[n + N.APP] = ctx.strings.id(app)
  if (proto === TCP) {
    if (o.extraTCPMetric) flags |= F.TCP_METRIC
    const tf = b[to + 13]!
    // Quirk (flows spec §6.1): only the packet creating the flow sets TCP_FIN/TCP_RST
    if (tf & 0x01) m[n + N.FINISH_TYPE] = 2
    else if (tf & 0x04) m[n + N.FINISH_TYPE] = 3
  }
  m[n + N.CID_PROTO] = IP_PROTO[proto]!
  m[n + N.CID_SPORT] = a
  m[n + N.CID_DPORT] = bb
  return flags
}

/** L2 key, L3 key and table key (§2.5); with a parent, its UUID enters the table key (§2.7). */
function setKeys(ctx: FlowContext, m: Float64Array, n: number, key: FlowKeyWriter, pu: bigint | null): void {
  const h = ctx.o.hash64, k = key.bytes
  const l3 = h(k.subarray(0, key.l3Len))
  const l2 = key.l2Len === key.l3Len ? l3 : h(k.subarray(0, key.l2Len))
  let tableKey = l2
  if (pu !== null) {
    m[n + N.FLAGS] = m[n + N.FLAGS]! | F.PARENT
    m[n + N.PARENT_HI] = hiOf(pu)
    m[n + N.PARENT_LO] = loOf(pu)
    const text = new TextEncoder().encode(pu.toString(16))
    const buf = new Uint8Array(key.l2Len + text.length)
    buf.set(k.subarray(0, key.l2Len))
    buf.set(text, key.l2Len)
    tableKey = h(buf)
  }
  m[n + N.L2_HI] = hiOf(l2)
  m[n + N.L2_LO] = loOf(l2)
  m[n + N.L3_HI] = hiOf(l3)
  m[n + N.L3_LO] = loOf(l3)
  m[n + N.TK_HI] = hiOf(tableKey)
  m[n + N.TK_LO] = loOf(tableKey)
}

/** UUID (§2.7): xxHash64 seeded with the table key over Start (8 bytes BE) and the NodeTID. */
export function flowUuid(ctx: FlowContext, m: Float64Array, n: number): bigint {
  const input = (ctx.uuidInput ??= uuidInput(ctx.nodeTid))
  // Start (Unix ms, well below 2^53) as 8 bytes big-endian, without a BigInt
  const start = m[n + N.START]!, hi = Math.floor(start / 0x100000000), lo = start - hi * 0x100000000
  input.dv.setInt32(0, hi)
  input.dv.setUint32(4, lo)
  return ctx.o.hash64(input.bytes, u64(m[n + N.TK_HI]!, m[n + N.TK_LO]!))
}

/** The reusable hash input of flowUuid: 8 bytes of Start, then the NodeTID. */
function uuidInput(nodeTid: Uint8Array): { bytes: Uint8Array; dv: DataView } {
  const bytes = new Uint8Array(8 + nodeTid.length)
  bytes.set(nodeTid, 8)
  return { bytes, dv: new DataView(bytes.buffer) }
}
