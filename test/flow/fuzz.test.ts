// Fuzz: 1,000,000 random and mutated frames (seeded, bounded in time) through decoder and
// flow table with every option on, every link type, ticks and serialisation in between.
// Nothing may throw; frames that do not decode are counted, not fatal.
import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import { FlowTable, PcapParser, loadXxhash64 } from '../../src/core/flow/index.js'
import { mulberry32 as rng } from '../fixtures/prng.js'

const FRAMES = 1_000_000
const DEADLINE_MS = 50_000
const LINK_TYPES = [1, 1, 1, 1, 101, 228, 229, 113, 276, 0, 108, 12, 147]

function referenceFrames(): Uint8Array[] {
  const dir = resolve(import.meta.dirname, '../fixtures/pcaps')
  const out: Uint8Array[] = []
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.pcap'))) {
    const data = readFileSync(resolve(dir, f))
    new PcapParser().parse(data, 0, data.length, (b, o, c) => out.push(b.slice(o, o + c)), true)
  }
  return out
}

it('survives 1,000,000 random and mutated frames, counting what does not decode', async () => {
  const hash64 = await loadXxhash64()
  const r = rng(0x5eed)
  const seeds = referenceFrames()
  const options = {
    hash64, extraTCPMetric: true, reassembleTCP: true, ipDefrag: true, extraLayers: ['DNS', 'DHCPv4', 'VRRP'] as const,
    maxEntries: 20_000, mplsUdpPorts: [51234, 6635],
  }
  // raw packets kept: every frame takes the general path; none kept: common frames take the fast path
  const table = new FlowTable({ ...options, rawPacketLimit: 2 })
  const fast = new FlowTable(options)
  const buf = new Uint8Array(2048)
  const started = Date.now()
  let n = 0
  for (; n < FRAMES && Date.now() - started < DEADLINE_MS; n++) {
    let len: number
    const kind = r()
    if (kind < 0.2) {
      // random bytes, sometimes starting with a plausible Ethernet/IPv4 header
      len = Math.floor(r() * 200)
      for (let i = 0; i < len; i++) buf[i] = Math.floor(r() * 256)
      if (len > 14 && r() < 0.5) { buf[12] = 0x08; buf[13] = 0x00; buf[14] = 0x45 }
    } else {
      const seed = seeds[Math.floor(r() * seeds.length)]!
      len = Math.min(seed.length, buf.length)
      buf.set(seed.subarray(0, len))
      const flips = 1 + Math.floor(r() * 6)
      for (let i = 0; i < flips && len > 0; i++) {
        const at = Math.floor(r() * Math.min(len, 80)) // headers are in the first bytes
        buf[at] = r() < 0.3 ? [0, 0xff, 0x80, 0x7f][Math.floor(r() * 4)]! : Math.floor(r() * 256)
      }
      if (r() < 0.3) len = Math.floor(r() * len) // truncation
    }
    const linkType = kind < 0.9 ? 1 : LINK_TYPES[Math.floor(r() * LINK_TYPES.length)]!
    const wire = r() < 0.1 ? Math.floor(r() * 70000) : len
    for (const t of [table, fast]) {
      t.addPacket(buf, 0, len, wire, 1_700_000_000 + Math.floor(n / 1000), (n % 1000) * 1_000_000, linkType)
      if (n % 250_000 === 249_999) {
        t.update(1_700_000_000_000 + n)
        t.expire(1_700_000_000_000 + n)
        for (const f of t.flows()) JSON.stringify(f)
      }
    }
  }
  for (const t of [table, fast]) for (const f of t.flush()) JSON.stringify(f)
  const stats = table.stats
  expect(n, `frames processed before the ${DEADLINE_MS} ms deadline`).toBe(FRAMES)
  expect(stats.PacketsReceived).toBe(FRAMES)
  expect(stats.DecodeFailures).toBeGreaterThan(10_000)
  expect(stats.FramesIgnored).toBeGreaterThan(0)
  // the fast path saw a good share of the frames and counted them as the general path does
  expect(fast.fastPackets).toBeGreaterThan(20_000)
  const { CaptureID: _a, ...fastStats } = fast.stats, { CaptureID: _b, ...slowStats } = stats
  expect(fastStats).toEqual(slowStats)
}, 90_000)
