// Agent benchmarks (issue 4): `npm run bench -- agent`. Needs root (ip link add) and a build
// (`npm run build`: agent and analyzer run as real bin/skydive processes).
//  1. socketinfo scan with 20,000 open loopback sockets, warm, against `ss -tanp` in the same run
//  2. agent footprint with those sockets, 10 s rescans over 60 s: CPU % of a core and RSS, first
//     with no socket changing, then with 1 % of the connections replaced every 10 s
//  3. change latency: veth created -> node visible in an analyzer query (median of 20)
// The socket helper is a bounded child process (exits after 5 minutes or when we close its stdin).
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { SocketScanner } from '../src/probes/index.js'

const BIN = resolve(import.meta.dirname, '../bin/skydive')
const CONNECTIONS = 10_000 // two sockets each: 20,000 sockets
// Spread over several helpers: the hard open-file limit here is 20,000 per process and
// cannot be raised (no CAP_SYS_RESOURCE); each helper holds 5,000 sockets.
const HELPERS = 4
const SOCKET_PORT = 18_440
const FOOTPRINT_SECONDS = Number(process.env['AGENT_BENCH_SECONDS'] ?? 60)

const HELPER = `
const net = require('net')
const [port, n] = process.argv.slice(2).map(Number)
const socks = []
const server = net.createServer((s) => { socks.push(s); s.on('error', () => {}) })
server.listen(port, '127.0.0.1', async () => {
  for (let i = 0; i < n; i += 500) {
    await Promise.all(Array.from({ length: Math.min(500, n - i) }, () => new Promise((ok, ko) => {
      const c = net.connect(port, '127.0.0.1', () => ok()); c.on('error', ko); socks.push(c) })))
  }
  console.log('ready ' + socks.length)
})
// "churn" on stdin: every 10 s, close 25 of the connections and open 25 new ones (bounded by
// the helper's own 5-minute life), so rescans see the changes a busy host has.
const conns = () => socks.filter((s) => s.remotePort === port)
process.stdin.on('data', (d) => {
  if (!String(d).includes('churn')) return
  setInterval(() => {
    for (const c of conns().slice(0, 25)) { c.destroy(); socks.splice(socks.indexOf(c), 1) }
    for (let i = 0; i < 25; i++) { const c = net.connect(port, '127.0.0.1'); c.on('error', () => {}); socks.push(c) }
  }, 10000)
})
process.stdin.on('end', () => process.exit(0)); process.stdin.resume()
setTimeout(() => process.exit(0), 300000)
`

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const ms = (x: number) => `${x.toFixed(1)} ms`

async function waitLine(child: ChildProcess, text: string, timeoutMs: number, what: string): Promise<string> {
  let buf = ''
  return new Promise((ok, ko) => {
    const t = setTimeout(() => ko(new Error(`${what} not ready in ${timeoutMs} ms:\n${buf}`)), timeoutMs)
    const on = (d: Buffer) => {
      buf += d.toString()
      const line = buf.split('\n').find((l) => l.includes(text))
      if (line) { clearTimeout(t); ok(line) }
    }
    child.stdout?.on('data', on)
    child.stderr?.on('data', on)
  })
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(f[11]) + Number(f[12]) // utime + stime (fields 14, 15)
}

function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

let ANALYZER = ''

