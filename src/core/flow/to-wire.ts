/**
 * A flow's record → the Flow JSON of spec/flows.md §1.1: fields in upstream order, optional
 * ones absent when upstream omits them. The one place a flow becomes text: addresses, ids
 * and the Community ID are formatted here.
 */
import { communityId } from './community-id.js'
import { type FlowContext, flowUuid } from './flow-create.js'
import type { FlowExtras } from './flow-extras.js'
import { F, N, TCP_FIELDS } from './flow-record.js'
import { formatIP } from './format.js'
import { FLOW_PROTOCOLS, ICMP_TYPES, type FinishType, type WireFlow, type WireFlowMetric, type WireTCPMetric } from '../../wire/index.js'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** The JSON object of the flow whose numbers start at `m[n]`. */
export function toWireFlow(ctx: FlowContext, m: Float64Array, n: number, x: FlowExtras | undefined): WireFlow {
  const flags = m[n + N.FLAGS]!
  const w: Partial<WireFlow> = {}
  w.UUID = flowUuid(ctx, m, n).toString(16)
  const path = ctx.strings.str(m[n + N.PATH]!)
  if (path) w.LayersPath = path
  const app = ctx.strings.str(m[n + N.APP]!)
  if (app) w.Application = app
  if (flags & F.LINK) {
    w.Link = {
      Protocol: 'ETHERNET', A: mac(m[n + N.LINK_A_HI]!, m[n + N.LINK_A_LO]!), B: mac(m[n + N.LINK_B_HI]!, m[n + N.LINK_B_LO]!),
      ID: m[n + N.LINK_ID]!,
    }
  }
  // the address bytes are read once, for their text and for the Community ID
  let a: Uint8Array | undefined, b: Uint8Array | undefined
  if (flags & F.NET) {
    const v6 = (flags & F.V6) !== 0
    a = ipBytes(m, n + N.NET_A0, v6)
    b = ipBytes(m, n + N.NET_B0, v6)
    w.Network = { Protocol: v6 ? 'IPV6' : 'IPV4', A: formatIP(a, 0, v6), B: formatIP(b, 0, v6), ID: m[n + N.NET_ID]! }
  }
  const trans = (flags & F.TRANS_MASK) >> F.TRANS_SHIFT
  if (trans) w.Transport = { Protocol: FLOW_PROTOCOLS[trans]!, A: m[n + N.TRANS_A]!, B: m[n + N.TRANS_B]!, ID: 0 }
  if (flags & F.ICMP) {
    const v = m[n + N.ICMP]!
    const code = Math.floor(v / 65536) % 256, id = v % 65536
    w.ICMP = { Type: ICMP_TYPES[Math.floor(v / 16777216)]! }
    if (code) w.ICMP.Code = code
    if (id) w.ICMP.ID = id
  }
  if (x?.dhcpv4) w.DHCPv4 = x.dhcpv4
  if (x?.dns) w.DNS = x.dns
  if (x?.vrrp) w.VRRPv2 = x.vrrp
  if (flags & F.LAST_UPDATE) {
    w.LastUpdateMetric = metric(m[n + N.LU_AB_PACKETS]!, m[n + N.LU_AB_BYTES]!, m[n + N.LU_BA_PACKETS]!, m[n + N.LU_BA_BYTES]!,
      m[n + N.LU_START]!, m[n + N.LU_LAST]!, m[n + N.LU_RTT]!)
  }
  const start = m[n + N.START]!, last = m[n + N.LAST]!
  w.Metric = metric(m[n + N.AB_PACKETS]!, m[n + N.AB_BYTES]!, m[n + N.BA_PACKETS]!, m[n + N.BA_BYTES]!, start, last, m[n + N.RTT]!)
  if (flags & F.TCP_METRIC) w.TCPMetric = tcpMetric(m, n + N.TCP)
  if (flags & F.IP_METRIC) w.IPMetric = { Fragments: m[n + N.IPM_FRAGMENTS]!, FragmentErrors: m[n + N.IPM_ERRORS]! }
  w.Start = start
  w.Last = last
  w.TrackingID = hexOfHalves(m[n + N.L2_HI]!, m[n + N.L2_LO]!)
  w.L3TrackingID = hexOfHalves(m[n + N.L3_HI]!, m[n + N.L3_LO]!)
  w.ParentUUID = flags & F.PARENT ? hexOfHalves(m[n + N.PARENT_HI]!, m[n + N.PARENT_LO]!) : ''
  if (ctx.o.nodeTID) w.NodeTID = ctx.o.nodeTID
  if (ctx.o.captureID) w.CaptureID = ctx.o.captureID
  w.RawPacketsCaptured = x?.rawPacketsCaptured ?? 0
  // Quirk (flows spec §6.10): FinishType is a number (its enum has no JSON names), absent when 0
  const finish = m[n + N.FINISH_TYPE]!
  if (finish) w.FinishType = finish as FinishType
  if (a && b) w.CommunityID = community(ctx, m, n, flags, a, b)
  return w as WireFlow
}

/** Lowercase hex of a uint64 given as two 32-bit halves, without leading zeros. */
export function hexOfHalves(hi: number, lo: number): string {
  const s = hex32(hi) + hex32(lo)
  let i = 0
  while (i < 15 && s.charCodeAt(i) === 48) i++
  return i === 0 ? s : s.slice(i)
}

function hex32(v: number): string {
  return HEX[v >>> 24]! + HEX[(v >>> 16) & 255]! + HEX[(v >>> 8) & 255]! + HEX[v & 255]!
}

export function mac(hi: number, lo: number): string {
  return `${HEX[hi >>> 24]}:${HEX[(hi >>> 16) & 255]}:${HEX[(hi >>> 8) & 255]}:${HEX[hi & 255]}:${HEX[lo >>> 8]}:${HEX[lo & 255]}`
}

export function ipBytes(m: Float64Array, at: number, v6: boolean): Uint8Array {
  const words = v6 ? 4 : 1, out = new Uint8Array(words * 4)
  for (let i = 0; i < words; i++) {
    const v = m[at + i]!
    out[4 * i] = v >>> 24; out[4 * i + 1] = (v >>> 16) & 255; out[4 * i + 2] = (v >>> 8) & 255; out[4 * i + 3] = v & 255
  }
  return out
}

export function community(ctx: FlowContext, m: Float64Array, n: number, flags: number, src: Uint8Array, dst: Uint8Array): string {
  const tuple: Parameters<typeof communityId>[0] = { src, dst, proto: m[n + N.CID_PROTO]! }
  if (flags & F.CID_PORTS) {
    tuple.srcPort = m[n + N.CID_SPORT]!
    tuple.dstPort = m[n + N.CID_DPORT]!
  }
  return communityId(tuple, ctx.o.communityIdSeed)
}

function metric(abp: number, abb: number, bap: number, bab: number, start: number, last: number, rtt: number): WireFlowMetric {
  const m: WireFlowMetric = { ABPackets: abp, ABBytes: abb, BAPackets: bap, BABytes: bab, Start: start, Last: last }
  if (rtt) m.RTT = rtt
  return m
}

/** TCPMetric in JSON order; the two TTLs are omitted when 0. */
function tcpMetric(m: Float64Array, t: number): WireTCPMetric {
  const o: Record<string, number> = {}
  for (let i = 0; i < TCP_FIELDS.length; i++) {
    const v = m[t + i]!
    // ABSynTTL and BASynTTL (indexes 2 and 3) are omitted when 0
    if (v !== 0 || (i !== 2 && i !== 3)) o[TCP_FIELDS[i]!] = v
  }
  return o as unknown as WireTCPMetric
}
