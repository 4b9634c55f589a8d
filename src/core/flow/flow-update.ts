/**
 * Per-packet flow update (spec/flows.md §3.3–§3.5): counters by direction, RTT, TCP flag
 * times, TCP reassembly counters and the DNS extra layer, all in the flow's record
 * (`m[n + N.X]`, flow-record.ts). The extras object is touched only for out-of-order TCP
 * segments, DNS and raw packets.
 */
import { u32 } from './bytes.js'
import type { DecodedFrame } from './decoded-frame.js'
import { dnsJson } from './dns.js'
import { FlowExtras } from './flow-extras.js'
import { F, N, T } from './flow-record.js'
import type { FlowLookupKey } from './flow-lookup-key.js'
import type { ResolvedFlowTableOptions } from './flow-options.js'
import type { SubPacketView } from './sub-packet.js'
import { type PageStores, S, appendInOrder, assembleSegment, closeStream } from './tcp-reassembly.js'

/** Where accountPacket finds (and creates) a flow's extras object. */
export interface ExtrasStore extends PageStores { extras: Array<FlowExtras | undefined> }

/**
 * Counts one sub-packet in the flow whose numbers start at `m[n]` (slot `slot`).
 * `firstTransport` is the frame's first transport layer (the one TCP reassembly follows).
 */
export function accountPacket(
  o: ResolvedFlowTableOptions, x: ExtrasStore, slot: number, m: Float64Array, n: number, f: DecodedFrame, p: SubPacketView,
  k: FlowLookupKey, firstTransport: number,
): void {
  m[n + N.LAST] = f.ms
  const flags = m[n + N.FLAGS]!
  if (o.l3) {
    // Quirk (flows spec §6.4): in L3 mode a packet without IP is never counted
    if (p.net >= 0) ipRule(m, n, f.buf, f.offsets[p.net]!, p.netV6, transOf(f, p), p.length)
  } else if (p.link >= 0 && (flags & F.LINK) !== 0) {
    if (k.macsEqual) {
      if (p.net >= 0) ipRule(m, n, f.buf, f.offsets[p.net]!, p.netV6, transOf(f, p), p.length)
    } else if (k.srcMacHi === m[n + N.LINK_A_HI] && k.srcMacLo === m[n + N.LINK_A_LO]) {
      m[n + N.AB_PACKETS]!++
      m[n + N.AB_BYTES]! += p.length
    } else {
      m[n + N.BA_PACKETS]!++
      m[n + N.BA_BYTES]! += p.length
    }
  } else if (p.net >= 0) {
    // without Ethernet the IP header's own length counts (Quirk (flows spec §6.5): IPv6 Payload Length)
    ipRule(m, n, f.buf, f.offsets[p.net]!, p.netV6, transOf(f, p), f.values[p.net]!)
  }
  if (p.icmp4 >= 0 || p.icmp6Echo >= 0) {
    icmpRtt(m, n, f, p)
  } else if (p.tcp >= 0) {
    countTcp(o, x, slot, m, n, f.buf, f.offsets[p.net]!, p.netV6, f.offsets[p.tcp]!, f.lens[p.tcp]!, f.ends[p.tcp]!,
      f.tsSec, f.tsNsec, firstTransport === p.tcp)
  }
  if (o.extraMask & 2 && p.dns >= 0) {
    const d = dnsJson(f.buf, f.offsets[p.dns]!, f.ends[p.dns]!, f.tsSec, f.tsNsec)
    if (d) (x.extras[slot] ??= new FlowExtras()).dns = d
  }
  if (o.rawPacketLimit > 0) {
    const e = (x.extras[slot] ??= new FlowExtras())
    if (o.rawPacketLimit > e.rawPacketsCaptured) {
      e.rawPacketsCaptured++
      e.rawPackets.push({
        Timestamp: f.ms, Index: e.rawPacketsCaptured, Data: f.buf.slice(f.offsets[p.start] ?? 0, f.ends[0]),
        LinkType: flags & F.LINK ? 1 : flags & F.NET ? (flags & F.V6 ? 229 : 228) : 0,
      })
    }
  }
}

