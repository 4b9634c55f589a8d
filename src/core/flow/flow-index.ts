/**
 * The flow table's index: an open-addressing hash table over raw key words (linear probing,
 * backward-shift deletion) with an LRU list, bounded by `maxEntries` (upstream uses a
 * simplelru.LRU of flow.max_entries). Typed arrays only, so lookups allocate nothing.
 */
import { KEY_WORDS } from './flow-key.js'

/** Lookup and LRU order of up to `maxEntries` keys; entries are small integers (slots). */
export class FlowIndex {
  readonly maxEntries: number
  size = 0
  #mask = 0
  #table = new Int32Array(0) // slot + 1, 0 = empty
  #keys = new Int32Array(0) // KEY_WORDS per slot
  #keyLen = new Uint8Array(0)
  #hash = new Int32Array(0)
  #prev = new Int32Array(0)
  #next = new Int32Array(0)
  #head = -1 // most recently used
  #tail = -1 // least recently used
  #free: number[] = []
  #slots = 0 // slots allocated so far

  constructor(maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`)
    this.maxEntries = maxEntries
    this.#growSlots(Math.min(maxEntries, 1024))
    this.#rehash(2048)
  }

  /** Hash of the first `n` words of `words`. */
  static hash(words: Int32Array, n: number): number {
    let h = Math.imul(n, 0x9e3779b1)
    for (let i = 0; i < n; i++) {
      h = Math.imul(h ^ words[i]!, 0x85ebca6b)
      h ^= h >>> 13
    }
    h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35)
    return h ^ (h >>> 16)
  }

  /** Slot holding this key (moved to most recently used), or -1. */
  get(words: Int32Array, n: number, h: number): number {
    const table = this.#table, keys = this.#keys, mask = this.#mask
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = table[i]! - 1
      if (s < 0) return -1
      if (this.#hash[s] !== h || this.#keyLen[s] !== n) continue
      const base = s * KEY_WORDS
      let j = 0
      while (j < n && keys[base + j] === words[j]) j++
      if (j === n) {
        this.#touch(s)
        return s
      }
    }
  }

  /** Slot of the least recently used key, or -1 when empty. */
  get oldest(): number {
    return this.#tail
  }

  /** Adds a key that is not present; the caller evicts first when size === maxEntries. */
  insert(words: Int32Array, n: number, h: number): number {
    if (this.size >= this.maxEntries) throw new RangeError('FlowIndex is full: evict before inserting')
    if (this.#free.length === 0) this.#growSlots(Math.min(this.maxEntries, this.#slots * 2))
    const s = this.#free.pop()!
    if ((this.size + 1) * 2 > this.#table.length) this.#rehash(this.#table.length * 2)
    this.#keys.set(words.subarray(0, n), s * KEY_WORDS)
    this.#keyLen[s] = n
    this.#hash[s] = h
    this.#place(s)
    this.size++
    this.#prev[s] = -1
    this.#next[s] = this.#head
    if (this.#head >= 0) this.#prev[this.#head] = s
    this.#head = s
    if (this.#tail < 0) this.#tail = s
    return s
  }

  /** Removes a slot; it may be handed out again by insert(). */
  remove(s: number): void {
    const table = this.#table, mask = this.#mask
    let i = this.#hash[s]! & mask
    while (table[i] !== s + 1) i = (i + 1) & mask
    // backward-shift deletion keeps probe chains intact without tombstones
    let j = i
    for (;;) {
      j = (j + 1) & mask
      const t = table[j]! - 1
      if (t < 0) break
      const home = this.#hash[t]! & mask
      if (((j - home) & mask) >= ((j - i) & mask)) {
        table[i] = t + 1
        i = j
      }
    }
    table[i] = 0
    const p = this.#prev[s]!, nx = this.#next[s]!
    if (p >= 0) this.#next[p] = nx; else this.#head = nx
    if (nx >= 0) this.#prev[nx] = p; else this.#tail = p
    this.#free.push(s)
    this.size--
  }

  /** Slots from least to most recently used. */
  *slots(): IterableIterator<number> {
    for (let s = this.#tail; s >= 0;) {
      const p = this.#prev[s]!
      yield s
      s = p
    }
  }

  #touch(s: number): void {
    if (this.#head === s) return
    const p = this.#prev[s]!, nx = this.#next[s]!
    this.#next[p] = nx
    if (nx >= 0) this.#prev[nx] = p; else this.#tail = p
    this.#prev[s] = -1
    this.#next[s] = this.#head
    this.#prev[this.#head] = s
    this.#head = s
  }

  #place(s: number): void {
    const table = this.#table, mask = this.#mask
    let i = this.#hash[s]! & mask
    while (table[i] !== 0) i = (i + 1) & mask
    table[i] = s + 1
  }

  #rehash(cap: number): void {
    const old = this.#table
    this.#table = new Int32Array(cap)
    this.#mask = cap - 1
    for (let i = 0; i < old.length; i++) if (old[i]! > 0) this.#place(old[i]! - 1)
  }

  #growSlots(n: number): void {
    if (n <= this.#slots) return
    const grow = <T extends Int32Array | Uint8Array>(a: T, per: number): T => {
      const b = new (a.constructor as new (len: number) => T)(n * per)
      b.set(a)
      return b
    }
    this.#keys = grow(this.#keys, KEY_WORDS)
    this.#keyLen = grow(this.#keyLen, 1)
    this.#hash = grow(this.#hash, 1)
    this.#prev = grow(this.#prev, 1)
    this.#next = grow(this.#next, 1)
    for (let s = n - 1; s >= this.#slots; s--) this.#free.push(s)
    this.#slots = n
  }
}
