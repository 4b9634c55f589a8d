import { describe, expect, it } from 'vitest'
import type { FlowStore } from '../gremlin/index.js'
import type { WireFlow } from '../../wire/index.js'
import { MemoryFlowStore } from './memory-flow-store.js'

const flow = (UUID: string, Last = 0): WireFlow =>
  ({ UUID, Metric: { ABPackets: 0, ABBytes: 0, BAPackets: 0, BABytes: 0, Start: 0, Last }, Start: 0, Last, ParentUUID: '', RawPacketsCaptured: 0 })

describe('MemoryFlowStore', () => {
  it('is the FlowStore that Gremlin Flows() reads', () => {
    const store: FlowStore = new MemoryFlowStore({ maxSize: 2 })
    expect([...store.flows()]).toEqual([])
  })

  it('drops the oldest flows beyond maxSize and counts them', () => {
    const store = new MemoryFlowStore({ maxSize: 2 })
    store.add([flow('a'), flow('b'), flow('c')])
    expect([...store.flows()].map((f) => f['UUID'])).toEqual(['b', 'c'])
    expect([store.size, store.dropped]).toEqual([2, 1])
  })

  it('replaces a flow by a newer copy with the same UUID, which becomes the newest', () => {
    const store = new MemoryFlowStore({ maxSize: 2 })
    store.add([flow('a'), flow('b'), flow('a', 5)])
    store.add([flow('c')])
    expect([...store.flows()].map((f) => [f['UUID'], f['Last']])).toEqual([['a', 5], ['c', 0]])
    expect(store.dropped).toBe(1)
  })

  it('keeps the newest 100,000 of 1,000,000 flows added one at a time, oldest first', () => {
    const store = new MemoryFlowStore({ maxSize: 100_000 })
    for (let i = 0; i < 1_000_000; i++) store.add([flow(`f${i}`, i)])
    const held = [...store.flows()]
    expect([held.length, store.size, store.dropped]).toEqual([100_000, 100_000, 900_000])
    expect([held[0]!['UUID'], held.at(-1)!['UUID']]).toEqual(['f900000', 'f999999'])
    expect(held.every((f, i) => f['Last'] === 900_000 + i)).toBe(true)
  })

  it('keeps the order and the count across thousands of refreshes of the same flow', () => {
    const store = new MemoryFlowStore({ maxSize: 3 })
    store.add([flow('a'), flow('b'), flow('c')])
    for (let i = 1; i <= 5000; i++) store.add([flow('a', i)])
    store.add([flow('d')])
    expect([...store.flows()].map((f) => [f['UUID'], f['Last']])).toEqual([['c', 0], ['a', 5000], ['d', 0]])
    expect([store.size, store.dropped]).toEqual([3, 1])
  })

  it('starts empty again after clear, keeping the dropped count', () => {
    const store = new MemoryFlowStore({ maxSize: 2 })
    store.add([flow('a'), flow('b'), flow('c')])
    store.clear()
    store.add([flow('a'), flow('d'), flow('e')])
    expect([...store.flows()].map((f) => f['UUID'])).toEqual(['d', 'e'])
    expect([store.size, store.dropped]).toEqual([2, 2])
  })

  it('rejects a size that is not a positive integer', () => {
    expect(() => new MemoryFlowStore({ maxSize: 0 })).toThrow(/maxSize must be a positive integer, got 0/)
  })
})