/** A loopback port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((ok, ko) => {
    const srv = createServer().on('error', ko)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => ok(port))
    })
  })
}

function rssFileMB(pid: number): number {
  const m = /RssFile:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

async function query(q: string): Promise<unknown[]> {
  const res = await fetch(`http://${ANALYZER}/api/topology`, { method: 'POST', body: JSON.stringify({ GremlinQuery: q }) })
  return (await res.json()) as unknown[]
}

function startSkydive(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the agent benchmark needs root (it creates veth pairs)')
  const dir = mkdtempSync(join(tmpdir(), 'sdt-agent-bench-'))
  const helperFile = join(dir, 'sockets.cjs')
  writeFileSync(helperFile, HELPER)
  const helpers = Array.from({ length: HELPERS }, (_, i) => spawn(process.execPath,
    [helperFile, String(SOCKET_PORT + 10 + i), String(CONNECTIONS / HELPERS)], { stdio: ['pipe', 'pipe', 'inherit'] }))
  const children: ChildProcess[] = [...helpers]
  try {
    console.log(`opening ${CONNECTIONS} loopback connections (${2 * CONNECTIONS} sockets) in ${HELPERS} helper processes...`)
    for (const h of helpers) console.log(await waitLine(h, 'ready', 120_000, 'socket helper'))

    // ---- 1. scan vs ss -tanp ------------------------------------------------------------
    const scanner = new SocketScanner()
    let t = performance.now()
    const cold = scanner.scan()
    const coldMs = performance.now() - t
    const warm: number[] = []
    const warmCpu: number[] = []
    let count = 0
    for (let i = 0; i < 10; i++) {
      const c0 = process.cpuUsage()
      t = performance.now()
      count = scanner.scan().length
      warm.push(performance.now() - t)
      const c = process.cpuUsage(c0)
      warmCpu.push((c.user + c.system) / 1000)
    }
    const ss: number[] = []
    let ssLines = 0
    for (let i = 0; i < 10; i++) {
      t = performance.now()
      const r = spawnSync('ss', ['-tanp'], { maxBuffer: 256 * 1024 * 1024 })
      ss.push(performance.now() - t)
      ssLines = r.stdout.toString().split('\n').length - 2
    }
    console.log(`\n## socketinfo scan, ${count} sockets with their process (cold ${cold.length})`)
    console.log(`cold scan (walks every fd): ${ms(coldMs)}`)
    console.log(`warm scan: median ${ms(median(warm))}, p90 ${ms(pct(warm, 0.9))}; CPU (user+sys) median ${ms(median(warmCpu))} (last: ${JSON.stringify(scanner.stats)})`)
    console.log(`ss -tanp (${ssLines} lines): median ${ms(median(ss))}, p90 ${ms(pct(ss, 0.9))}`)
    console.log(`ratio warm scan / ss -tanp: ${(median(warm) / median(ss)).toFixed(2)}x (target <= 0.5x)`)

    // ---- 2. agent footprint ----------------------------------------------------------------
    ANALYZER = `127.0.0.1:${await freePort()}`
    const analyzer = startSkydive(['analyzer', '--listen', ANALYZER, '--host-id', 'sdt-agent-bench-an'])
    children.push(analyzer)
    await waitLine(analyzer, 'Analyzer listening', 20_000, 'analyzer')
    const agent = startSkydive(['agent', '--analyzer', ANALYZER, '--host-id', 'sdt-agent-bench', '--probes', 'socketinfo'],
      { SKYDIVE_AGENT_TOPOLOGY_SOCKETINFO_HOST_UPDATE: '10', SKYDIVE_LOGGING_LEVEL: 'debug' })
    children.push(agent)
    let agentLog = ''
    agent.stderr!.on('data', (d: Buffer) => { agentLog += d.toString() })
    await waitLine(agent, 'graph synced', 30_000, 'agent')
    // The same agent without socketinfo: Node + modules + interfaces, the floor of the RSS.
    const idle = startSkydive(['agent', '--analyzer', ANALYZER, '--host-id', 'sdt-agent-bench-idle', '--probes', 'hardware'])
    children.push(idle)
    await waitLine(idle, 'graph synced', 30_000, 'idle agent')
    // Warm: past start-up, the cold fd walk and the second scan (which may re-read fds once).
    await sleep(22_000)
    const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
    const pid = agent.pid!
    /** CPU, RSS and scan costs of the agent over one footprint window. */
    const window = async (label: string) => {
      const idleC0 = cpuTicks(idle.pid!)
      const logFrom = agentLog.length
      const t0 = performance.now()
      const c0 = cpuTicks(pid)
      const rss: number[] = []
      for (let s = 0; s < FOOTPRINT_SECONDS; s++) {
        await sleep(1000)
        rss.push(rssMB(pid))
      }
      const elapsed = (performance.now() - t0) / 1000
      const cpuPct = ((cpuTicks(pid) - c0) / hz) / elapsed * 100
      const idlePct = ((cpuTicks(idle.pid!) - idleC0) / hz) / elapsed * 100
      const ticks = [...agentLog.slice(logFrom).matchAll(/Sockets scanned .*changed=(\w+) cpuMs=(\d+) updateCpuMs=(\d+)/g)]
      const scanMs = ticks.map((m) => Number(m[2]))
      const changed = ticks.filter((m) => m[1] === 'true')
      const updateMs = changed.map((m) => Number(m[3]))
      const sockets = await query("G.V().Has('Type','host','Name','sdt-agent-bench')")
      const n = ((sockets[0] as { Metadata: { Sockets?: unknown[] } } | undefined)?.Metadata.Sockets ?? []).length
      console.log(`\n## agent footprint ${label}, ${n} sockets on the host node, host_update 10 s, ${FOOTPRINT_SECONDS} s`)
      console.log(`CPU: ${cpuPct.toFixed(2)} % of one core (target <= 1 %); same agent without socketinfo: ${idlePct.toFixed(2)} %`)
      console.log(`  ${ticks.length} scans, ${changed.length} with changed Sockets; scan CPU median ${ticks.length ? median(scanMs) : 0} ms, ` +
        `total ${scanMs.reduce((a, b) => a + b, 0)} ms; update (graph + publishing) CPU median ${updateMs.length ? median(updateMs) : 0} ms, ` +
        `total ${updateMs.reduce((a, b) => a + b, 0)} ms`)
      console.log(`RSS: median ${median(rss).toFixed(1)} MB, max ${Math.max(...rss).toFixed(1)} MB (target <= 80 MB); ` +
        `same agent without socketinfo: ${rssMB(idle.pid!).toFixed(1)} MB, of which file-backed (node binary) ${rssFileMB(idle.pid!).toFixed(1)} MB`)
    }
    await window('without churn, after a 25 s warm-up')
    // Then churn, as on a busy host: 100 connections (200 sockets, 1 %) replaced every 10 s.
    for (const h of helpers) h.stdin?.write('churn\n')
    await window('with churn (100 connections replaced every 10 s), right after the window above')

    // ---- 3. change latency -----------------------------------------------------------------
    const lat: number[] = []
    for (let i = 0; i < 20; i++) {
      const name = `sdt-agent-lb${i}`
      const start = performance.now()
      execFileSync('ip', ['link', 'add', name, 'type', 'veth', 'peer', 'name', `sdt-agent-lc${i}`])
      try {
        for (;;) {
          if ((await query(`G.V().Has('Name','${name}')`)).length > 0) break
          if (performance.now() - start > 10_000) throw new Error(`${name} not visible after 10 s`)
          await sleep(2)
        }
        lat.push(performance.now() - start)
      } finally {
        execFileSync('ip', ['link', 'del', name])
      }
      await sleep(50)
    }
    console.log(`\n## change latency, veth created -> visible in an analyzer query (20 runs)`)
    console.log(`median ${ms(median(lat))}, p90 ${ms(pct(lat, 0.9))}, max ${ms(Math.max(...lat))}`)
  } finally {
    for (const h of helpers) h.stdin?.end()
    for (const c of children) c.kill()
    for (let i = 0; i < 20; i++) spawnSync('ip', ['link', 'del', `sdt-agent-lb${i}`], { stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
