// Sharded capture-file reads (src/capture/file-flows.ts) must print byte for byte what one
// flow table prints: on every reference trace, in both key modes and with IPDefrag off, on a
// generated trace mixing the frame kinds ShardKeys handles on its fast and its decoding path,
// on a corrupt file, and when sharding must give up (max-entries eviction, unshardable frames).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type FileFlowsOptions, readFileFlows } from '../../src/capture/index.js'
import { mulberry32 } from '../fixtures/prng.js'
import { type Bytes, type Packet, arp, eth, icmpEcho, ipv4, ipv6, pcapFile, tcp, udp, vlan, zeros } from './frames.js'

const SHARED = '/work/shared/pcaps'
const DIR = resolve(import.meta.dirname, '../fixtures/pcaps')
const tmp = mkdtempSync(join(tmpdir(), 'sdt-flow-shard-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function output(path: string, opts: FileFlowsOptions): Promise<{ text: string; threads: number; error?: string; fallback?: string; dropped: number; packets: number }> {
  const r = await readFileFlows(path, opts)
  return {
    text: [...r.lines()].join('\n'), threads: r.threads, dropped: r.dropped, packets: r.packets,
    ...(r.error ? { error: `${r.error.message} @${r.error.offset}` } : {}),
    ...(r.fallback ? { fallback: r.fallback } : {}),
  }
}

async function expectSameAsOneTable(path: string, opts: FileFlowsOptions = {}): Promise<void> {
  const one = await output(path, { ...opts, threads: 1 })
  const two = await output(path, { ...opts, threads: 2 })
  expect(two.threads).toBe(2)
  expect(two.text).toBe(one.text)
  expect(two.error).toBe(one.error)
  expect(two.packets).toBe(one.packets)
  expect(one.text.length).toBeGreaterThan(0)
}

const frame = (...parts: Bytes[]): Uint8Array => Uint8Array.from(parts.flat())

/** ~6,000 packets: IPv4 TCP/UDP/ICMP (some VLAN-tagged), fragments, IPv6 TCP and UDP, ARP, truncations. */
function generatedTrace(): Packet[] {
  const r = mulberry32(16)
  const pick = (n: number): number => Math.floor(r() * n)
  const packets: Packet[] = []
  let t = 0
  const push = (data: Uint8Array, wireLen?: number): void => {
    t += 1 + pick(3000)
    packets.push({ sec: 1_700_000_000 + Math.floor(t / 1e6), nsec: (t % 1e6) * 1000, data, ...(wireLen !== undefined ? { wireLen } : {}) })
  }
  for (let i = 0; i < 6000; i++) {
    const a = pick(40), b = pick(40), fwd = r() < 0.5
    const ma = `02:00:00:00:00:${(a + 16).toString(16)}`, mb = `02:00:00:00:01:${(b + 16).toString(16)}`
    const ia = `10.0.0.${a + 1}`, ib = `10.0.1.${b + 1}`
    const [sm, dm, si, di] = fwd ? [ma, mb, ia, ib] : [mb, ma, ib, ia]
    const sp = 1000 + pick(4), dp = 80
    const [ps, pd] = fwd ? [sp, dp] : [dp, sp]
    const v6a = `fd00:0:0:0:0:0:0:${(a + 1).toString(16)}`, v6b = `fd00:0:0:0:0:0:1:${(b + 1).toString(16)}`
    const [s6, d6] = fwd ? [v6a, v6b] : [v6b, v6a]
    switch (pick(10)) {
      case 0: case 1: case 2: push(frame(eth(sm, dm, 0x0800), ipv4(si, di, 6, 20), tcp(ps, pd, [0x02, 0x12, 0x10, 0x11, 0x04][pick(5)]!, pick(1e6)))); break
      case 3: push(frame(eth(sm, dm, 0x8100), vlan(pick(3), 0x0800), ipv4(si, di, 17, 8 + 30), udp(ps, 53 + pick(2) * 100, 30), zeros(30))); break
      case 4: push(frame(eth(sm, dm, 0x0800), ipv4(si, di, 1, 8), icmpEcho(fwd ? 8 : 0, pick(3), i))); break
      case 5: { // a fragmented UDP datagram: first and last fragment, sometimes reordered or lost
        const id = pick(50), first = frame(eth(sm, dm, 0x0800), ipv4(si, di, 17, 24, { id, flags: 1 }), udp(ps, 7000, 40), zeros(16))
        const last = frame(eth(sm, dm, 0x0800), ipv4(si, di, 17, 24, { id, fragOffset: 3 }), zeros(24))
        const order = r() < 0.3 ? [last, first] : [first, last]
        push(order[0]!)
        if (r() < 0.9) push(order[1]!)
        break
      }
      case 6: push(frame(eth(sm, dm, 0x86dd), ipv6(s6, d6, 6, 20), tcp(ps, pd, 0x10, i))); break
      case 7: push(frame(eth(sm, dm, 0x86dd), ipv6(s6, d6, 17, 8 + 20), udp(ps, 5353, 20), zeros(20))); break
      case 8: push(frame(eth(sm, 'ff:ff:ff:ff:ff:ff', 0x0806), arp(sm, si, di))); break
      default: { // truncated captures: the wire length counts, the decoder sees a stub
        const f = frame(eth(sm, dm, 0x0800), ipv4(si, di, 6, 20 + 200), tcp(ps, pd, 0x18, i), zeros(200))
        push(f.subarray(0, [10, 20, 30, 60][pick(4)]), f.length)
      }
    }
  }
  return packets
}

describe('sharded capture-file reads', () => {
  const traces = [
    ...readdirSync(SHARED).filter((f) => /\.pcap(ng)?$/.test(f)).map((f) => join(SHARED, f)),
    ...readdirSync(join(DIR, 'derived')).map((f) => join(DIR, 'derived', f)),
  ]

  it.each(traces)('print what one table prints for %s (L2, L3, and without defragmentation)', async (path) => {
    const linkType = path.endsWith('link-type-12.pcap') ? { linkType: 12 } : {}
    const mpls = path.includes('contrail') ? { mplsUdpPorts: [51234] } : {}
    await expectSameAsOneTable(path, { ...linkType, ...mpls })
    await expectSameAsOneTable(path, { ...linkType, ...mpls, layerKeyMode: 'L3' })
    await expectSameAsOneTable(path, { ...linkType, ...mpls, ipDefrag: false, extraLayers: ['DNS', 'DHCPv4', 'VRRP'] })
  })

  it('print what one table prints for a generated trace of mixed frames, with 2 and 3 threads', async () => {
    const path = join(tmp, 'mixed.pcap')
    writeFileSync(path, pcapFile(generatedTrace()))
    await expectSameAsOneTable(path)
    await expectSameAsOneTable(path, { layerKeyMode: 'L3' })
    const one = await output(path, { threads: 1 }), three = await output(path, { threads: 3 })
    expect(three.threads).toBe(3)
    expect(three.text).toBe(one.text)
    expect(one.text.split('\n').length).toBeGreaterThan(500)
  })

  it('report the flows before the damage and the same error for a truncated file', async () => {
    const bytes = pcapFile(generatedTrace())
    const path = join(tmp, 'cut.pcap')
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)))
    const two = await output(path, { threads: 2 })
    expect(two.error).toMatch(/byte \d+/)
    await expectSameAsOneTable(path)
  })

  it('fall back to one table when more flows than --max-entries would make it evict', async () => {
    const path = join(tmp, 'mixed-bound.pcap')
    writeFileSync(path, pcapFile(generatedTrace()))
    const one = await output(path, { threads: 1, maxEntries: 50 })
    const two = await output(path, { threads: 2, maxEntries: 50 })
    expect(one.dropped).toBeGreaterThan(0)
    expect(two).toEqual({ ...one, fallback: 'max-entries' })
  })

  it('hand over to one table past shardMaxFlows flows, with the same output', async () => {
    const path = join(tmp, 'mixed-many.pcap')
    writeFileSync(path, pcapFile(generatedTrace()))
    const one = await output(path, { threads: 1 })
    const two = await output(path, { threads: 2, shardMaxFlows: 100 })
    expect(two).toEqual({ ...one, fallback: 'many-flows' })
  })

  it('fall back to one table when an IPv4 fragment travels inside IPv6 (the defragmenter keys on the inner header)', async () => {
    const inner = (id: number, off: number, more: boolean): Bytes => [...ipv4('192.0.2.1', '192.0.2.2', 17, 16, { id, flags: more ? 1 : 0, fragOffset: off }), ...zeros(16)]
    const packets: Packet[] = [
      ...Array.from({ length: 20 }, (_, i) => ({ sec: 1, nsec: i * 1000, data: frame(eth('02:00:00:00:00:01', '02:00:00:00:00:02', 0x0800), ipv4(`10.0.0.${i + 1}`, '10.0.1.1', 17, 8), udp(1000, 2000, 0)) })),
      { sec: 2, nsec: 0, data: frame(eth('02:00:00:00:00:01', '02:00:00:00:00:02', 0x86dd), ipv6('fd00:0:0:0:0:0:0:1', 'fd00:0:0:0:0:0:0:2', 4, 36), inner(9, 0, true)) },
      { sec: 2, nsec: 1000, data: frame(eth('02:00:00:00:00:03', '02:00:00:00:00:04', 0x86dd), ipv6('fd00:0:0:0:0:0:0:3', 'fd00:0:0:0:0:0:0:4', 4, 36), inner(9, 2, false)) },
    ]
    const path = join(tmp, 'v4-frag-in-v6.pcap')
    writeFileSync(path, pcapFile(packets))
    const one = await output(path, { threads: 1 }), two = await output(path, { threads: 2 })
    expect(two).toEqual({ ...one, fallback: 'unshardable-frame' })
  })
})
