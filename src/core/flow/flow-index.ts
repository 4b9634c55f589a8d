/**
 * The flow table's index and storage: an open-addressing hash table over lookup-key words
 * (linear probing, backward-shift deletion) with an LRU list, bounded by `maxEntries`
 * (upstream uses a simplelru.LRU of flow.max_entries). Each slot is one record: hash, key
 * length, LRU links and key words as Int32, then the flow's numbers (flow-record.ts) as
 * Float64 over the same memory. Records come in chunks, so growing never copies them and a
 * lookup plus update touches a few adjacent cache lines.
 *
 * The LRU order is kept lazily until something asks for it: each use stamps its slot with a
 * rising count (one write) instead of relinking the list (four scattered writes, ~15 ms of a
 * million packets), and the first call that needs the order (oldest, slots(), an eviction)
 * builds the list from the stamps, after which it is kept up to date on every use.
 */
import { KEY_WORDS } from './flow-lookup-key.js'
import { NUMBERS } from './flow-record.js'

const HASH = 0, LEN = 1, KEY = 4
/** Float64 index of a record's first number: the Int32 part takes 88 bytes before it. */
const F64_FIRST = 11
if ((KEY + KEY_WORDS) * 4 > F64_FIRST * 8) throw new Error('flow record layout: key words overlap the numbers')
const CHUNK_BITS = 11
const CHUNK = 1 << CHUNK_BITS
const CHUNK_MASK = CHUNK - 1

/**
 * Where a FlowIndex keeps its hash table, records and use stamps instead of arrays of its own:
 * a WebAssembly module's memory (fast-path-wasm.ts), laid out by flowArenaLayout().
 */
export interface FlowArena {
  buffer: ArrayBuffer
  layout: FlowArenaLayout
  /** told where the hash table is after each rehash (byte offset, mask) */
  onTable: (byteOffset: number, mask: number) => void
}

/** Byte offsets of an arena's parts, from `base`. */
export interface FlowArenaLayout {
  /** two hash-table regions of tableBytes each: a rehash fills one from the other */
  tables: [number, number]
  tableBytes: number
  recs: number
  /** bytes per record */
  stride: number
  stamps: number
  /** the first byte after the arena, 64-aligned */
  end: number
}

/** The arena layout for `maxEntries` flows of `numbers` numbers, from byte `base` (8-aligned). */
export function flowArenaLayout(base: number, maxEntries: number, numbers: number = NUMBERS): FlowArenaLayout {
  let cap = 2048
  while (cap < 2 * (maxEntries + 1)) cap *= 2
  const tableBytes = cap * 4, stride = (F64_FIRST + numbers) * 8
  const t0 = align(base), t1 = t0 + tableBytes, recs = t1 + tableBytes, stamps = recs + maxEntries * stride
  return { tables: [t0, t1], tableBytes, recs, stride, stamps, end: align(stamps + maxEntries * 8) }
}

function align(n: number): number {
  return Math.ceil(n / 64) * 64
}

/** Lookup, LRU order and numbers of up to `maxEntries` flows; a flow is a slot number. */
export class FlowIndex {
  readonly maxEntries: number
  size = 0
  readonly #f64Stride: number
  readonly #i32Stride: number
  #mask = 0
  #table = new Int32Array(0) // slot + 1, 0 = empty
  readonly #i32: Int32Array[] = []
  /** LRU links, two per slot (previous, next), apart from the records so they stay in cache */
  #links = new Int32Array(0)
  readonly #f64: Float64Array[] = []
  #head = -1 // most recently used
  #tail = -1 // least recently used
  /** until the LRU order is first needed: the use count of each live slot (0 = free), and the last one given */
  #stamps: Float64Array | null = new Float64Array(0)
  #uses = 0
  /** slots freed by remove(), handed out again first */
  #free: number[] = []
  /** slots in the allocated chunks; those from #fresh on were never used */
  #slots = 0
  #fresh = 0
  readonly #arena: FlowArena | undefined
  #region = 1

