// The WebAssembly fast path (core/flow/fast-path.wat) must not change any result: reading a
// file into the table's WebAssembly memory (flowsFromFile, fastWasm on) gives the flows, byte for
// byte, the counters and the error of the JavaScript path (fastWasm off), for every reference
// trace and generated traces that exercise it (TCP streams in and out of order, frames near the
// fast shape, both byte orders and time units), in several option sets.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { flowsFromFile } from '../../src/capture/index.js'
import { FlowTable, type FlowTableOptions, type Hash64, loadXxhash64 } from '../../src/core/flow/index.js'
import { FAST_PATH_WASM } from '../../src/core/flow/fast-path-wasm.js'
import { flowArenaLayout } from '../../src/core/flow/flow-index.js'
import { F, N, NUMBERS, T } from '../../src/core/flow/flow-record.js'
import { S, STREAM_WORDS } from '../../src/core/flow/tcp-reassembly.js'
import { mulberry32 } from '../fixtures/prng.js'
import { type Bytes, TCP_FLAGS, eth, ipv4, nearFastShapeFrame, pcapFile, pcapngFile, tcp, udp } from './frames.js'

const DIR = resolve(import.meta.dirname, '../fixtures/pcaps')
const tmp = mkdtempSync(join(tmpdir(), 'sdt-wasm-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** TCP conversations (handshake, data both ways, FIN) interleaved, a few segments swapped, duplicated or lost. */
function tcpStreams(seed: number): Array<{ sec: number; nsec: number; data: Uint8Array }> {
  const r = mulberry32(seed)
  const frames: Bytes[][] = []
  for (let f = 0; f < 60; f++) {
    const c = `10.0.${f >> 4}.${(f & 15) + 1}`, s = '10.9.0.1', cm = `02:00:00:00:00:${(f + 16).toString(16)}`, sm = '02:00:00:00:01:01'
    const cp = 30000 + f, sp = 80 + (f % 3)
    let cs = 1000 * f, ss = 50000 + f
    const seg = (client: boolean, flags: number, len: number): Bytes => {
      const payload = Array.from({ length: len }, () => 0x61)
      const t = client ? tcp(cp, sp, flags, cs, ss) : tcp(sp, cp, flags, ss, cs)
      if (client) cs = (cs + len + (flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN) ? 1 : 0)) >>> 0
      else ss = (ss + len + (flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN) ? 1 : 0)) >>> 0
      return client
        ? [...eth(cm, sm, 0x0800), ...ipv4(c, s, 6, t.length + len), ...t, ...payload]
        : [...eth(sm, cm, 0x0800), ...ipv4(s, c, 6, t.length + len), ...t, ...payload]
    }
    const list: Bytes[] = [seg(true, TCP_FLAGS.SYN, 0), seg(false, TCP_FLAGS.SYN | TCP_FLAGS.ACK, 0)]
    for (let i = 0; i < 20; i++) {
      const client = r() < 0.3
      list.push(seg(client, TCP_FLAGS.ACK | (r() < 0.5 ? TCP_FLAGS.PSH : 0), client && r() < 0.5 ? 0 : 1 + Math.floor(r() * 600)))
    }
    // out of order, a retransmission and a lost segment on some flows
    if (f % 5 === 0) [list[5], list[6]] = [list[6]!, list[5]!]
    if (f % 7 === 0) list.splice(9, 0, list[8]!)
    if (f % 11 === 0) list.splice(12, 1)
    list.push(seg(true, TCP_FLAGS.FIN | TCP_FLAGS.ACK, 0), seg(false, TCP_FLAGS.FIN | TCP_FLAGS.ACK, 0))
    frames.push(list)
  }
  const out: Array<{ sec: number; nsec: number; data: Uint8Array }> = []
  const at = frames.map(() => 0)
  for (let i = 0; out.length < frames.reduce((n, l) => n + l.length, 0); i++) {
    const f = Math.floor(r() * frames.length)
    if (at[f]! < frames[f]!.length) out.push({ sec: 1_700_000_000 + Math.floor(i / 1000), nsec: (i % 1000) * 1e6 + f, data: Uint8Array.from(frames[f]![at[f]!++]!) })
  }
  return out
}

