/**
 * Per-packet flow update (spec/flows.md §3.3–§3.5): counters by direction, RTT, TCP flag
 * times, TCP reassembly counters and the DNS extra layer. Numbers only on the hot path.
 */
import type { DecodedFrame } from './decoded-frame.js'
import { dnsJson } from './dns.js'
import { emptyTcpMetric, type FlowEntry } from './flow-entry.js'
import type { ResolvedFlowTableOptions } from './flow-options.js'
import type { SubPacketView } from './sub-packet.js'
import { TcpStream } from './tcp-reassembly.js'

/** Counts one sub-packet in its flow. `firstTransport` is the frame's first transport layer. */
export function accountPacket(o: ResolvedFlowTableOptions, e: FlowEntry, f: DecodedFrame, p: SubPacketView, firstTransport: number): void {
  const b = f.buf
  e.last = f.timeMs
  if (o.l3) {
    // Quirk (flows spec §6.4): in L3 mode a packet without IP is never counted
    if (p.net >= 0) ipRule(e, f, p, p.length)
  } else if (p.link >= 0 && e.hasLink) {
    const lo = f.offsets[p.link]!
    const srcHi = ((b[lo + 6]! << 24) | (b[lo + 7]! << 16) | (b[lo + 8]! << 8) | b[lo + 9]!) >>> 0
    const srcLo = (b[lo + 10]! << 8) | b[lo + 11]!
    const dstHi = ((b[lo]! << 24) | (b[lo + 1]! << 16) | (b[lo + 2]! << 8) | b[lo + 3]!) >>> 0
    const dstLo = (b[lo + 4]! << 8) | b[lo + 5]!
    if (srcHi === dstHi && srcLo === dstLo) {
      if (p.net >= 0) ipRule(e, f, p, p.length)
    } else if (srcHi === e.linkAHi && srcLo === e.linkALo) {
      e.abPackets++
      e.abBytes += p.length
    } else {
      e.baPackets++
      e.baBytes += p.length
    }
  } else if (p.net >= 0) {
    // without Ethernet the IP header's own length counts (Quirk (flows spec §6.5): IPv6 Payload Length)
    ipRule(e, f, p, f.values[p.net]!)
  }
  updateRtt(e, f, p)
  if (p.tcp >= 0 && e.transProto === 2) {
    if (e.tcp) tcpFlags(e, f, p)
    if (o.reassembleTCP && firstTransport === p.tcp) reassemble(e, f, p)
  }
  if (o.extraMask & 2 && p.dns >= 0) {
    const d = dnsJson(b, f.offsets[p.dns]!, f.ends[p.dns]!, f.tsSec, f.tsNsec)
    if (d) e.dns = d
  }
  if (o.rawPacketLimit > e.rawPacketsCaptured) {
    e.rawPacketsCaptured++
    const first = f.offsets[p.start] ?? 0
    e.rawPackets.push({
      Timestamp: f.timeMs, Index: e.rawPacketsCaptured, Data: b.slice(first, f.ends[0]),
      LinkType: e.hasLink ? 1 : e.netProto === 1 ? 228 : e.netProto === 5 ? 229 : 0,
    })
  }
}

/** True when the packet's source IP is the flow's Network.A. */
function fromA(e: FlowEntry, f: DecodedFrame, p: SubPacketView): boolean {
  const b = f.buf, v6 = p.netV6
  if ((e.netProto === 5) !== v6 || e.netProto === 0) return false
  const s = f.offsets[p.net]! + (v6 ? 8 : 12)
  if (w(b, s) !== e.netA0) return false
  return !v6 || (w(b, s + 4) === e.netA1 && w(b, s + 8) === e.netA2 && w(b, s + 12) === e.netA3)
}

function ipRule(e: FlowEntry, f: DecodedFrame, p: SubPacketView, bytes: number): void {
  let ab = false
  if (e.netProto !== 0) {
    const b = f.buf, v6 = p.netV6, s = f.offsets[p.net]! + (v6 ? 8 : 12), alen = v6 ? 16 : 4
    let same = true
    for (let i = 0; i < alen; i++) if (b[s + i] !== b[s + alen + i]) { same = false; break }
    if (same && e.transProto !== 0) {
      // Quirk (flows spec §6.2): same-IP flows count A→B by "Transport.A > packet source port"
      const t = p.fieldTrans
      const sport = t >= 0 ? (b[f.offsets[t]!]! << 8) | b[f.offsets[t]! + 1]! : 0
      ab = e.transA > sport
    } else {
      ab = fromA(e, f, p)
    }
  }
  if (ab) {
    e.abPackets++
    e.abBytes += bytes
  } else {
    e.baPackets++
    e.baBytes += bytes
  }
}

