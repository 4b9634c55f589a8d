import { describe, expect, it } from 'vitest'
import { FlowIndex } from './flow-index.js'
import { mulberry32 } from '../../../test/fixtures/prng.js'

const key = (...w: number[]): Int32Array => Int32Array.from(w)
const add = (ix: FlowIndex, k: Int32Array): number => ix.insert(k, k.length, FlowIndex.hash(k, k.length))
const find = (ix: FlowIndex, k: Int32Array): number => ix.get(k, k.length, FlowIndex.hash(k, k.length))

describe('FlowIndex', () => {
  it('finds what it holds, misses keys that differ in one word or in length, and forgets removed keys', () => {
    const ix = new FlowIndex(10)
    const a = add(ix, key(1, 2, 3)), b = add(ix, key(1, 2, 4))
    expect(find(ix, key(1, 2, 3))).toBe(a)
    expect(find(ix, key(1, 2, 4))).toBe(b)
    expect(find(ix, key(1, 2))).toBe(-1)
    ix.remove(a)
    expect(find(ix, key(1, 2, 3))).toBe(-1)
    expect(find(ix, key(1, 2, 4))).toBe(b)
  })

  it('keeps every key reachable through growth and backward-shift deletions (50,000 keys)', () => {
    const ix = new FlowIndex(60_000)
    const slots = new Map<number, number>()
    for (let i = 0; i < 50_000; i++) slots.set(i, add(ix, key(i, i * 7)))
    for (let i = 0; i < 50_000; i += 3) ix.remove(slots.get(i)!)
    for (let i = 0; i < 50_000; i++) expect(find(ix, key(i, i * 7))).toBe(i % 3 === 0 ? -1 : slots.get(i))
    expect(ix.size).toBe(50_000 - Math.ceil(50_000 / 3))
  })

  it('orders slots from least to most recently used and refuses to overflow', () => {
    const ix = new FlowIndex(3)
    const s = [add(ix, key(1)), add(ix, key(2)), add(ix, key(3))]
    find(ix, key(1))
    expect([...ix.slots()]).toEqual([s[1], s[2], s[0]])
    expect(ix.oldest).toBe(s[1])
    expect(() => add(ix, key(4))).toThrow(RangeError)
  })

  it('keeps the exact LRU order through uses, removals and evictions, whenever the order is first asked for', () => {
    // a model LRU (array, least recent first) against the index, the order first read after 0..2,000 operations
    for (const firstLook of [0, 1, 7, 300, 2000, Infinity]) {
      const r = mulberry32(firstLook === Infinity ? 1 : firstLook + 2)
      const ix = new FlowIndex(64), model: number[] = [], slotOf = new Map<number, number>()
      for (let op = 0; op < 3000; op++) {
        const k = Math.floor(r() * 100), at = model.indexOf(k), roll = r()
        if (at >= 0 && roll < 0.6) {
          expect(find(ix, key(k))).toBe(slotOf.get(k))
          model.splice(at, 1)
          model.push(k)
        } else if (at >= 0) {
          ix.remove(slotOf.get(k)!)
          model.splice(at, 1)
        } else {
          if (ix.size === ix.maxEntries) {
            // what the flow table does: evict the least recently used flow first
            const old = model.shift()!
            expect(ix.oldest).toBe(slotOf.get(old))
            ix.remove(ix.oldest)
          }
          slotOf.set(k, add(ix, key(k)))
          model.push(k)
        }
        if (op >= firstLook && op % 97 === 0) expect([...ix.slots()]).toEqual(model.map((m) => slotOf.get(m)))
      }
      expect([...ix.slots()]).toEqual(model.map((m) => slotOf.get(m)))
      expect(ix.oldest).toBe(model.length ? slotOf.get(model[0]!) : -1)
    }
  })

  it('gives each slot zeroed numbers of its own', () => {
    const ix = new FlowIndex(5000)
    const a = add(ix, key(1)), b = add(ix, key(2))
    ix.f64(a)[ix.num(a)] = 42
    expect(ix.f64(b)[ix.num(b)]).toBe(0)
    ix.remove(a)
    const c = add(ix, key(3))
    expect(ix.f64(c)[ix.num(c)]).toBe(0)
  })

  it('sorts slots by a key, packed with the slot or, for keys too large to pack, through a map', () => {
    const ix = new FlowIndex(5000)
    const slots = Array.from({ length: 3000 }, (_, i) => add(ix, key(i)))
    for (let i = 0; i < 3000; i += 7) find(ix, key(i)) // LRU order differs from insertion order
    const byInsertion = (s: number): number => slots.indexOf(s)
    expect(ix.slotsBy((s) => 3000 - byInsertion(s))).toEqual([...slots].reverse())
    expect(ix.slotsBy((s) => 2 ** 50 + byInsertion(s))).toEqual(slots)
  })
})
