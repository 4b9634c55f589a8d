// The flow table's fast path (core/flow/fast-path.ts) must not change any result: every
// reference trace and a generated trace of frames near the fast shape give the same flows,
// byte for byte, the same counters and the same update-tick output with the fast path on and
// off, in both key modes, with the harness options, with upstream's capture defaults and with
// eviction, application ports and ids (flows the fast path creates as well as counts).
import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { FlowTable, type FlowTableOptions, type Hash64, PcapParser, loadXxhash64 } from '../../src/core/flow/index.js'
import { mulberry32 } from '../fixtures/prng.js'
import { nearFastShapeFrame, pcapFile } from './frames.js'

const DIR = resolve(import.meta.dirname, '../fixtures/pcaps')
let hash64: Hash64
beforeAll(async () => { hash64 = await loadXxhash64() })

const OPTION_SETS: Array<[string, Partial<FlowTableOptions>]> = [
  ['harness L2', { extraTCPMetric: true, reassembleTCP: true, ipDefrag: true }],
  ['harness L3', { extraTCPMetric: true, reassembleTCP: true, ipDefrag: true, layerKeyMode: 'L3' }],
  ['upstream defaults L2', {}],
  ['upstream defaults L3', { layerKeyMode: 'L3' }],
  // flows created on the fast path evict, take application names by port and carry node ids as the general path's do
  ['harness, 64 entries, app ports, ids', {
    extraTCPMetric: true, reassembleTCP: true, ipDefrag: true, maxEntries: 64,
    appPorts: { tcp: { 80: 'http' }, udp: { 5001: 'iperf' } }, nodeTID: 'n1', captureID: 'c1',
  }],
]

/** Everything a table gives for a trace: update-tick output every 50 packets, final flows and counters. */
function run(trace: Uint8Array, opts: Partial<FlowTableOptions>, fastPath: boolean): { ticks: string[]; flows: string[]; stats: unknown; fast: number } {
  const t = new FlowTable({ hash64, ...opts, fastPath, updateSeconds: 1 })
  const ticks: string[] = []
  let n = 0, lastMs = 0
  new PcapParser().parse(trace, 0, trace.length, (b, o, c, w, s, ns, l) => {
    t.addPacket(b, o, c, w, s, ns, l)
    lastMs = s * 1000 + Math.floor(ns / 1e6)
    if (++n % 50 === 0) ticks.push(JSON.stringify(t.update(lastMs)))
  }, true)
  return { ticks, flows: [...t.jsonWithIds()].map(([, j]) => j), stats: t.stats, fast: t.fastPackets }
}

function expectSame(trace: Uint8Array, opts: Partial<FlowTableOptions>): number {
  const slow = run(trace, opts, false), fast = run(trace, opts, true)
  expect(slow.fast).toBe(0)
  expect(fast.flows).toEqual(slow.flows)
  expect(fast.ticks).toEqual(slow.ticks)
  expect(fast.stats).toEqual(slow.stats)
  return fast.fast
}

describe('fast path equivalence', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.pcap'))
  for (const [name, opts] of OPTION_SETS) {
    it(`every reference trace gives the same flows, ticks and counters with and without it (${name})`, () => {
      let fast = 0
      for (const f of files) fast += expectSame(readFileSync(resolve(DIR, f)), opts)
      // the reference traces do exercise the fast path (their TCP and UDP conversations)
      expect(fast).toBeGreaterThan(50)
    })
  }

  it('100,000 generated frames near the fast shape give the same flows, ticks and counters (all option sets)', () => {
    const r = mulberry32(0xe9a1)
    const packets = Array.from({ length: 100_000 }, (_, i) => ({ sec: 1_700_000_000 + Math.floor(i / 1000), nsec: (i % 1000) * 1e6, data: nearFastShapeFrame(r) }))
    const trace = pcapFile(packets)
    for (const [, opts] of OPTION_SETS) expect(expectSame(trace, { ...opts, mplsUdpPorts: [51234] })).toBeGreaterThan(15_000)
  })
})