/** RTT (§3.4): echo request → reply, or SYN → SYN+ACK/RST; the earliest pending start is kept. */
function updateRtt(e: FlowEntry, f: DecodedFrame, p: SubPacketView): void {
  const b = f.buf
  let start = false, stop = false
  if (p.icmp4 >= 0) {
    const t = b[f.offsets[p.icmp4]!]
    start = t === 8
    stop = t === 0
  } else if (p.icmp6Echo >= 0) {
    const t = b[f.offsets[p.icmp6]!]
    start = t === 128
    stop = t === 129
  } else if (p.tcp >= 0) {
    const fl = b[f.offsets[p.tcp]! + 13]!
    start = (fl & 0x02) !== 0
    stop = ((fl & 0x12) === 0x12) || (fl & 0x04) !== 0
  } else {
    return
  }
  if (start && e.rttSec < 0) {
    e.rttSec = f.tsSec
    e.rttNsec = f.tsNsec
  } else if (stop && e.rttSec >= 0) {
    e.rtt = (f.tsSec - e.rttSec) * 1e9 + (f.tsNsec - e.rttNsec)
    e.rttSec = -1
  }
}

/** SYN/FIN/RST times (§3.5), SYN first, then FIN, then RST. */
function tcpFlags(e: FlowEntry, f: DecodedFrame, p: SubPacketView): void {
  const b = f.buf, fl = b[f.offsets[p.tcp]! + 13]!
  if ((fl & 0x07) === 0) return
  const t = e.tcp!, ms = f.timeMs, a = fromA(e, f, p)
  if (fl & 0x02) {
    const no = f.offsets[p.net]!
    const ttl = p.netV6 ? b[no + 7]! : b[no + 8]!
    if (a && t.ABSynStart === 0) {
      t.ABSynStart = ms
      t.ABSynTTL = ttl
    } else if (t.BASynStart === 0) {
      // Quirk (flows spec §6.7): a retransmitted SYN from A fills the BA fields
      t.BASynStart = ms
      t.BASynTTL = ttl
    }
  } else if (fl & 0x01) {
    if (a) t.ABFinStart = ms; else t.BAFinStart = ms
  } else if (a) {
    t.ABRstStart = ms
  } else {
    t.BARstStart = ms
  }
}

/** Feeds the segment to the stream of its direction; a completed stream writes its counters. */
function reassemble(e: FlowEntry, f: DecodedFrame, p: SubPacketView): void {
  const b = f.buf, to = f.offsets[p.tcp]!
  const fl = b[to + 13]!
  const syn = (fl & 0x02) !== 0, fin = (fl & 0x01) !== 0, rst = (fl & 0x04) !== 0
  const len = Math.max(0, f.ends[p.tcp]! - to - f.lens[p.tcp]!)
  if (!syn && !fin && !rst && len === 0) return // gopacket ignores empty segments
  const ab = fromA(e, f, p) && ((b[to]! << 8) | b[to + 1]!) === e.transA
  let s = ab ? e.streamAB : e.streamBA
  if (!s) {
    if (!syn && len === 0) return // a bare FIN/RST does not open a stream
    s = new TcpStream()
    if (ab) e.streamAB = s; else e.streamBA = s
  }
  const seq = w(b, to + 4)
  if (s.assemble(seq, len, syn, fin, rst, f.tsSec, f.tsNsec)) completeStream(e, s, ab)
}

/** Skydive's ReassemblyComplete: the stream's counters become the direction's TCPMetric fields. */
export function completeStream(e: FlowEntry, s: TcpStream, ab: boolean): void {
  const t = (e.tcp ??= emptyTcpMetric())
  if (ab) {
    t.ABSegmentOutOfOrder = s.outOfOrder; t.ABSegmentSkipped = s.skipped; t.ABSegmentSkippedBytes = s.skippedBytes
    t.ABBytes = s.bytes; t.ABPackets = s.packets; t.ABSawStart = s.sawStart ? 1 : 0; t.ABSawEnd = s.sawEnd ? 1 : 0
    e.streamAB = null
  } else {
    t.BASegmentOutOfOrder = s.outOfOrder; t.BASegmentSkipped = s.skipped; t.BASegmentSkippedBytes = s.skippedBytes
    t.BABytes = s.bytes; t.BAPackets = s.packets; t.BASawStart = s.sawStart ? 1 : 0; t.BASawEnd = s.sawEnd ? 1 : 0
    e.streamBA = null
  }
}

function w(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0
}

