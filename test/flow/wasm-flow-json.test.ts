// The WebAssembly JSON writer (core/flow/flow-json.wat) must print what the JavaScript writer
// prints: for every reference trace and generated ones (counters past 2^32, tunnels, DNS lines
// larger than the module's buffer room, ICMP, IPv6), in option sets that switch it on and off,
// the JSON lines of a table with the module equal writeFlowJson's line for line.
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { FlowTable, type FlowTableOptions, type Hash64, PcapParser, loadXxhash64 } from '../../src/core/flow/index.js'
import { FLOW_JSON_WASM } from '../../src/core/flow/flow-json-wasm.js'
import type { FlowContext } from '../../src/core/flow/flow-create.js'
import { writeFlowJson } from '../../src/core/flow/flow-json.js'
import { F, N, NUMBERS } from '../../src/core/flow/flow-record.js'
import { Interner } from '../../src/core/flow/interner.js'
import { JsonBytes } from '../../src/core/flow/json-bytes.js'
import { JSON_CHUNK, LINE_ROOM, WASM_JSON_BYTES, WasmFlowJson } from '../../src/core/flow/wasm-flow-json.js'
import { wasmMemory } from '../../src/core/flow/wasm-module.js'
import { mulberry32 } from '../fixtures/prng.js'
import { type Packet, TCP_FLAGS, eth, ethIpv4, icmpEcho, ipv4, ipv6, pcapFile, tcp, udp } from './frames.js'

const DIR = resolve(import.meta.dirname, '../fixtures/pcaps')
const references = [
  ...readdirSync(DIR).filter((f) => /\.pcap(ng)?$/.test(f)).map((f) => join(DIR, f)),
  ...readdirSync(join(DIR, 'derived')).map((f) => join(DIR, 'derived', f)),
]

/** UDP and TCP flows between many hosts, some with counters past 2^32 (wire lengths near 4 GB), ICMP and IPv6. */
function mixed(seed: number): Uint8Array {
  const r = mulberry32(seed)
  const packets: Packet[] = []
  for (let i = 0; i < 3000; i++) {
    const h = Math.floor(r() * 400), up = r() < 0.5
    const a = `10.${h >> 8}.${h & 255}.${1 + (h % 7)}`, b = `192.168.${h % 5}.${200 + (h % 50)}`
    const [src, dst] = up ? [a, b] : [b, a]
    const kind = h % 10
    const data = kind < 5
      ? ethIpv4({ src, dst, proto: 17, l4: udp(up ? 40000 + h : 53 + (h % 3), up ? 53 + (h % 3) : 40000 + h, 20), payload: 20 })
      : kind < 8
        ? ethIpv4({ src, dst, proto: 6, l4: tcp(up ? 50000 + h : 443, up ? 443 : 50000 + h, i % 50 === 0 ? TCP_FLAGS.SYN : TCP_FLAGS.ACK, 1000 + i), payload: 10 })
        : kind === 8
          ? ethIpv4({ src, dst, proto: 1, l4: icmpEcho(up ? 8 : 0, h) })
          : Uint8Array.from([...eth('02:00:00:00:00:01', '02:00:00:00:00:02', 0x86dd), ...ipv6(`fd00::${h.toString(16)}`, 'fd00::1', 17, 8), ...udp(1000 + h, 2000, 0)])
    // a few flows count wire lengths near 4 GB: their byte counters pass 2^32
    packets.push({ sec: 1_700_000_000 + Math.floor(i / 100), nsec: (i % 100) * 1e7, data, ...(h % 37 === 0 ? { wireLen: 0xffff0000 } : {}) })
  }
  return pcapFile(packets)
}

/** DNS responses with one TXT record of `strings` 255-byte strings (a line of ~1.1 kB per string). */
function dnsTxt(id: number, strings: number): Uint8Array {
  const txt: number[] = []
  for (let s = 0; s < strings; s++) txt.push(255, ...new Array<number>(255).fill(0x61 + (s % 26)))
  const dns = [id >> 8, id & 255, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0x61, 0, 0, 16, 0, 1,
    0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, txt.length >> 8, txt.length & 255, ...txt]
  return Uint8Array.from([...eth('02:00:00:00:00:09', '02:00:00:00:00:0a', 0x0800),
    ...ipv4('10.53.0.1', `10.54.${id >> 8}.${id & 255}`, 17, 8 + dns.length), ...udp(53, 20000 + id, dns.length), ...dns])
}

