/**
 * A flow's record → the text of JSON.stringify(toWireFlow(…)), written directly as UTF-8
 * bytes: same fields, order and number formatting, without building the object or any
 * intermediate string (printing 10,000 flows spent more time in objects, strings and their
 * garbage than in anything but the packets). flow-json.test.ts checks the equality on every
 * reference trace.
 */
import { hiOf, loOf } from './bytes.js'
import type { FlowContext } from './flow-create.js'
import { flowUuid } from './flow-create.js'
import type { FlowExtras } from './flow-extras.js'
import { F, N, TCP_FIELDS } from './flow-record.js'
import { formatIP } from './format.js'
import { JsonBytes, ascii } from './json-bytes.js'
import { community, ipBytes } from './to-wire.js'
import { FLOW_PROTOCOLS, ICMP_TYPES } from '../../wire/index.js'

/** The constant parts of a flow's JSON text (also placed in the WebAssembly writer's memory). */
export const JSON_KEYS = {
  UUID: '{"UUID":"', PATH: ',"LayersPath":', APP: ',"Application":',
  LINK: ',"Link":{"Protocol":"ETHERNET","A":"', B: '","B":"', ID: '","ID":',
  NET4: ',"Network":{"Protocol":"IPV4","A":"', NET6: ',"Network":{"Protocol":"IPV6","A":"',
  TRANS: ',"Transport":{"Protocol":"', TA: '","A":', TB: ',"B":', T_END: ',"ID":0}',
  ICMP: ',"ICMP":{"Type":', CODE: ',"Code":', ICMP_ID: ',"ID":',
  DHCP: ',"DHCPv4":', DNS: ',"DNS":', VRRP: ',"VRRPv2":',
  LU: ',"LastUpdateMetric":', METRIC: ',"Metric":', TCP: ',"TCPMetric":{',
  ABP: '{"ABPackets":', ABB: ',"ABBytes":', BAP: ',"BAPackets":', BAB: ',"BABytes":',
  START: ',"Start":', LAST: ',"Last":', RTT: ',"RTT":',
  IPM: ',"IPMetric":{"Fragments":', IPM_ERR: ',"FragmentErrors":',
  TID: ',"TrackingID":"', L3TID: '","L3TrackingID":"', PARENT: '","ParentUUID":"',
  NODE: ',"NodeTID":', CAPTURE: ',"CaptureID":', RAW: ',"RawPacketsCaptured":',
  FINISH: ',"FinishType":', CID: ',"CommunityID":',
} as const

/** TCPMetric's keys in order, each after the first with its leading comma. */
export const TCP_JSON_KEYS = TCP_FIELDS.map((k, i) => `${i ? ',' : ''}"${k}":`)

const TCP_KEYS = TCP_JSON_KEYS.map(ascii)
const K = Object.fromEntries(Object.entries(JSON_KEYS).map(([k, v]) => [k, ascii(v)])) as Record<keyof typeof JSON_KEYS, Uint8Array>

const scratch = new JsonBytes(4096)
const decoder = new TextDecoder()

/** The JSON text of the flow whose numbers start at `m[n]`. */
export function flowJson(ctx: FlowContext, m: Float64Array, n: number, x: FlowExtras | undefined): string {
  scratch.reset()
  writeFlowJson(scratch, ctx, m, n, x)
  return decoder.decode(scratch.view())
}

