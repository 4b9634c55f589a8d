/**
 * TCP reassembly bookkeeping for TCPMetric (spec/flows.md §3.5): the sequence-number logic of
 * gopacket's tcpassembly (v1.1.17) and Skydive's flow/tcpassembler.go, keeping only segment
 * positions, lengths and times — no payload bytes are copied. A stream's state is 11 numbers
 * in its flow's Float64 record (so in-order segments touch no object); segments waiting for a
 * gap live in a page list on the flow.
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

/** Offsets of a stream's numbers from its base index. */
export const S = {
  /** 1 while the assembler follows the stream */
  OPEN: 0,
  /** next expected sequence number, -1 before the SYN */
  NEXT: 1,
  PAGES: 2,
  /** 1 started, 2 saw start (SYN), 4 saw end (FIN/RST) */
  FLAGS: 3,
  /** capture time of the latest chunk delivered in order */
  END_SEC: 4, END_NSEC: 5,
  // the fields above and these two are what an in-order segment touches
  BYTES: 6, PACKETS: 7, OUT_OF_ORDER: 8, SKIPPED: 9, SKIPPED_BYTES: 10,
} as const
/** Numbers per stream. */
export const STREAM_WORDS = 11

/** A buffered out-of-order segment (or a 1900-byte part of one). */
export interface Page { seq: number; len: number; sec: number; nsec: number; end: boolean }

/** Where a flow keeps the pages of its two streams. */
export interface PageStore { pagesAB: Page[] | null; pagesBA: Page[] | null }

/** Gives a flow's page store when a segment must wait (in-order streams never ask). */
export interface PageStores { pageStore(slot: number): PageStore }

/** gopacket Sequence.Difference: t − s with wrap-around near the ends of the space. */
function difference(s: number, t: number): number {
  if (s > U32MAX - QUARTER && t < QUARTER) t += U32MAX
  else if (t > U32MAX - QUARTER && s < QUARTER) s += U32MAX
  return t - s
}

function add(s: number, n: number): number {
  return (s + n) >>> 0
}

/** Whether the last chunk delivered in the current batch ended the stream (gopacket a.ret[last].End). */
let lastEnd = false

/**
 * Feeds one segment to the stream at `m[s]` (AssembleWithTimestamp). Returns true when the
 * stream completed: the caller reads its counters, then calls closeStream().
 */
export function assembleSegment(
  m: Float64Array, s: number, stores: PageStores, slot: number, ab: boolean,
  seq: number, len: number, syn: boolean, fin: boolean, rst: boolean, sec: number, nsec: number,
): boolean {
  if (m[s + S.OPEN] === 0) {
    if (!syn && len === 0) return false // a bare FIN/RST does not open a stream
    m.fill(0, s, s + STREAM_WORDS)
    m[s + S.OPEN] = 1
    m[s + S.NEXT] = -1
  }
  lastEnd = false
  const next = m[s + S.NEXT]!
  let delivered: boolean
  if (next < 0) {
    if (syn) {
      deliver(m, s, len, 0, true, false, sec, nsec)
      m[s + S.NEXT] = add(seq, len + 1)
      delivered = true
    } else {
      delivered = insert(m, s, pagesOf(stores.pageStore(slot), ab), seq, len, fin || rst, sec, nsec)
    }
  } else if (difference(next, seq) > 0) {
    delivered = insert(m, s, pagesOf(stores.pageStore(slot), ab), seq, len, fin || rst, sec, nsec)
  } else {
    deliver(m, s, span(m, s, seq, len), 0, false, fin || rst, sec, nsec)
    delivered = true
  }
  return delivered && send(m, s, stores, slot, ab)
}

/**
 * The common case of assembleSegment, done with fewer steps: a data segment (no SYN, FIN or
 * RST, `len` > 0) that starts exactly where the stream's delivered data ends, while nothing
 * waits in pages. Returns false, having changed nothing, for any other segment.
 */
export function appendInOrder(m: Float64Array, s: number, seq: number, len: number, sec: number, nsec: number): boolean {
  if (m[s + S.OPEN] === 0 || m[s + S.NEXT] !== seq || m[s + S.PAGES] !== 0) return false
  m[s + S.NEXT] = add(seq, len)
  deliver(m, s, len, 0, false, false, sec, nsec)
  return true
}

