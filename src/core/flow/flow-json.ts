/**
 * A flow's record → the text of JSON.stringify(toWireFlow(…)), written directly: same fields,
 * order and number formatting, without building the object first (printing 10,000 flows
 * spent more time in objects and JSON.stringify than in anything but the packets).
 * flow-json.test.ts checks the equality on every reference trace.
 */
import type { FlowContext } from './flow-create.js'
import { flowUuid } from './flow-create.js'
import type { FlowExtras } from './flow-extras.js'
import { F, N, TCP_FIELDS } from './flow-record.js'
import { formatIP } from './format.js'
import { community, hexOfHalves, ipBytes, mac } from './to-wire.js'
import { FLOW_PROTOCOLS, ICMP_TYPES } from '../../wire/index.js'

const TCP_KEYS = TCP_FIELDS.map((k) => `"${k}":`)

/** JSON text of a number, as JSON.stringify writes it. */
const num = (v: number): string => (Number.isFinite(v) ? `${v}` : 'null')
const str = JSON.stringify as (s: string) => string

/** The JSON text of the flow whose numbers start at `m[n]`. */
export function flowJson(ctx: FlowContext, m: Float64Array, n: number, x: FlowExtras | undefined): string {
  const flags = m[n + N.FLAGS]!
  let j = `{"UUID":"${flowUuid(ctx, m, n).toString(16)}"`
  const path = ctx.strings.str(m[n + N.PATH]!)
  if (path) j += `,"LayersPath":${str(path)}`
  const app = ctx.strings.str(m[n + N.APP]!)
  if (app) j += `,"Application":${str(app)}`
  if (flags & F.LINK) {
    j += `,"Link":{"Protocol":"ETHERNET","A":"${mac(m[n + N.LINK_A_HI]!, m[n + N.LINK_A_LO]!)}","B":"${mac(m[n + N.LINK_B_HI]!, m[n + N.LINK_B_LO]!)}","ID":${num(m[n + N.LINK_ID]!)}}`
  }
  let a: Uint8Array | undefined, b: Uint8Array | undefined
  if (flags & F.NET) {
    const v6 = (flags & F.V6) !== 0
    a = ipBytes(m, n + N.NET_A0, v6)
    b = ipBytes(m, n + N.NET_B0, v6)
    j += `,"Network":{"Protocol":"${v6 ? 'IPV6' : 'IPV4'}","A":"${formatIP(a, 0, v6)}","B":"${formatIP(b, 0, v6)}","ID":${num(m[n + N.NET_ID]!)}}`
  }
  const trans = (flags & F.TRANS_MASK) >> F.TRANS_SHIFT
  if (trans) j += `,"Transport":{"Protocol":"${FLOW_PROTOCOLS[trans]}","A":${num(m[n + N.TRANS_A]!)},"B":${num(m[n + N.TRANS_B]!)},"ID":0}`
  if (flags & F.ICMP) {
    const v = m[n + N.ICMP]!
    const code = Math.floor(v / 65536) % 256, id = v % 65536
    j += `,"ICMP":{"Type":${str(ICMP_TYPES[Math.floor(v / 16777216)]!)}`
    if (code) j += `,"Code":${code}`
    if (id) j += `,"ID":${id}`
    j += '}'
  }
  if (x?.dhcpv4) j += `,"DHCPv4":${JSON.stringify(x.dhcpv4)}`
  if (x?.dns) j += `,"DNS":${JSON.stringify(x.dns)}`
  if (x?.vrrp) j += `,"VRRPv2":${JSON.stringify(x.vrrp)}`
  if (flags & F.LAST_UPDATE) {
    j += `,"LastUpdateMetric":${metric(m[n + N.LU_AB_PACKETS]!, m[n + N.LU_AB_BYTES]!, m[n + N.LU_BA_PACKETS]!, m[n + N.LU_BA_BYTES]!,
      m[n + N.LU_START]!, m[n + N.LU_LAST]!, m[n + N.LU_RTT]!)}`
  }
  const start = m[n + N.START]!, last = m[n + N.LAST]!
  j += `,"Metric":${metric(m[n + N.AB_PACKETS]!, m[n + N.AB_BYTES]!, m[n + N.BA_PACKETS]!, m[n + N.BA_BYTES]!, start, last, m[n + N.RTT]!)}`
  if (flags & F.TCP_METRIC) {
    j += ',"TCPMetric":{'
    const t = n + N.TCP
    let first = true
    for (let i = 0; i < TCP_KEYS.length; i++) {
      const v = m[t + i]!
      // ABSynTTL and BASynTTL (indexes 2 and 3) are omitted when 0, as in toWireFlow
      if (v === 0 && (i === 2 || i === 3)) continue
      j += `${first ? '' : ','}${TCP_KEYS[i]}${num(v)}`
      first = false
    }
    j += '}'
  }
  if (flags & F.IP_METRIC) j += `,"IPMetric":{"Fragments":${num(m[n + N.IPM_FRAGMENTS]!)},"FragmentErrors":${num(m[n + N.IPM_ERRORS]!)}}`
  j += `,"Start":${num(start)},"Last":${num(last)}`
  j += `,"TrackingID":"${hexOfHalves(m[n + N.L2_HI]!, m[n + N.L2_LO]!)}","L3TrackingID":"${hexOfHalves(m[n + N.L3_HI]!, m[n + N.L3_LO]!)}"`
  j += `,"ParentUUID":"${flags & F.PARENT ? hexOfHalves(m[n + N.PARENT_HI]!, m[n + N.PARENT_LO]!) : ''}"`
  if (ctx.o.nodeTID) j += `,"NodeTID":${str(ctx.o.nodeTID)}`
  if (ctx.o.captureID) j += `,"CaptureID":${str(ctx.o.captureID)}`
  j += `,"RawPacketsCaptured":${num(x?.rawPacketsCaptured ?? 0)}`
  const finish = m[n + N.FINISH_TYPE]!
  if (finish) j += `,"FinishType":${num(finish)}`
  if (a && b) j += `,"CommunityID":${str(community(ctx, m, n, flags, a, b))}`
  return `${j}}`
}

function metric(abp: number, abb: number, bap: number, bab: number, start: number, last: number, rtt: number): string {
  return `{"ABPackets":${num(abp)},"ABBytes":${num(abb)},"BAPackets":${num(bap)},"BABytes":${num(bab)},"Start":${num(start)},"Last":${num(last)}${rtt ? `,"RTT":${num(rtt)}` : ''}}`
}
