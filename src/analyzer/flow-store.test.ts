import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/index.js'
import { isSkydiveError } from '../core/errors.js'
import { MemoryFlowStore } from '../core/flow/index.js'
import type { Logger } from '../core/ports.js'
import type { WireFlow } from '../wire/index.js'
import { createAnalyzerFlowStore } from './flow-store.js'

const flow = (UUID: string, ABPackets = 1) => ({ UUID, Metric: { ABPackets } }) as unknown as WireFlow
const warnings: string[] = []
const log: Logger = { debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} }
const config = (flags: Record<string, unknown>) => loadConfig({ flags, env: {} })

describe('createAnalyzerFlowStore', () => {
  it('holds analyzer.flow.max_buffer_size flows, drops the oldest and counts them', async () => {
    const store = createAnalyzerFlowStore(await config({ 'analyzer.flow.max_buffer_size': 2 }), log)
    store.add([flow('a'), flow('b'), flow('c')])
    expect([...store.flows()].map((f) => f['UUID'])).toEqual(['b', 'c'])
    store.add([flow('b', 7)])
    expect([...store.flows()]).toEqual([flow('c'), flow('b', 7)])
    expect(store.status()).toEqual({ Count: 2, MaxBufferSize: 2, Dropped: 1 })
  })

  it('gives the same flows and counts as MemoryFlowStore when one add drops thousands at once', async () => {
    const store = createAnalyzerFlowStore(await config({ 'analyzer.flow.max_buffer_size': 1000 }), log)
    const one = new MemoryFlowStore({ maxSize: 1000 })
    const first = Array.from({ length: 800 }, (_, i) => flow(`a${i}`))
    const second = Array.from({ length: 5000 }, (_, i) => flow(`b${i}`))
    for (const batch of [first, second, first.slice(0, 10)]) {
      store.add(batch)
      one.add(batch)
      expect([...store.flows()]).toEqual([...one.flows()])
      expect(store.status()).toEqual({ Count: one.size, MaxBufferSize: 1000, Dropped: one.dropped })
    }
    expect(store.status()).toEqual({ Count: 1000, MaxBufferSize: 1000, Dropped: 4810 })
  })

  it('refuses a bound that is not a positive whole number, naming the key', async () => {
    const err = await config({ 'analyzer.flow.max_buffer_size': 0 }).then((c) => createAnalyzerFlowStore(c, log)).catch((e: unknown) => e)
    expect(isSkydiveError(err, 'config-invalid')).toBe(true)
    expect((err as Error).message).toBe('Invalid configuration key "analyzer.flow.max_buffer_size": expected a positive whole number of flows, got 0')
  })

  it('keeps flows in memory with a warning when another backend is configured', async () => {
    const store = createAnalyzerFlowStore(await config({ 'analyzer.flow.backend': 'elasticsearch' }), log)
    store.add([flow('a')])
    expect(store.status().Count).toBe(1)
    expect(warnings).toEqual(['Keeping flows in memory: flow backend "elasticsearch" is not supported by this analyzer'])
  })
})