/** Appends the JSON text of the flow whose numbers start at `m[n]` to `w`. */
export function writeFlowJson(w: JsonBytes, ctx: FlowContext, m: Float64Array, n: number, x: FlowExtras | undefined): void {
  const flags = m[n + N.FLAGS]!
  w.bytes(K.UUID)
  const uuid = flowUuid(ctx, m, n)
  w.hex64(hiOf(uuid), loOf(uuid))
  w.byte(0x22)
  const path = ctx.strings.str(m[n + N.PATH]!)
  if (path) { w.bytes(K.PATH); w.string(path) }
  const app = ctx.strings.str(m[n + N.APP]!)
  if (app) { w.bytes(K.APP); w.string(app) }
  if (flags & F.LINK) {
    w.bytes(K.LINK); w.mac(m[n + N.LINK_A_HI]!, m[n + N.LINK_A_LO]!)
    w.bytes(K.B); w.mac(m[n + N.LINK_B_HI]!, m[n + N.LINK_B_LO]!)
    w.bytes(K.ID); w.number(m[n + N.LINK_ID]!); w.byte(0x7d)
  }
  let a: Uint8Array | undefined, b: Uint8Array | undefined
  if (flags & F.NET) {
    const v6 = (flags & F.V6) !== 0
    a = ipBytes(m, n + N.NET_A0, v6)
    b = ipBytes(m, n + N.NET_B0, v6)
    w.bytes(v6 ? K.NET6 : K.NET4)
    if (v6) w.text(formatIP(a, 0, true)); else w.ipv4(m[n + N.NET_A0]!)
    w.bytes(K.B)
    if (v6) w.text(formatIP(b, 0, true)); else w.ipv4(m[n + N.NET_B0]!)
    w.bytes(K.ID); w.number(m[n + N.NET_ID]!); w.byte(0x7d)
  }
  const trans = (flags & F.TRANS_MASK) >> F.TRANS_SHIFT
  if (trans) {
    w.bytes(K.TRANS); w.text(FLOW_PROTOCOLS[trans]!)
    w.bytes(K.TA); w.number(m[n + N.TRANS_A]!)
    w.bytes(K.TB); w.number(m[n + N.TRANS_B]!)
    w.bytes(K.T_END)
  }
  if (flags & F.ICMP) {
    const v = m[n + N.ICMP]!
    const code = Math.floor(v / 65536) % 256, id = v % 65536
    w.bytes(K.ICMP); w.string(ICMP_TYPES[Math.floor(v / 16777216)]!)
    if (code) { w.bytes(K.CODE); w.number(code) }
    if (id) { w.bytes(K.ICMP_ID); w.number(id) }
    w.byte(0x7d)
  }
  if (x?.dhcpv4) { w.bytes(K.DHCP); w.text(JSON.stringify(x.dhcpv4)) }
  if (x?.dns) { w.bytes(K.DNS); w.text(JSON.stringify(x.dns)) }
  if (x?.vrrp) { w.bytes(K.VRRP); w.text(JSON.stringify(x.vrrp)) }
  if (flags & F.LAST_UPDATE) {
    w.bytes(K.LU)
    metric(w, m[n + N.LU_AB_PACKETS]!, m[n + N.LU_AB_BYTES]!, m[n + N.LU_BA_PACKETS]!, m[n + N.LU_BA_BYTES]!,
      m[n + N.LU_START]!, m[n + N.LU_LAST]!, m[n + N.LU_RTT]!)
  }
  const start = m[n + N.START]!, last = m[n + N.LAST]!
  w.bytes(K.METRIC)
  metric(w, m[n + N.AB_PACKETS]!, m[n + N.AB_BYTES]!, m[n + N.BA_PACKETS]!, m[n + N.BA_BYTES]!, start, last, m[n + N.RTT]!)
  if (flags & F.TCP_METRIC) {
    w.bytes(K.TCP)
    const t = n + N.TCP
    // ABSynTTL and BASynTTL (indexes 2 and 3) are omitted when 0, as in toWireFlow; the first
    // field is always written, so each later key carries its leading comma
    for (let i = 0; i < TCP_KEYS.length; i++) {
      const v = m[t + i]!
      if (v === 0 && (i === 2 || i === 3)) continue
      w.bytes(TCP_KEYS[i]!); w.number(v)
    }
    w.byte(0x7d)
  }
  if (flags & F.IP_METRIC) {
    w.bytes(K.IPM); w.number(m[n + N.IPM_FRAGMENTS]!)
    w.bytes(K.IPM_ERR); w.number(m[n + N.IPM_ERRORS]!); w.byte(0x7d)
  }
  w.bytes(K.START); w.number(start)
  w.bytes(K.LAST); w.number(last)
  w.bytes(K.TID); w.hex64(m[n + N.L2_HI]!, m[n + N.L2_LO]!)
  w.bytes(K.L3TID); w.hex64(m[n + N.L3_HI]!, m[n + N.L3_LO]!)
  w.bytes(K.PARENT)
  if (flags & F.PARENT) w.hex64(m[n + N.PARENT_HI]!, m[n + N.PARENT_LO]!)
  w.byte(0x22)
  if (ctx.o.nodeTID) { w.bytes(K.NODE); w.string(ctx.o.nodeTID) }
  if (ctx.o.captureID) { w.bytes(K.CAPTURE); w.string(ctx.o.captureID) }
  w.bytes(K.RAW); w.number(x?.rawPacketsCaptured ?? 0)
  const finish = m[n + N.FINISH_TYPE]!
  if (finish) { w.bytes(K.FINISH); w.number(finish) }
  // "1:" and base64 need no escaping
  if (a && b) { w.bytes(K.CID); w.byte(0x22); w.text(community(ctx, m, n, flags, a, b)); w.byte(0x22) }
  w.byte(0x7d)
}

function metric(w: JsonBytes, abp: number, abb: number, bap: number, bab: number, start: number, last: number, rtt: number): void {
  w.bytes(K.ABP); w.number(abp)
  w.bytes(K.ABB); w.number(abb)
  w.bytes(K.BAP); w.number(bap)
  w.bytes(K.BAB); w.number(bab)
  w.bytes(K.START); w.number(start)
  w.bytes(K.LAST); w.number(last)
  if (rtt) { w.bytes(K.RTT); w.number(rtt) }
  w.byte(0x7d)
}
