/**
 * TCP reassembly bookkeeping for TCPMetric (spec/flows.md §3.5): the sequence-number logic of
 * gopacket's tcpassembly (v1.1.17) and Skydive's flow/tcpassembler.go, keeping only segment
 * positions, lengths and times — no payload bytes are copied.
 */

const U32MAX = 0xffffffff
const QUARTER = Math.floor(U32MAX / 4)
/** gopacket pageBytes: an out-of-order segment is buffered in pages of this size */
const PAGE_BYTES = 1900
/**
 * Buffered pages per direction before the oldest is given up. gopacket's option
 * MaxBufferedPagesPerConnection; upstream leaves it unlimited and relies on a 30 s wall-clock
 * flush, which a file read never reaches, so memory is bounded here instead.
 */
export const MAX_PAGES = 1024

interface Page { seq: number; len: number; sec: number; nsec: number; end: boolean }

/** gopacket Sequence.Difference: t − s with wrap-around near the ends of the space. */
function difference(s: number, t: number): number {
  if (s > U32MAX - QUARTER && t < QUARTER) t += U32MAX
  else if (t > U32MAX - QUARTER && s < QUARTER) s += U32MAX
  return t - s
}

function add(s: number, n: number): number {
  return (s + n) % 0x100000000
}

/** One direction of a TCP connection as the assembler follows it. */
export class TcpStream {
  nextSeq = -1
  pages: Page[] = []
  closed = false
  started = false
  endSec = 0
  endNsec = 0
  bytes = 0
  packets = 0
  outOfOrder = 0
  skipped = 0
  skippedBytes = 0
  sawStart = false
  sawEnd = false
  // the batch being delivered (gopacket's a.ret), folded into counters as it is built
  #lastEnd = false

  /** Feeds one segment; returns true when the stream completed (FIN/RST delivered). */
  assemble(seq: number, len: number, syn: boolean, fin: boolean, rst: boolean, sec: number, nsec: number): boolean {
    this.#lastEnd = false
    let delivered = false
    if (this.nextSeq < 0) {
      if (syn) {
        this.#deliver(len, 0, true, false, sec, nsec)
        this.nextSeq = add(seq, len + 1)
        delivered = true
      } else {
        delivered = this.#insert(seq, len, fin || rst, sec, nsec)
      }
    } else if (difference(this.nextSeq, seq) > 0) {
      delivered = this.#insert(seq, len, fin || rst, sec, nsec)
    } else {
      const bytes = this.#span(seq, len)
      this.#deliver(bytes, 0, false, fin || rst, sec, nsec)
      delivered = true
    }
    if (delivered) return this.#send()
    return false
  }

  /** Gives up on the missing data and delivers what is buffered; true once closed. */
  skipFlush(): boolean {
    if (this.pages.length === 0) {
      this.closed = true
      return true
    }
    this.#lastEnd = false
    this.#popFirst()
    return this.#send()
  }

  /** byteSpan: bytes of a segment beyond what was already delivered; advances nextSeq. */
  #span(received: number, len: number): number {
    if (this.nextSeq < 0) {
      this.nextSeq = add(received, len)
      return len
    }
    const span = difference(received, this.nextSeq)
    if (span <= 0) {
      this.nextSeq = add(received, len)
      return len
    }
    if (len < span) return 0
    this.nextSeq = add(this.nextSeq, len - span)
    return len - span
  }

  #insert(seq: number, len: number, end: boolean, sec: number, nsec: number): boolean {
    const group: Page[] = []
    let s = seq, left = len
    for (;;) {
      const l = Math.min(left, PAGE_BYTES)
      group.push({ seq: s, len: l, sec, nsec, end: false })
      left -= l
      if (left === 0) break
      s = add(s, l)
    }
    group[group.length - 1]!.end = end
    let i = this.pages.length
    while (i > 0 && difference(this.pages[i - 1]!.seq, seq) < 0) i--
    this.pages.splice(i, 0, ...group)
    if (this.pages.length >= MAX_PAGES) {
      this.#popFirst()
      return true
    }
    return false
  }

  #popFirst(): void {
    const p = this.pages.shift()!
    let skip = 0
    if (this.nextSeq < 0) skip = -1
    else {
      const diff = difference(this.nextSeq, p.seq)
      if (diff > 0) skip = diff
    }
    const bytes = this.#span(p.seq, p.len)
    this.#deliver(bytes, skip, false, p.end, p.sec, p.nsec)
  }

  /** sendToConnection: adds contiguous buffered pages; closes when the last one ends the stream. */
  #send(): boolean {
    while (this.pages.length > 0 && this.nextSeq >= 0 && difference(this.nextSeq, this.pages[0]!.seq) <= 0) this.#popFirst()
    if (this.#lastEnd) this.closed = true
    return this.closed
  }

  /** Skydive's Reassembled(): counts a chunk, out of order when seen before the latest one. */
  #deliver(bytes: number, skip: number, start: boolean, end: boolean, sec: number, nsec: number): void {
    if (!this.started) {
      this.started = true
      this.endSec = sec
      this.endNsec = nsec
    }
    if (sec < this.endSec || (sec === this.endSec && nsec < this.endNsec)) {
      this.outOfOrder++
    } else {
      this.endSec = sec
      this.endNsec = nsec
    }
    this.bytes += bytes
    this.packets++
    if (skip !== 0) {
      this.skipped++
      this.skippedBytes += skip
    }
    this.sawStart ||= start
    this.sawEnd ||= end
    this.#lastEnd = end
  }
}
