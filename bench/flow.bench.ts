// Flows from packets benchmark (issue 6). Generates, without any download, a pcap of
// 1,000,000 packets over 10,000 TCP/UDP flows and a pcap of 1,000,000 distinct flows in
// bench/out/, then measures:
//   1. the flow table alone (its decoding, keys and counting, file already in memory), packets/s;
//   2. `skydive capture file` end to end (one thread, the default, and two) against
//      `tshark -q -z conv,tcp -r` and `tcpdump -r FILE -w /dev/null` (the read-only floor);
//   3. peak RSS of `skydive capture file` on 1,000,000 distinct flows with max-entries
//      100,000 versus 1,000,000, to show the table bound holds memory.
// The end-to-end runs are interleaved (skydive, skydive --threads 2, tcpdump, and again), and
// skydive/tcpdump is the median of the rounds' ratios: the host's speed swings in bursts.
// Run: npm run bench -- flow   (needs tshark and tcpdump: scripts/system-packages.txt)
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { DecodedFrame, FlowTable, LAYER, PacketDecoder, PcapParser, loadXxhash64 } from '../src/core/flow/index.js'
import { mulberry32 } from '../test/fixtures/prng.js'

const OUT = resolve(import.meta.dirname, 'out')
const ROOT = resolve(import.meta.dirname, '..')
const PACKETS = 1_000_000
const FLOWS = 10_000
const TCP_FLOWS = 7_000
const BOUND = 100_000

/** Deterministic PRNG so every run measures the same file. */
const rng = mulberry32