/** True when the packet's source IP (header at `b[no]`, IPv6 when `v6`) is the flow's Network.A. */
function fromA(m: Float64Array, n: number, b: Uint8Array, no: number, v6: boolean): boolean {
  const flags = m[n + N.FLAGS]!
  if ((flags & F.NET) === 0 || ((flags & F.V6) !== 0) !== v6) return false
  const s = no + (v6 ? 8 : 12)
  if (u32(b, s) !== m[n + N.NET_A0]) return false
  return !v6 || (u32(b, s + 4) === m[n + N.NET_A1] && u32(b, s + 8) === m[n + N.NET_A2] && u32(b, s + 12) === m[n + N.NET_A3])
}

/**
 * Counts `bytes` in the direction the IP header at `b[no]` gives; `to` is the offset of the
 * Transport field's header, -1 without one.
 */
export function ipRule(m: Float64Array, n: number, b: Uint8Array, no: number, v6: boolean, to: number, bytes: number): void {
  let ab = false
  const flags = m[n + N.FLAGS]!
  if ((flags & F.NET) !== 0) {
    const s = no + (v6 ? 8 : 12), alen = v6 ? 16 : 4
    let same = true
    for (let i = 0; i < alen; i++) if (b[s + i] !== b[s + alen + i]) { same = false; break }
    if (same && (flags & F.TRANS_MASK) !== 0) {
      // Quirk (flows spec §6.2): same-IP flows count A→B by "Transport.A > packet source port"
      const sport = to >= 0 ? (b[to]! << 8) | b[to + 1]! : 0
      ab = m[n + N.TRANS_A]! > sport
    } else {
      ab = fromA(m, n, b, no, v6)
    }
  }
  if (ab) {
    m[n + N.AB_PACKETS]!++
    m[n + N.AB_BYTES]! += bytes
  } else {
    m[n + N.BA_PACKETS]!++
    m[n + N.BA_BYTES]! += bytes
  }
}

/** RTT (§3.4) of ICMP: an echo request starts the measure, a reply ends it. */
function icmpRtt(m: Float64Array, n: number, f: DecodedFrame, p: SubPacketView): void {
  const b = f.buf
  if (p.icmp4 >= 0) {
    const t = b[f.offsets[p.icmp4]!]
    rtt(m, n, f.tsSec, f.tsNsec, t === 8, t === 0)
  } else {
    const t = b[f.offsets[p.icmp6]!]
    rtt(m, n, f.tsSec, f.tsNsec, t === 128, t === 129)
  }
}

/**
 * Counts a TCP segment (header at `b[to]`, `hl` bytes, segment bytes up to `end`; its IP
 * header at `b[no]`): RTT, SYN/FIN/RST times and, when `follow` (the frame's first transport),
 * TCP reassembly. Shared by accountPacket and the fast path (fast-path.ts).
 */
export function countTcp(
  o: ResolvedFlowTableOptions, x: PageStores, slot: number, m: Float64Array, n: number, b: Uint8Array, no: number, v6: boolean,
  to: number, hl: number, end: number, sec: number, nsec: number, follow: boolean,
): void {
  const tf = b[to + 13]!
  // RTT (§3.4): SYN (SYN+ACK included) starts the measure, SYN+ACK or RST ends it
  if ((tf & 0x06) !== 0) rtt(m, n, sec, nsec, (tf & 0x02) !== 0, (tf & 0x12) === 0x12 || (tf & 0x04) !== 0)
  const flags = m[n + N.FLAGS]!
  if ((flags & F.TRANS_MASK) !== 2 << F.TRANS_SHIFT) return
  if ((tf & 0x07) !== 0 && (flags & F.TCP_METRIC) !== 0) tcpFlags(m, n, b, no, v6, captureMs(sec, nsec), tf)
  if (o.reassembleTCP && follow) reassemble(x, slot, m, n, b, no, v6, to, hl, end, tf, sec, nsec)
}

/** Capture time in Unix milliseconds (Go's UnixNano()/1e6), as DecodedFrame.ms. */
export function captureMs(sec: number, nsec: number): number {
  return sec * 1000 + Math.floor(nsec / 1e6)
}