/** 1,000-byte UDP flows with a 40-string TXT response every 25 flows: some start where their line cannot fit the module's buffer. */
function dnsLarge(): Uint8Array {
  const packets: Packet[] = []
  for (let i = 0; i < 3000; i++) {
    const data = i % 25 === 12 ? dnsTxt(i, 40) : ethIpv4({ src: `10.1.${i >> 8}.${i & 255}`, dst: '10.2.0.1', proto: 17, l4: udp(30000 + (i % 1000), 7000, 0) })
    packets.push({ sec: 1_700_000_000, nsec: i * 1000, data })
  }
  return pcapFile(packets)
}

let hash64: Hash64
beforeAll(async () => { hash64 = await loadXxhash64() })

/** A table with the module (fastWasm) fed `bytes`, its JSON lines from jsonLineChunks, and writeFlowJson's lines. */
function lines(bytes: Uint8Array, opts: Omit<FlowTableOptions, 'hash64'>, chunkBytes?: number, tick = false) {
  const table = new FlowTable({ hash64, fastWasm: true, ...opts })
  new PcapParser().parse(bytes, 0, bytes.length, (b, o, c, w, s, n, l) => table.addPacket(b, o, c, w, s, n, l), true)
  if (tick) table.update(2_000_000_000_000)
  const chunks: string[] = []
  const dec = new TextDecoder()
  for (const c of table.jsonLineChunks(chunkBytes)) chunks.push(dec.decode(c))
  const text = chunks.join('')
  return { table, printed: text.split('\n').slice(0, -1), js: [...table.jsonWithIds()].map(([, j]) => j), chunks, text }
}

const HARNESS = { extraTCPMetric: true, reassembleTCP: true, ipDefrag: true }
const OPTION_SETS: Array<[string, Omit<FlowTableOptions, 'hash64'>, boolean]> = [
  ['harness, L2', HARNESS, false],
  ['L3, extra layers, update tick (LastUpdateMetric)', { layerKeyMode: 'L3', extraLayers: ['DNS', 'DHCPv4', 'VRRP'] }, true],
  ['Community ID seed 0x1234, app ports, MPLS port', { ...HARNESS, communityIdSeed: 0x1234, appPorts: { udp: { 53: 'my-dns' } }, mplsUdpPorts: [51234] }, false],
  ['Community ID seed past 16 bits (70000)', { communityIdSeed: 70000 }, false],
  ['NodeTID and CaptureID (the module is off)', { nodeTID: 'node "1"', captureID: 'cap\\1' }, false],
]

