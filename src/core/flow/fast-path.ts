/**
 * The fast path of the flow table: most packets of a trace are Ethernet/IPv4/TCP or UDP
 * segments of a flow the table already holds, and for them the general decoder, sub-packet
 * cut and key builder do far more than the few bytes the result depends on. A frame of
 * exactly that shape (IPv4 without options or fragmentation; TCP; UDP on a port with no
 * application decoder) gets its lookup key straight from the capture bytes, the same words
 * FlowLookupKey builds, and the counting of accountPacket through the same functions; a new
 * flow is created from the same bytes (flow-create.ts initFastFlow). Anything else takes the
 * general path; results do not depend on the path a packet took
 * (test/flow/fast-path-equivalence.test.ts).
 */
import { u32 } from './bytes.js'
import { F, N } from './flow-record.js'
import { type ExtrasStore, captureMs, countTcp, ipRule } from './flow-update.js'
import type { ResolvedFlowTableOptions } from './flow-options.js'

const ETH = 14, IP = 20
const TCP_CODE = 4 << 2, UDP_CODE = 5 << 2
/** key shape word: IPv4 (1), link addresses in the key (64) */
const SHAPE_V4 = 1, SHAPE_LINK = 64

/**
 * Writes the lookup key of the frame `b[o, end)` into `w` and returns its length in words,
 * or 0 when the frame is not of the fast shape. `udpDecoded[port]` is non-zero for UDP ports
 * whose payload the decoder decodes (PacketDecoder.udpPorts); `l2` is the layer key mode.
 */
export function fastFrameKey(b: Uint8Array, o: number, end: number, l2: boolean, udpDecoded: Uint8Array, w: Int32Array): number {
  if (end - o < ETH + IP + 8 || b[o + 12] !== 0x08 || b[o + 13] !== 0x00 || b[o + 14] !== 0x45) return 0
  // MF flag or a fragment offset: the defragmenter's business
  if ((b[o + 20]! & 0x3f) !== 0 || b[o + 21] !== 0) return 0
  const proto = b[o + 23]
  let ipLen = (b[o + 16]! << 8) | b[o + 17]!
  if (ipLen === 0) ipLen = end - o - ETH
  if (ipLen < IP) return 0
  const ipEnd = Math.min(end, o + ETH + ipLen), to = o + ETH + IP
  const sp = (b[to]! << 8) | b[to + 1]!, dp = (b[to + 2]! << 8) | b[to + 3]!
  let code: number
  if (proto === 6) {
    if (ipEnd - to < 20) return 0
    const hl = (b[to + 12]! >> 4) * 4
    if (hl < 20 || hl > ipEnd - to) return 0
    code = TCP_CODE
  } else if (proto === 17) {
    if (ipEnd - to < 8) return 0
    const ulen = (b[to + 4]! << 8) | b[to + 5]!
    if ((ulen > 0 && ulen < 8) || udpDecoded[dp] !== 0 || udpDecoded[sp] !== 0) return 0
    code = UDP_CODE
  } else {
    return 0
  }
  const src = u32(b, o + 26), dst = u32(b, o + 30)
  // §2.4 direction (FlowLookupKey.build): by MAC in L2 mode, then by IP, then by port
  let swap: boolean
  const dHi = u32(b, o), dLo = (b[o + 4]! << 8) | b[o + 5]!
  const sHi = u32(b, o + 6), sLo = (b[o + 10]! << 8) | b[o + 11]!
  const c = l2 ? (sHi !== dHi ? sHi - dHi : sLo - dLo) : 0
  if (c !== 0) swap = c > 0
  else if (src !== dst) swap = src > dst
  else swap = sp > dp
  w[0] = SHAPE_V4 | code | (l2 ? SHAPE_LINK : 0)
  w[1] = swap ? dst : src
  w[2] = swap ? src : dst
  w[3] = swap ? (dp << 16) | sp : (sp << 16) | dp
  let n = 4
  if (l2) {
    if (swap) { w[4] = dHi; w[5] = dLo; w[6] = sHi; w[7] = sLo } else { w[4] = sHi; w[5] = sLo; w[6] = dHi; w[7] = dLo }
    n = 8
  }
  w[n] = 0 // no parent
  w[n + 1] = 0
  return n + 2
}

/**
 * Counts a fast-shape frame (fastFrameKey accepted it) in the flow at `m[n]`, slot `slot`:
 * what accountPacket does for such a frame.
 */
export function accountFastFrame(
  opts: ResolvedFlowTableOptions, x: ExtrasStore, slot: number, m: Float64Array, n: number,
  b: Uint8Array, o: number, end: number, bytes: number, sec: number, nsec: number,
): void {
  // the time in ms (beyond 2^31) is computed here, not passed: a call boxes such numbers
  m[n + N.LAST] = captureMs(sec, nsec)
  const flags = m[n + N.FLAGS]!
  const no = o + ETH, to = no + IP
  let ipLen = (b[no + 2]! << 8) | b[no + 3]!
  if (ipLen === 0) ipLen = end - no
  if (opts.l3) {
    ipRule(m, n, b, no, false, to, bytes)
  } else if ((flags & F.LINK) !== 0) {
    const sHi = u32(b, o + 6), sLo = (b[o + 10]! << 8) | b[o + 11]!
    if (sHi === u32(b, o) && sLo === ((b[o + 4]! << 8) | b[o + 5]!)) {
      ipRule(m, n, b, no, false, to, bytes)
    } else if (sHi === m[n + N.LINK_A_HI] && sLo === m[n + N.LINK_A_LO]) {
      m[n + N.AB_PACKETS]!++
      m[n + N.AB_BYTES]! += bytes
    } else {
      m[n + N.BA_PACKETS]!++
      m[n + N.BA_BYTES]! += bytes
    }
  } else {
    ipRule(m, n, b, no, false, to, ipLen)
  }
  if (b[no + 9] === 6) {
    countTcp(opts, x, slot, m, n, b, no, false, to, (b[to + 12]! >> 4) * 4, Math.min(end, no + ipLen), sec, nsec, true)
  }
}