const near = mulberry32(0x5eed)
const generated: Array<[string, Uint8Array]> = [
  ['tcp-streams.pcap', pcapFile(tcpStreams(1))],
  ['tcp-streams-big-endian-nano.pcap', pcapFile(tcpStreams(2), { bigEndian: true, nano: true })],
  ['tcp-streams-nano.pcap', pcapFile(tcpStreams(3), { nano: true })],
  // pcapng records are not runs for the module's loop: each frame goes through its per-frame entry
  ['tcp-streams.pcapng', pcapngFile([{ linkType: 1 }], tcpStreams(4))],
  ['near-shape.pcap', pcapFile(Array.from({ length: 30_000 }, (_, i) => ({ sec: 1_700_000_000 + Math.floor(i / 1000), nsec: (i % 1000) * 1e6, data: nearFastShapeFrame(near) })))],
]
for (const [name, bytes] of generated) writeFileSync(join(tmp, name), bytes)
const traces = [
  ...readdirSync(DIR).filter((f) => /\.pcap(ng)?$/.test(f)).map((f) => join(DIR, f)),
  ...readdirSync(join(DIR, 'derived')).map((f) => join(DIR, 'derived', f)),
  ...generated.map(([name]) => join(tmp, name)),
]

const OPTION_SETS: Array<[string, Parameters<typeof flowsFromFile>[1]]> = [
  ['L2', {}],
  ['L3', { layerKeyMode: 'L3' }],
  ['64 entries (evictions)', { maxEntries: 64 }],
  ['no defragmentation, MPLS port', { ipDefrag: false, mplsUdpPorts: [51234] }],
]

async function read(path: string, opts: Parameters<typeof flowsFromFile>[1], fastWasm: boolean) {
  const r = await flowsFromFile(path, { ...opts, fastWasm })
  return { flows: [...r.table.jsonWithIds()].map(([, j]) => j), stats: r.table.stats, packets: r.packets, error: r.error?.message, wasm: r.table.wasmPackets, created: r.table.wasmFlows }
}

/** Frames of every kind the module handles or refuses: TCP conversations, near-shape frames, UDP between many hosts. */
function frameMix(seed: number): Array<{ sec: number; nsec: number; data: Uint8Array }> {
  const r = mulberry32(seed)
  const out = tcpStreams(seed)
  for (let i = 0; i < 4000; i++) {
    const h = Math.floor(r() * 300)
    const data = r() < 0.5
      ? nearFastShapeFrame(r)
      : Uint8Array.from([...eth(`02:00:00:00:01:${(h & 255).toString(16)}`, '02:00:00:00:00:fe', 0x0800), ...ipv4(`10.7.${h >> 8}.${h & 255}`, '10.8.0.1', 17, 8 + 10),
        ...udp(r() < 0.5 ? 5353 : 20000 + h, r() < 0.3 ? 5353 : 9000, 10), ...new Array<number>(10).fill(7)])
    out.splice(Math.floor(r() * out.length), 0, { sec: 1_700_000_000 + Math.floor(i / 100), nsec: (i % 100) * 1e7, data })
  }
  return out
}

/** Frames fed one by one to a table, copied into its module's memory when it has one (the module's per-frame entry). */
function feedFrames(opts: Omit<FlowTableOptions, 'hash64'>, hash64: Hash64, fastWasm: boolean, frames: Array<{ sec: number; nsec: number; data: Uint8Array }>) {
  const table = new FlowTable({ hash64, ...opts, fastWasm })
  const buf = table.packetBuffers(1, 65536)?.[0] ?? new Uint8Array(65536)
  for (const f of frames) {
    buf.set(f.data)
    table.addPacket(buf, 0, f.data.length, f.data.length, f.sec, f.nsec, 1)
  }
  return { flows: [...table.jsonWithIds()].map(([, j]) => j), stats: table.stats, wasm: table.wasmPackets, created: table.wasmFlows }
}