describe('WebAssembly flow JSON writer', () => {
  for (const [name, opts, tick] of OPTION_SETS) {
    it(`prints writeFlowJson's lines for every reference trace (${name})`, () => {
      let wasm = 0, flows = 0
      for (const path of references) {
        const r = lines(readFileSync(path), opts, undefined, tick)
        expect(r.printed, path).toEqual(r.js)
        wasm += r.table.wasmJsonLines
        flows += r.js.length
      }
      if (opts.nodeTID) expect(wasm).toBe(0)
      // most reference flows are IPv6, ICMP or carry extra layers, which are JavaScript's
      else expect(wasm).toBeGreaterThan(flows / 8)
    })
  }

  it('prints writeFlowJson\'s lines for generated flows: counters past 2^32, ICMP, IPv6, LastUpdateMetric, small chunks', () => {
    for (const [opts, chunk, tick] of [[HARNESS, undefined, false], [{ layerKeyMode: 'L3' as const }, 700, true], [{ communityIdSeed: 9 }, 64 * 1024, false]] as const) {
      const r = lines(mixed(7), opts, chunk, tick)
      if (tick) expect(r.js.filter((l) => l.includes('LastUpdateMetric')).length).toBeGreaterThan(300)
      expect(r.printed).toEqual(r.js)
      expect(r.js.length).toBeGreaterThan(300)
      // the module wrote most lines, and some of them carry numbers past 2^32
      expect(r.table.wasmJsonLines).toBeGreaterThan(r.js.length / 2)
      expect(r.js.some((l) => /"ABBytes":\d{11,}/.test(l))).toBe(true)
      if (chunk) for (const c of r.chunks.slice(0, -1)) expect(Buffer.byteLength(c)).toBeGreaterThanOrEqual(chunk)
    }
  })

  it('prints DNS lines longer than the module\'s room (written by JavaScript, the buffer outgrown) between its own', () => {
    const r = lines(dnsLarge(), { extraLayers: ['DNS'] })
    expect(r.printed).toEqual(r.js)
    // the case is there: a DNS line starts before the chunk's end and ends past the buffer
    let pos = 0, outgrown = 0
    for (const l of r.js) {
      const n = Buffer.byteLength(l) + 1
      if (pos + n > JSON_CHUNK + LINE_ROOM) outgrown++
      pos += n
      if (pos >= JSON_CHUNK) pos = 0
    }
    expect(outgrown).toBeGreaterThan(0)
    expect(r.table.wasmJsonLines).toBeGreaterThan(2000)
  })

  it('leaves a record whose numbers are not integers in 0…2^53 to JavaScript, and writes the same as it otherwise', () => {
    const memory = wasmMemory(4096 + WASM_JSON_BYTES)
    const ctx = { o: { hash64, nodeTID: '', captureID: '', communityIdSeed: 5 }, strings: new Interner(), nodeTid: new Uint8Array(0) } as unknown as FlowContext
    ctx.strings.id('Ethernet/IPv4/UDP')
    const json = WasmFlowJson.create(memory, 4096, ctx)!
    json.sync(ctx.strings)
    // a UDP flow's record at byte 8
    const m = new Float64Array(memory.buffer, 8, NUMBERS)
    m[N.FLAGS] = F.LINK | F.NET | (3 << F.TRANS_SHIFT) | F.CID_PORTS
    m[N.START] = 1_700_000_000_123; m[N.LAST] = 1_700_000_000_456
    m[N.LINK_A_HI] = 0x02000000; m[N.LINK_A_LO] = 1; m[N.LINK_B_HI] = 0x02000000; m[N.LINK_B_LO] = 2
    m[N.NET_A0] = 0x0a000001; m[N.NET_B0] = 0x0a000002; m[N.TRANS_A] = 4000; m[N.TRANS_B] = 53
    m[N.CID_PROTO] = 17; m[N.CID_SPORT] = 4000; m[N.CID_DPORT] = 53
    m[N.AB_PACKETS] = 3; m[N.AB_BYTES] = 2 ** 40 + 7; m[N.TK_HI] = 0xdeadbeef; m[N.TK_LO] = 0x01234567
    const js = (): string => { const w = new JsonBytes(4096); writeFlowJson(w, ctx, m, 0, undefined); return new TextDecoder().decode(w.view()) }
    const end = json.line(8, 0)
    expect(end).toBeGreaterThan(0)
    expect(new TextDecoder().decode(json.out.subarray(0, end))).toBe(`${js()}\n`)
    expect(js()).toContain('"ABBytes":1099511627783')
    for (const v of [0.5, -3, 2 ** 53, Number.NaN, 2 ** 32 + 0.25, Number.POSITIVE_INFINITY]) {
      m[N.AB_BYTES] = v
      expect(json.line(8, 0), String(v)).toBe(-1)
    }
  })

  it('is the module assembled from flow-json.wat', async () => {
    const { MODULES, generate } = await import('../../scripts/build-wasm.mjs')
    const json = MODULES.find((m) => m.wat === 'flow-json.wat')!
    expect(readFileSync(resolve(import.meta.dirname, '../../src/core/flow/flow-json-wasm.ts'), 'utf8')).toBe(await generate(json))
    expect(FLOW_JSON_WASM.length).toBeGreaterThan(100)
    // flow-json.wat reads these at fixed byte offsets (index × 8) and flag bits
    expect([N.LAST, N.AB_PACKETS, N.AB_BYTES, N.BA_PACKETS, N.BA_BYTES, N.FLAGS, N.LINK_A_HI, N.LINK_A_LO, N.TRANS_A, N.NET_A0, N.RTT,
      N.START, N.LINK_B_HI, N.LINK_B_LO, N.NET_B0, N.TRANS_B, N.LINK_ID, N.NET_ID, N.FINISH_TYPE, N.L2_HI, N.L2_LO, N.L3_HI, N.L3_LO,
      N.TK_HI, N.TK_LO, N.PARENT_HI, N.PARENT_LO, N.PATH, N.APP, N.CID_PROTO, N.CID_SPORT, N.CID_DPORT, N.IPM_FRAGMENTS, N.IPM_ERRORS,
      N.LU_AB_PACKETS, N.LU_AB_BYTES, N.LU_BA_PACKETS, N.LU_BA_BYTES, N.LU_START, N.LU_LAST, N.LU_RTT, N.TCP])
      .toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 36, 40, 41, 42, 43, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66,
        67, 68, 69, 70, 71, 72, 73, 78])
    expect([F.LINK, F.V6, F.NET, F.TRANS_MASK, F.TRANS_SHIFT, F.TCP_METRIC, F.IP_METRIC, F.LAST_UPDATE, F.PARENT, F.ICMP, F.CID_PORTS])
      .toEqual([1, 2, 4, 0x70, 4, 0x100, 0x200, 0x400, 0x800, 0x1000, 0x2000])
  })
})