  /** `numbers`: Float64 numbers per flow (NUMBERS); `arena`: memory to keep them in (else arrays of its own). */
  constructor(maxEntries: number, numbers: number = NUMBERS, arena?: FlowArena) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`)
    this.maxEntries = maxEntries
    this.#f64Stride = F64_FIRST + numbers
    this.#i32Stride = 2 * this.#f64Stride
    this.#arena = arena
    if (arena) this.#stamps = new Float64Array(arena.buffer, arena.layout.stamps, maxEntries)
    this.#rehash(2048)
  }

  /** True until the LRU order was first asked for: uses are stamps (see nextUse). */
  get stamping(): boolean {
    return this.#stamps !== null
  }

  /** The stamp of a use made outside get() (the arena's WebAssembly fast path); only while stamping. */
  nextUse(): number {
    return ++this.#uses
  }

  /** Counts `n` more such uses, stamped after the last nextUse() in turn. */
  skipUses(n: number): void {
    this.#uses += n
  }

  /**
   * How many flows the arena's WebAssembly path may create on its own, in the never-used
   * slots from freshSlot on, as insert() would: none while a freed slot waits (insert takes it
   * first) or once the order is linked; no more than fit the allocated slots, maxEntries and
   * the hash table without a rehash. adoptFresh() then counts those it created.
   */
  freshRoom(): number {
    if (this.#free.length > 0 || this.#stamps === null) return 0
    return Math.max(0, Math.min(this.#slots - this.#fresh, this.maxEntries - this.size, (this.#table.length >> 1) - this.size))
  }

  /** The first never-used slot. */
  get freshSlot(): number {
    return this.#fresh
  }

  /** Counts `n` flows created in the slots from freshSlot on (stamped and placed in the hash table by their creator). */
  adoptFresh(n: number): void {
    this.#fresh += n
    this.size += n
  }

  /** Hash of the first `n` words of `words`. */
  static hash(words: Int32Array, n: number): number {
    // two lanes (even and odd words) halve the chain of dependent multiplications per key
    let a = Math.imul(n, 0x9e3779b1), b = 0x7f4a7c15
    let i = 0
    for (; i + 1 < n; i += 2) {
      a = Math.imul(a ^ words[i]!, 0x85ebca6b)
      a = (a << 13) | (a >>> 19)
      b = Math.imul(b ^ words[i + 1]!, 0xc2b2ae35)
      b = (b << 15) | (b >>> 17)
    }
    if (i < n) a = Math.imul(a ^ words[i]!, 0x85ebca6b)
    // murmur3 finaliser: every input bit reaches the low bits used as the bucket
    let h = a ^ Math.imul(b, 0x27d4eb2f)
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
    return h ^ (h >>> 16)
  }

  /** The Float64Array holding the numbers of `slot` (index them with num(slot) + N.X). */
  f64(slot: number): Float64Array {
    return this.#f64[slot >> CHUNK_BITS]!
  }

  /** Index of the first number of `slot` in f64(slot). */
  num(slot: number): number {
    return (slot & CHUNK_MASK) * this.#f64Stride + F64_FIRST
  }

  /** Byte offset of the first number of `slot` in its buffer (the arena's memory, for the module's writers). */
  numbersAt(slot: number): number {
    return this.f64(slot).byteOffset + this.num(slot) * 8
  }

  /** Slot holding this key (made most recently used), or -1. */
  get(words: Int32Array, n: number, h: number): number {
    const table = this.#table, mask = this.#mask, stride = this.#i32Stride
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = table[i]! - 1
      if (s < 0) return -1
      const rec = this.#i32[s >> CHUNK_BITS]!, base = (s & CHUNK_MASK) * stride
      if (rec[base + HASH] !== h || rec[base + LEN] !== n) continue
      let j = 0
      while (j < n && rec[base + KEY + j] === words[j]) j++
      if (j === n) {
        const stamps = this.#stamps
        if (stamps !== null) stamps[s] = ++this.#uses
        else if (this.#head !== s) this.#touch(s)
        return s
      }
    }
  }

  /** Slot of the least recently used flow, or -1 when empty. */
  get oldest(): number {
    this.#orderLinks()
    return this.#tail
  }

  /** Adds a key that is not present, with zeroed numbers; evict first when size === maxEntries. */
  insert(words: Int32Array, n: number, h: number): number {
    if (this.size >= this.maxEntries) throw new RangeError('FlowIndex is full: evict before inserting')
    let s = this.#free.pop()
    if (s === undefined) {
      if (this.#fresh === this.#slots) this.#growSlots()
      s = this.#fresh++
    }
    if ((this.size + 1) * 2 > this.#table.length) this.#rehash(this.#table.length * 2)
    const rec = this.#i32[s >> CHUNK_BITS]!, base = (s & CHUNK_MASK) * this.#i32Stride
    rec[base + HASH] = h
    rec[base + LEN] = n
    for (let j = 0; j < n; j++) rec[base + KEY + j] = words[j]!
    const f = this.#f64[s >> CHUNK_BITS]!, nb = this.num(s)
    f.fill(0, nb, nb + this.#f64Stride - F64_FIRST)
    this.#place(s, h)
    this.size++
    if (this.#stamps !== null) {
      this.#stamps[s] = ++this.#uses
      return s
    }
    const links = this.#links
    links[2 * s] = -1
    links[2 * s + 1] = this.#head
    if (this.#head >= 0) links[2 * this.#head] = s
    this.#head = s
    if (this.#tail < 0) this.#tail = s
    return s
  }

  /** Removes a slot; it may be handed out again by insert(). */
  remove(s: number): void {
    const table = this.#table, mask = this.#mask
    let i = this.#get(s, HASH) & mask
    while (table[i] !== s + 1) i = (i + 1) & mask
    // backward-shift deletion keeps probe chains intact without tombstones
    let j = i
    for (;;) {
      j = (j + 1) & mask
      const t = table[j]! - 1
      if (t < 0) break
      const home = this.#get(t, HASH) & mask
      if (((j - home) & mask) >= ((j - i) & mask)) {
        table[i] = t + 1
        i = j
      }
    }
    table[i] = 0
    this.#free.push(s)
    this.size--
    if (this.#stamps !== null) {
      this.#stamps[s] = 0
      return
    }
    const links = this.#links
    const p = links[2 * s]!, nx = links[2 * s + 1]!
    if (p >= 0) links[2 * p + 1] = nx; else this.#head = nx
    if (nx >= 0) links[2 * nx] = p; else this.#tail = p
  }

  /** Slots from least to most recently used. */
  *slots(): IterableIterator<number> {
    this.#orderLinks()
    for (let s = this.#tail; s >= 0;) {
      const p = this.#links[2 * s]!
      yield s
      s = p
    }
  }

  /** The slots sorted by `key`, a unique non-negative integer per slot (e.g. a creation id). */
  slotsBy(key: (slot: number) => number): number[] {
    // a typed-array sort (no comparator calls) of key and slot packed in one exact number when
    // both fit in 53 bits, else of the keys and a map back to their slots
    const keys = new Float64Array(this.size)
    let i = 0, max = 0
    for (const s of this.slots()) max = Math.max(max, keys[i++] = key(s))
    const scale = 2 ** Math.ceil(Math.log2(this.#slots + 1))
    if (max * scale < Number.MAX_SAFE_INTEGER) {
      i = 0
      for (const s of this.slots()) keys[i] = keys[i++]! * scale + s
      return Array.from(keys.sort(), (v) => v % scale)
    }
    const slotOf = new Map<number, number>()
    i = 0
    for (const s of this.slots()) slotOf.set(keys[i++]!, s)
    return Array.from(keys.sort(), (k) => slotOf.get(k)!)
  }

  /** Ends the lazy phase: links the live slots in the order of their stamps. */
  #orderLinks(): void {
    const stamps = this.#stamps
    if (stamps === null) return
    this.#stamps = null
    const live: number[] = []
    for (let s = 0; s < this.#slots; s++) if (stamps[s]! > 0) live.push(s)
    live.sort((a, b) => stamps[a]! - stamps[b]!)
    const links = this.#links
    this.#tail = live.length > 0 ? live[0]! : -1
    this.#head = live.length > 0 ? live[live.length - 1]! : -1
    for (let i = 0; i < live.length; i++) {
      const s = live[i]!
      links[2 * s] = i + 1 < live.length ? live[i + 1]! : -1 // previous = the next more recent one
      links[2 * s + 1] = i > 0 ? live[i - 1]! : -1
    }
  }

  #get(s: number, field: number): number {
    return this.#i32[s >> CHUNK_BITS]![(s & CHUNK_MASK) * this.#i32Stride + field]!
  }

  #touch(s: number): void {
    const links = this.#links
    const p = links[2 * s]!, nx = links[2 * s + 1]!
    links[2 * p + 1] = nx
    if (nx >= 0) links[2 * nx] = p; else this.#tail = p
    links[2 * s] = -1
    links[2 * s + 1] = this.#head
    links[2 * this.#head] = s
    this.#head = s
  }

  #place(s: number, h: number): void {
    const table = this.#table, mask = this.#mask
    let i = h & mask
    while (table[i] !== 0) i = (i + 1) & mask
    table[i] = s + 1
  }

  #rehash(cap: number): void {
    const old = this.#table, arena = this.#arena
    if (arena) {
      // the region the current table is not in (a region may hold a table from two rehashes ago)
      this.#region = 1 - this.#region
      this.#table = new Int32Array(arena.buffer, arena.layout.tables[this.#region], cap).fill(0)
    } else {
      this.#table = new Int32Array(cap)
    }
    this.#mask = cap - 1
    for (let i = 0; i < old.length; i++) {
      const s = old[i]! - 1
      if (s >= 0) this.#place(s, this.#get(s, HASH))
    }
    arena?.onTable(this.#table.byteOffset, this.#mask)
  }

  /** Adds a chunk of slots (never more than maxEntries in all). */
  #growSlots(): void {
    const n = Math.min(CHUNK, this.maxEntries - this.#slots), arena = this.#arena
    if (arena) {
      const at = arena.layout.recs + this.#slots * this.#i32Stride * 4
      this.#i32.push(new Int32Array(arena.buffer, at, n * this.#i32Stride))
      this.#f64.push(new Float64Array(arena.buffer, at, n * this.#f64Stride))
    } else {
      const buf = new ArrayBuffer(n * this.#i32Stride * 4)
      this.#i32.push(new Int32Array(buf))
      this.#f64.push(new Float64Array(buf))
    }
    this.#slots += n
    if (this.#links.length < 2 * this.#slots) {
      const links = new Int32Array(2 * Math.min(this.maxEntries, Math.max(this.#slots, this.#links.length)))
      links.set(this.#links)
      this.#links = links
      if (this.#stamps !== null && !arena) {
        const stamps = new Float64Array(links.length / 2)
        stamps.set(this.#stamps)
        this.#stamps = stamps
      }
    }
  }
}
