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

  it('rejects a size that is not a positive integer', () => {
    expect(() => new MemoryFlowStore({ maxSize: 0 })).toThrow(/maxSize must be a positive integer, got 0/)
  })
})