/** Gives up on missing data and delivers what is buffered (gopacket skipFlush); true once closed. */
export function skipFlush(m: Float64Array, s: number, stores: PageStores, slot: number, ab: boolean): boolean {
  if (m[s + S.PAGES] === 0) return true
  const store = stores.pageStore(slot)
  const pages = (ab ? store.pagesAB : store.pagesBA)!
  lastEnd = false
  popFirst(m, s, pages)
  return send(m, s, stores, slot, ab)
}

/** Forgets a completed stream (and its buffered pages, if any). */
export function closeStream(m: Float64Array, s: number, stores: PageStores, slot: number, ab: boolean): void {
  m[s + S.OPEN] = 0
  if (m[s + S.PAGES]! > 0) {
    const store = stores.pageStore(slot)
    if (ab) store.pagesAB = null; else store.pagesBA = null
    m[s + S.PAGES] = 0
  }
}

function pagesOf(store: PageStore, ab: boolean): Page[] {
  if (ab) return (store.pagesAB ??= [])
  return (store.pagesBA ??= [])
}

/** byteSpan: bytes of a segment beyond what was already delivered; advances the next sequence. */
function span(m: Float64Array, s: number, received: number, len: number): number {
  const next = m[s + S.NEXT]!
  if (next < 0) {
    m[s + S.NEXT] = add(received, len)
    return len
  }
  const gap = difference(received, next)
  if (gap <= 0) {
    m[s + S.NEXT] = add(received, len)
    return len
  }
  if (len < gap) return 0
  m[s + S.NEXT] = add(next, len - gap)
  return len - gap
}

function insert(m: Float64Array, s: number, pages: Page[], seq: number, len: number, end: boolean, sec: number, nsec: number): boolean {
  const group: Page[] = []
  let q = seq, left = len
  for (;;) {
    const l = Math.min(left, PAGE_BYTES)
    group.push({ seq: q, len: l, sec, nsec, end: false })
    left -= l
    if (left === 0) break
    q = add(q, l)
  }
  group[group.length - 1]!.end = end
  let i = pages.length
  while (i > 0 && difference(pages[i - 1]!.seq, seq) < 0) i--
  pages.splice(i, 0, ...group)
  m[s + S.PAGES] = pages.length
  if (pages.length >= MAX_PAGES) {
    popFirst(m, s, pages)
    return true
  }
  return false
}

function popFirst(m: Float64Array, s: number, pages: Page[]): void {
  const p = pages.shift()!
  m[s + S.PAGES] = pages.length
  const next = m[s + S.NEXT]!
  let skip = 0
  if (next < 0) skip = -1
  else {
    const diff = difference(next, p.seq)
    if (diff > 0) skip = diff
  }
  deliver(m, s, span(m, s, p.seq, p.len), skip, false, p.end, p.sec, p.nsec)
}

/** sendToConnection: adds contiguous buffered pages; closes when the last chunk ends the stream. */
function send(m: Float64Array, s: number, stores: PageStores, slot: number, ab: boolean): boolean {
  if (m[s + S.PAGES]! > 0) {
    const store = stores.pageStore(slot)
    const pages = (ab ? store.pagesAB : store.pagesBA)!
    while (pages.length > 0 && m[s + S.NEXT]! >= 0 && difference(m[s + S.NEXT]!, pages[0]!.seq) <= 0) popFirst(m, s, pages)
  }
  return lastEnd
}

/** Skydive's Reassembled(): counts a chunk, out of order when seen before the latest one. */
function deliver(m: Float64Array, s: number, bytes: number, skip: number, start: boolean, end: boolean, sec: number, nsec: number): void {
  let flags = m[s + S.FLAGS]!
  if ((flags & 1) === 0) {
    flags |= 1
    m[s + S.END_SEC] = sec
    m[s + S.END_NSEC] = nsec
  }
  const es = m[s + S.END_SEC]!
  if (sec < es || (sec === es && nsec < m[s + S.END_NSEC]!)) {
    m[s + S.OUT_OF_ORDER]!++
  } else {
    m[s + S.END_SEC] = sec
    m[s + S.END_NSEC] = nsec
  }
  m[s + S.BYTES]! += bytes
  m[s + S.PACKETS]!++
  if (skip !== 0) {
    m[s + S.SKIPPED]!++
    m[s + S.SKIPPED_BYTES]! += skip
  }
  if (start) flags |= 2
  if (end) flags |= 4
  m[s + S.FLAGS] = flags
  lastEnd = end
}
