/**
 * IPv4 defragmentation (spec/flows.md §3.8): gopacket's ip4defrag rules with Skydive's
 * per-datagram IPMetric counters (flow/ipdefrag.go). Fragments are copied (they are rare);
 * unfragmented packets cost one flag test.
 */
import type { DecodedFrame } from './decoded-frame.js'
import { L } from './layer-types.js'
import type { WireIPMetric } from '../../wire/index.js'

const MAX_FRAGMENT_OFFSET = 8183
const MAX_SIZE = 65535
const MAX_FRAGMENTS = 8192
/** Datagrams waiting for fragments; the oldest is dropped beyond this (upstream flushes every 30 s). */
export const DEFRAG_MAX_PENDING = 4096

interface Fragment { offset: number; length: number; data: Uint8Array }
interface Pending { frags: Fragment[]; highest: number; current: number; finalReceived: boolean; metric: WireIPMetric }

/** Outcome of feeding a frame to the defragmenter. */
export type DefragResult =
  | { kind: 'whole'; metric: WireIPMetric | null }
  | { kind: 'held' | 'error' }
  | { kind: 'complete'; metric: WireIPMetric; payload: Uint8Array; ipIndex: number; fragLen: number }

const WHOLE_NO_IP: DefragResult = { kind: 'whole', metric: null }
// shared: flows copy the counters when they are created
const WHOLE: DefragResult = { kind: 'whole', metric: Object.freeze({ Fragments: 0, FragmentErrors: 0 }) }
const HELD: DefragResult = { kind: 'held' }
const ERROR: DefragResult = { kind: 'error' }

/** Reassembles IPv4 datagrams keyed by (source, destination, IP id) of the frame's first IPv4 header. */
export class IPv4Defragmenter {
  readonly #pending = new Map<string, Pending>()
  /** most datagrams held at once so far */
  highWater = 0

  /** Number of datagrams waiting for fragments. */
  get pending(): number {
    return this.#pending.size
  }

  /** Feeds a decoded frame; a 'whole' result carries a fresh IPMetric when the frame has IPv4. */
  process(f: DecodedFrame): DefragResult {
    const ip = f.find(L.IPV4)
    if (ip < 0) return WHOLE_NO_IP
    const frag = ip + 1 < f.count && f.types[ip + 1] === L.FRAGMENT ? ip + 1 : -1
    const b = f.buf, o = f.offsets[ip]!
    // gopacket does not reassemble DF packets
    if (frag < 0 || (b[o + 6]! & 0x40) !== 0) return WHOLE
    const key = ipKey(b, o)
    let p = this.#pending.get(key)
    if (!p) {
      if (this.#pending.size >= DEFRAG_MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value!)
      p = { frags: [], highest: 0, current: 0, finalReceived: false, metric: { Fragments: 0, FragmentErrors: 0 } }
      this.#pending.set(key, p)
      if (this.#pending.size > this.highWater) this.highWater = this.#pending.size
    }
    const length = f.values[ip]!
    const ihl = (b[o]! & 0x0f) * 4
    const offUnits = ((b[o + 6]! & 0x1f) << 8) | b[o + 7]!
    const more = (b[o + 6]! & 0x20) !== 0
    if (offUnits > MAX_FRAGMENT_OFFSET || offUnits * 8 + (length - ihl) > MAX_SIZE) {
      p.metric.FragmentErrors++
      return ERROR
    }
    const data = b.slice(f.offsets[frag]!, f.ends[frag]!)
    const r = insert(p, { offset: offUnits * 8, length: length - 20, data }, more)
    if (r === 'dup' || r === 'wait') {
      if (p.frags.length + 1 > MAX_FRAGMENTS) {
        this.#pending.delete(key)
        p.metric.FragmentErrors++
        return ERROR
      }
      p.metric.Fragments++
      return HELD
    }
    this.#pending.delete(key)
    if (r === 'error') {
      p.metric.FragmentErrors++
      return ERROR
    }
    return { kind: 'complete', metric: p.metric, payload: r, ipIndex: ip, fragLen: f.lens[frag]! }
  }
}

function ipKey(b: Uint8Array, o: number): string {
  return `${b[o + 12]}.${b[o + 13]}.${b[o + 14]}.${b[o + 15]}>${b[o + 16]}.${b[o + 17]}.${b[o + 18]}.${b[o + 19]}#${(b[o + 4]! << 8) | b[o + 5]!}`
}

/** gopacket fragmentList.insert + build; lengths assume a 20-byte header as gopacket does. */
function insert(p: Pending, frag: Fragment, more: boolean): 'dup' | 'wait' | 'error' | Uint8Array {
  if (frag.offset >= p.highest) {
    p.frags.push(frag)
  } else {
    for (let i = 0; i < p.frags.length; i++) {
      const other = p.frags[i]!
      if (other.offset === frag.offset) return 'dup'
      if (frag.offset < other.offset) {
        p.frags.splice(i, 0, frag)
        break
      }
    }
  }
  if (p.highest < frag.offset + frag.length) p.highest = frag.offset + frag.length
  p.current += frag.length
  if (!more) p.finalReceived = true
  if (!p.finalReceived || p.highest !== p.current) return 'wait'
  const parts: Uint8Array[] = []
  let at = 0
  for (const fr of p.frags) {
    if (fr.offset === at) {
      parts.push(fr.data)
      at += fr.length
    } else if (fr.offset < at) {
      const startAt = at - fr.offset
      if (startAt > fr.length) return 'error'
      parts.push(fr.data.subarray(startAt))
      at += fr.offset
    } else {
      return 'error' // a hole
    }
  }
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0))
  let q = 0
  for (const x of parts) { out.set(x, q); q += x.length }
  return out
}