/** Starts a pending RTT measure if none is pending, or ends the pending one. */
function rtt(m: Float64Array, n: number, sec: number, nsec: number, start: boolean, stop: boolean): void {
  const pending = m[n + N.RTT_SEC]! > 0
  if (start && !pending) {
    m[n + N.RTT_SEC] = sec + 1 // +1: 0 means unset
    m[n + N.RTT_NSEC] = nsec
  } else if (stop && pending) {
    m[n + N.RTT] = (sec - (m[n + N.RTT_SEC]! - 1)) * 1e9 + (nsec - m[n + N.RTT_NSEC]!)
    m[n + N.RTT_SEC] = 0
  }
}

/** SYN/FIN/RST times (§3.5), SYN first, then FIN, then RST. */
function tcpFlags(m: Float64Array, n: number, b: Uint8Array, no: number, v6: boolean, ms: number, fl: number): void {
  const a = fromA(m, n, b, no, v6), t = n + N.TCP
  if (fl & 0x02) {
    const ttl = v6 ? b[no + 7]! : b[no + 8]!
    if (a && m[t + T.AB_SYN] === 0) {
      m[t + T.AB_SYN] = ms
      m[t + T.AB_SYN_TTL] = ttl
    } else if (m[t + T.BA_SYN] === 0) {
      // Quirk (flows spec §6.7): a retransmitted SYN from A fills the BA fields
      m[t + T.BA_SYN] = ms
      m[t + T.BA_SYN_TTL] = ttl
    }
  } else if (fl & 0x01) {
    m[t + (a ? T.AB_FIN : T.BA_FIN)] = ms
  } else {
    m[t + (a ? T.AB_RST : T.BA_RST)] = ms
  }
}

/**
 * Feeds the TCP segment at `b[to]` (header `hl` bytes, segment bytes up to `end`, flags `fl`)
 * to the stream of its direction; a completed stream writes its counters.
 */
export function reassemble(
  x: PageStores, slot: number, m: Float64Array, n: number, b: Uint8Array, no: number, v6: boolean,
  to: number, hl: number, end: number, fl: number, sec: number, nsec: number,
): void {
  const syn = (fl & 0x02) !== 0, fin = (fl & 0x01) !== 0, rst = (fl & 0x04) !== 0
  const len = Math.max(0, end - to - hl)
  if (!syn && !fin && !rst && len === 0) return // gopacket ignores empty segments
  const ab = fromA(m, n, b, no, v6) && ((b[to]! << 8) | b[to + 1]!) === m[n + N.TRANS_A]
  const s = n + (ab ? N.STREAM_AB : N.STREAM_BA), seq = u32(b, to + 4)
  if ((fl & 0x07) === 0 && appendInOrder(m, s, seq, len, sec, nsec)) return
  if (assembleSegment(m, s, x, slot, ab, seq, len, syn, fin, rst, sec, nsec)) {
    completeStream(m, n, x, slot, ab)
  }
}

/**
 * Skydive's ReassemblyComplete: the stream's counters become the direction's TCPMetric
 * fields (creating the TCPMetric when ExtraTCPMetric did not).
 */
export function completeStream(m: Float64Array, n: number, stores: PageStores, slot: number, ab: boolean): void {
  const s = n + (ab ? N.STREAM_AB : N.STREAM_BA), t = n + N.TCP + (ab ? T.AB_SEGMENTS : T.BA_SEGMENTS)
  const flags = m[s + S.FLAGS]!
  m[t] = m[s + S.OUT_OF_ORDER]!
  m[t + 1] = m[s + S.SKIPPED]!
  m[t + 2] = m[s + S.SKIPPED_BYTES]!
  m[t + 3] = m[s + S.PACKETS]!
  m[t + 4] = m[s + S.BYTES]!
  m[t + 5] = flags & 2 ? 1 : 0
  m[t + 6] = flags & 4 ? 1 : 0
  m[n + N.FLAGS] = m[n + N.FLAGS]! | F.TCP_METRIC
  closeStream(m, s, stores, slot, ab)
}

/** Offset of the sub-packet's Transport field header, -1 without one. */
function transOf(f: DecodedFrame, p: SubPacketView): number {
  return p.fieldTrans >= 0 ? f.offsets[p.fieldTrans]! : -1
}