describe('WebAssembly fast path', () => {
  for (const [name, opts] of OPTION_SETS) {
    it(`gives the JavaScript path's flows, counters and errors for every trace (${name})`, async () => {
      let wasm = 0, created = 0
      for (const path of traces) {
        const js = await read(path, opts, false), fast = await read(path, opts, true)
        expect(js.wasm, path).toBe(0)
        expect(fast.flows, path).toEqual(js.flows)
        expect(fast.stats, path).toEqual(js.stats)
        expect(fast.packets, path).toBe(js.packets)
        expect(fast.error, path).toBe(js.error)
        wasm += fast.wasm
        created += fast.created
      }
      // the module does count (in-order TCP segments, SYN/FIN/RST, UDP) and create flows
      expect(wasm).toBeGreaterThan(2_000)
      expect(created).toBeGreaterThan(100)
    }, 60_000)
  }

  const FRAME_SETS: Array<[string, Omit<FlowTableOptions, 'hash64'>]> = [
    ['no TCPMetric, reassembly or defragmentation', { extraTCPMetric: false, reassembleTCP: false, ipDefrag: false }],
    ['application ports (flows on them are created by JavaScript)', { extraTCPMetric: true, reassembleTCP: true, appPorts: { tcp: { 81: 'alt-http' }, udp: { 5353: 'mdns' } } }],
    ['L3, 16 entries (evictions free slots: no room for the module)', { layerKeyMode: 'L3', extraTCPMetric: true, reassembleTCP: true, ipDefrag: true, maxEntries: 16 }],
    ['ReassembleTCP without ExtraTCPMetric', { reassembleTCP: true }],
  ]
  for (const [name, opts] of FRAME_SETS) {
    it(`counts frames fed one by one in its memory as the JavaScript path does (${name})`, async () => {
      const hash64 = await loadXxhash64()
      for (const seed of [11, 12]) {
        const frames = frameMix(seed)
        const js = feedFrames(opts, hash64, false, frames), fast = feedFrames(opts, hash64, true, frames)
        expect(fast.flows).toEqual(js.flows)
        expect(fast.stats).toEqual(js.stats)
        expect(js.wasm).toBe(0)
        // a table that evicts links its LRU order at the first eviction, and the module stops there
        expect(fast.wasm).toBeGreaterThan(opts.maxEntries ? 0 : 1_000)
        if (opts.maxEntries === undefined) expect(fast.created).toBeGreaterThan(50)
      }
    }, 60_000)
  }

  it('is the module assembled from fast-path.wat, and the layout it assumes is the table\'s', async () => {
    const { generate } = await import('../../scripts/build-wasm.mjs')
    expect(readFileSync(resolve(import.meta.dirname, '../../src/core/flow/fast-path-wasm.ts'), 'utf8')).toBe(await generate())
    expect(FAST_PATH_WASM.length).toBeGreaterThan(100)
    // fast-path.wat reads these at fixed byte offsets: numbers from record byte 88, 8 bytes each
    expect(flowArenaLayout(0, 1).stride).toBe(88 + NUMBERS * 8)
    expect([N.LAST, N.AB_PACKETS, N.AB_BYTES, N.BA_PACKETS, N.BA_BYTES, N.FLAGS, N.LINK_A_HI, N.LINK_A_LO, N.UPDATE_VERSION, N.TRANS_A, N.NET_A0, N.STREAM_AB, N.STREAM_BA])
      .toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 25])
    // a new flow's numbers, TCP flags and streams (byte offsets / 8 in the .wat)
    expect([N.RTT, N.RTT_SEC, N.RTT_NSEC, N.ID, N.START, N.LINK_B_HI, N.LINK_B_LO, N.NET_B0, N.TRANS_B, N.FINISH_TYPE,
      N.L2_HI, N.L2_LO, N.L3_HI, N.L3_LO, N.TK_HI, N.TK_LO, N.PATH, N.APP, N.CID_PROTO, N.CID_SPORT, N.CID_DPORT, N.TCP])
      .toEqual([36, 37, 38, 39, 40, 41, 42, 43, 47, 51, 52, 53, 54, 55, 56, 57, 60, 61, 62, 63, 64, 78])
    expect([T.AB_SYN, T.BA_SYN, T.AB_SYN_TTL, T.BA_SYN_TTL, T.AB_FIN, T.BA_FIN, T.AB_RST, T.BA_RST, T.AB_SEGMENTS, T.BA_SEGMENTS])
      .toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 15])
    expect([S.OPEN, S.NEXT, S.PAGES, S.FLAGS, S.END_SEC, S.END_NSEC, S.BYTES, S.PACKETS, S.OUT_OF_ORDER, S.SKIPPED, S.SKIPPED_BYTES, STREAM_WORDS])
      .toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect([F.LINK, F.V6, F.NET, F.TRANS_MASK, F.TRANS_SHIFT, F.TCP_METRIC, F.IP_METRIC, F.CID_PORTS]).toEqual([1, 2, 4, 0x70, 4, 0x100, 0x200, 0x2000])
  })
})