/** Buffered pcap writer (classic format, microseconds, Ethernet). */
class PcapWriter {
  readonly #fd: number
  readonly #buf = Buffer.alloc(8 * 1024 * 1024)
  #n = 0
  constructor(path: string) {
    this.#fd = openSync(path, 'w')
    const h = Buffer.alloc(24)
    h.writeUInt32LE(0xa1b2c3d4, 0); h.writeUInt16LE(2, 4); h.writeUInt16LE(4, 6)
    h.writeUInt32LE(65535, 16); h.writeUInt32LE(1, 20)
    writeSync(this.#fd, h)
  }
  packet(sec: number, usec: number, frame: Buffer, len: number): void {
    if (this.#n + 16 + len > this.#buf.length) this.flush()
    const b = this.#buf, o = this.#n
    b.writeUInt32LE(sec, o); b.writeUInt32LE(usec, o + 4); b.writeUInt32LE(len, o + 8); b.writeUInt32LE(len, o + 12)
    frame.copy(b, o + 16, 0, len)
    this.#n = o + 16 + len
  }
  flush(): void {
    writeSync(this.#fd, this.#buf, 0, this.#n)
    this.#n = 0
  }
  close(): void {
    this.flush()
    closeSync(this.#fd)
  }
}

/** Writes Ethernet/IPv4/(TCP|UDP) headers for `flow` into `f`; returns the frame length. */
function frame(f: Buffer, flow: number, fromClient: boolean, tcp: boolean, flags: number, seq: number, ack: number, payload: number): number {
  const cHost = flow & 0xffff, sHost = (flow >> 4) & 0xff
  const cMac = [0x02, 0, 0, 0, cHost >> 8, cHost & 255], sMac = [0x02, 0, 1, 0, 0, sHost]
  const cIp = [10, 1, cHost >> 8, cHost & 255], sIp = [10, 2, 0, sHost]
  const cPort = 20000 + (flow % 40000), sPort = tcp ? 80 + (flow % 7) : 5000 + (flow % 11)
  const [sm, dm, si, di, sp, dp] = fromClient ? [cMac, sMac, cIp, sIp, cPort, sPort] : [sMac, cMac, sIp, cIp, sPort, cPort]
  f.set(dm, 0); f.set(sm, 6); f.writeUInt16BE(0x0800, 12)
  const l4 = tcp ? 20 : 8
  const ipLen = 20 + l4 + payload
  f[14] = 0x45; f[15] = 0; f.writeUInt16BE(ipLen, 16); f.writeUInt16BE(flow & 0xffff, 18); f.writeUInt16BE(0x4000, 20)
  f[22] = 64; f[23] = tcp ? 6 : 17; f.writeUInt16BE(0, 24); f.set(si, 26); f.set(di, 30)
  f.writeUInt16BE(sp, 34); f.writeUInt16BE(dp, 36)
  if (tcp) {
    f.writeUInt32BE(seq >>> 0, 38); f.writeUInt32BE(ack >>> 0, 42); f[46] = 0x50; f[47] = flags
    f.writeUInt16BE(65535, 48); f.writeUInt32BE(0, 50)
  } else {
    f.writeUInt16BE(8 + payload, 38); f.writeUInt16BE(0, 40)
  }
  f.fill(0x61, 34 + l4, 34 + l4 + payload)
  return 34 + l4 + payload
}

/** 1,000,000 packets, 100 per flow, flows interleaved; TCP flows open and close properly. */
function generateMixed(path: string): void {
  const r = rng(6)
  const order = new Uint16Array(PACKETS)
  for (let i = 0; i < PACKETS; i++) order[i] = i % FLOWS
  for (let i = PACKETS - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); const t = order[i]!; order[i] = order[j]!; order[j] = t }
  const k = new Uint8Array(FLOWS), cSeq = new Float64Array(FLOWS), sSeq = new Float64Array(FLOWS)
  const w = new PcapWriter(path), f = Buffer.alloc(1600)
  let usec = 0
  const per = PACKETS / FLOWS
  for (let i = 0; i < PACKETS; i++) {
    const fl = order[i]!, n = k[fl]!, tcp = fl < TCP_FLOWS
    k[fl] = n + 1
    usec += 1 + Math.floor(r() * 40)
    const sec = 1_700_000_000 + Math.floor(usec / 1e6)
    let len: number
    if (!tcp) {
      len = frame(f, fl, n % 2 === 0, false, 0, 0, 0, 60 + Math.floor(r() * 400))
    } else if (n === 0) {
      cSeq[fl] = 1000 + fl; len = frame(f, fl, true, true, 0x02, cSeq[fl]!, 0, 0); cSeq[fl]!++
    } else if (n === 1) {
      sSeq[fl] = 5000 + fl; len = frame(f, fl, false, true, 0x12, sSeq[fl]!, cSeq[fl]!, 0); sSeq[fl]!++
    } else if (n >= per - 2) {
      const client = n === per - 2
      len = frame(f, fl, client, true, 0x11, client ? cSeq[fl]! : sSeq[fl]!, client ? sSeq[fl]! : cSeq[fl]!, 0)
      if (client) cSeq[fl]!++; else sSeq[fl]!++
    } else {
      const client = n % 3 === 0
      const payload = client ? 0 : 100 + Math.floor(r() * 1300)
      len = frame(f, fl, client, true, payload ? 0x18 : 0x10, client ? cSeq[fl]! : sSeq[fl]!, client ? sSeq[fl]! : cSeq[fl]!, payload)
      if (!client) sSeq[fl]! += payload
    }
    w.packet(sec, usec % 1e6, f, len)
  }
  w.close()
}

/** 1,000,000 UDP packets, each a flow of its own. */
function generateDistinct(path: string): void {
  const w = new PcapWriter(path), f = Buffer.alloc(128)
  for (let i = 0; i < PACKETS; i++) {
    const len = frame(f, i, true, false, 0, 0, 0, 18)
    f.writeUInt16BE(1024 + (i % 60000), 34) // source port
    f[28] = 1 + (i >> 16) // source IP spreads the flows further
    w.packet(1_700_000_000 + Math.floor(i / 1e5), i % 1e5, f, len)
  }
  w.close()
}

/** CPU ms (best of `runs`) of one pass over the in-memory file with `sink` per packet. */
function cpuPass(data: Uint8Array, runs: number, makeSink: () => Parameters<PcapParser['parse']>[3]): number {
  let best = Infinity
  for (let i = 0; i < runs; i++) {
    const sink = makeSink()
    const c0 = process.cpuUsage()
    new PcapParser().parse(data, 0, data.length, sink, true)
    const c = process.cpuUsage(c0)
    best = Math.min(best, (c.user + c.system) / 1000)
  }
  return best
}

/**
 * The flow table alone, the file being in memory (harness options: ExtraTCPMetric,
 * ReassembleTCP, IPDefrag): CPU time of parse + table minus that of parse. The table decodes
 * what it needs itself (its fast path reads the few header bytes of common frames, the rest
 * goes through the general decoder), so this counts decoding as table work. For comparison
 * with earlier rounds, also the general path alone (fast path off) minus a separate decode pass.
 */
async function flowTableAlone(path: string): Promise<{ parse: number; decode: number; table: number; general: number; plain: number; flows: number; fast: number }> {
  const data = readFileSync(path)
  const hash64 = await loadXxhash64()
  const runs = 7
  const parse = cpuPass(data, runs, () => () => {})
  const dec = new PacketDecoder(), frame = new DecodedFrame()
  const decode = cpuPass(data, runs, () => (b, o, c) => dec.decode(frame, b, o, o + c, LAYER.ETHERNET))
  let flows = 0, fast = 0
  const harness = { hash64, extraTCPMetric: true, reassembleTCP: true, ipDefrag: true }
  const table = cpuPass(data, runs, () => {
    const t = new FlowTable(harness)
    return (b, o, c, w, s, n, l) => { t.addPacket(b, o, c, w, s, n, l); flows = t.size; fast = t.fastPackets }
  })
  const general = cpuPass(data, runs, () => {
    const t = new FlowTable({ ...harness, fastPath: false })
    return (b, o, c, w, s, n, l) => t.addPacket(b, o, c, w, s, n, l)
  })
  // upstream's capture defaults: no ExtraTCPMetric, no reassembly, no defragmentation
  const plain = cpuPass(data, runs, () => {
    const t = new FlowTable({ hash64 })
    return (b, o, c, w, s, n, l) => t.addPacket(b, o, c, w, s, n, l)
  })
  return { parse, decode, table, general, plain, flows, fast }
}

/** Wall time and CPU time (user + sys, ms) of one run of a command, output discarded. */
function timeOnce(cmd: string, args: string[]): { wall: number; cpu: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`)
  const [e, u, sy] = r.stderr.toString().trim().split('\n').pop()!.split(' ').map(Number)
  return { wall: e! * 1000, cpu: (u! + sy!) * 1000 }
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!

/** Median wall and CPU time of a command over interleaved rounds, and its single wall times. */
interface Timed { wall: number; cpu: number; walls: number[] }

/**
 * `rounds` rounds of every command in turn (A B C A B C …), so a ratio compares runs made in
 * the same seconds: the host's speed swings in bursts that move single runs by ±50 %. Returns
 * each command's medians and ratio(i, j), the median over rounds of i's wall time over j's.
 */
function interleaved(cmds: Array<[string, string[]]>, rounds: number): { timed: Timed[]; ratio(i: number, j: number): { median: number; min: number; max: number } } {
  const runs = cmds.map(() => [] as Array<{ wall: number; cpu: number }>)
  for (let r = 0; r < rounds; r++) cmds.forEach(([cmd, args], i) => runs[i]!.push(timeOnce(cmd, args)))
  return {
    timed: runs.map((l) => ({ wall: median(l.map((x) => x.wall)), cpu: median(l.map((x) => x.cpu)), walls: l.map((x) => x.wall) })),
    ratio(i, j) {
      const q = runs[i]!.map((x, k) => x.wall / runs[j]![k]!.wall)
      return { median: median(q), min: Math.min(...q), max: Math.max(...q) }
    },
  }
}

/** ms a fixed 3·10^8-iteration loop takes: ~165 when the second core is free, ~1,200 when V8's background compiler waits for it. */
function fixedLoop(): number {
  const r = spawnSync(process.execPath, ['-e', 'let x = 0; const t = Date.now(); for (let i = 0; i < 3e8; i++) x = (x + i * 7) | 0; console.log(Date.now() - t, x)'])
  return Number(r.stdout.toString().split(' ')[0])
}

/**
 * Peak RSS (kB, the kernel's maximum resident set as /usr/bin/time reports it) of `skydive
 * capture file` with a given table bound. (Polling /proc/PID/status missed the last moments,
 * when the output is written.)
 */
function peakRss(path: string, maxEntries: number): Promise<{ kb: number; lines: number; dropped: string }> {
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, resolve(ROOT, 'bin/skydive'), 'capture', 'file', path, '--max-entries', String(maxEntries)],
      { stdio: ['ignore', 'pipe', 'pipe'] })
    let lines = 0, err = ''
    child.stdout.on('data', (d: Buffer) => { for (const x of d) if (x === 10) lines++ })
    child.stderr.on('data', (d: Buffer) => { err += d })
    child.on('exit', (code) => {
      const kb = Number(/maxrss=(\d+)/.exec(err)?.[1] ?? Number.NaN)
      if (code !== 0 || !Number.isFinite(kb)) fail(new Error(`capture file exited ${code}: ${err}`))
      else done({ kb, lines, dropped: /(\d+) flows were dropped/.exec(err)?.[1] ?? '0' })
    })
  })
}

mkdirSync(OUT, { recursive: true })
const mixed = resolve(OUT, 'flows-1m-packets.pcap'), distinct = resolve(OUT, 'flows-1m-distinct.pcap')
if (!existsSync(mixed)) generateMixed(mixed)
if (!existsSync(distinct)) generateDistinct(distinct)
if (!existsSync(resolve(ROOT, 'dist/cli.js'))) throw new Error('run `npm run build` first: the benchmark times bin/skydive')
console.log(`inputs: ${mixed} (${(statSync(mixed).size / 1e6).toFixed(0)} MB), ${distinct} (${(statSync(distinct).size / 1e6).toFixed(0)} MB)`)

const a = await flowTableAlone(mixed)
const rate = (ms: number): string => `${(PACKETS / ms / 1000).toFixed(2)} M packets/s`
console.log(`in memory, CPU ms (best of 7): parse ${a.parse.toFixed(0)}, parse + decode ${a.decode.toFixed(0)}, parse + flow table ${a.table.toFixed(0)} (${a.flows} flows, ${a.fast} of ${PACKETS} packets on the fast path)`)
console.log(`flow table alone (table with its own decoding, minus parse), harness options: ${(a.table - a.parse).toFixed(0)} ms = ${rate(a.table - a.parse)} (target >= 3 M/s); whole in-memory pipeline: ${rate(a.table)}`)
console.log(`general path only (fast path off), table - decode as in earlier rounds: ${(a.general - a.decode).toFixed(0)} ms = ${rate(a.general - a.decode)}; decode + table ${rate(a.general - a.parse)}`)
console.log(`flow table alone, upstream's default capture options (no TCP metric, reassembly or defrag): ${(a.plain - a.parse).toFixed(0)} ms = ${rate(a.plain - a.parse)}`)

const cli = [resolve(ROOT, 'bin/skydive'), 'capture', 'file', mixed]
const ROUNDS = 9
console.log(`load average before the end-to-end runs: ${loadavg().map((x) => x.toFixed(2)).join(', ')}; fixed loop ${fixedLoop()} ms`)
const e2e = interleaved([
  [process.execPath, cli], // one thread, the default
  [process.execPath, [...cli, '--threads', '2']],
  ['tcpdump', ['-r', mixed, '-w', '/dev/null']],
], ROUNDS)
const [skydive, two, tcpdump] = e2e.timed as [Timed, Timed, Timed]
const tshark = timeOnce('tshark', ['-q', '-z', 'conv,tcp', '-r', mixed])
console.log(`fixed loop after them: ${fixedLoop()} ms`)
const show = (t: { wall: number; cpu: number }): string => `${t.wall.toFixed(0)} ms wall, ${t.cpu.toFixed(0)} ms CPU`
const span = (q: { median: number; min: number; max: number }): string => `${q.median.toFixed(2)}x (rounds ${q.min.toFixed(2)}–${q.max.toFixed(2)}x)`
console.log(`skydive capture file: ${show(skydive)}; with --threads 2: ${show(two)} (medians of ${ROUNDS} interleaved rounds)`)
console.log(`tcpdump -r FILE -w /dev/null: ${show(tcpdump)}; tshark -q -z conv,tcp: ${show(tshark)} (1 run)`)
console.log(`runs (ms): skydive ${skydive.walls.map((x) => x.toFixed(0)).join(' ')}; tcpdump ${tcpdump.walls.map((x) => x.toFixed(0)).join(' ')}`)
console.log(`ratios (wall): tshark/skydive = ${(tshark.wall / skydive.wall).toFixed(1)}x (target >= 10x); skydive/tcpdump = ${span(e2e.ratio(0, 2))} (target <= 2x), with --threads 2 ${span(e2e.ratio(1, 2))}`)

const bounded = await peakRss(distinct, BOUND)
const unbounded = await peakRss(distinct, PACKETS)
console.log(`1,000,000 distinct flows, --max-entries ${BOUND}: peak RSS ${(bounded.kb / 1024).toFixed(0)} MiB, ${bounded.lines} flows printed, ${bounded.dropped} dropped`)
console.log(`1,000,000 distinct flows, --max-entries ${PACKETS}: peak RSS ${(unbounded.kb / 1024).toFixed(0)} MiB, ${unbounded.lines} flows printed`)
