// Analyzer benchmark (issue 3): `npm run bench -- analyzer`. Needs a build (`npm run build`):
// the analyzer runs as a real `bin/skydive analyzer` process; 100 simulated agents talk to it
// over real WebSockets from this process.
//  1. Sync: 100 agents each send a Sync of 1,000 nodes (+ 999 ownership edges)
//  2. paced load: each agent sends 100 NodePartiallyUpdated/s (10,000 msg/s in all) for 8 s,
//     while POST /api/topology G.V().Has('Type','host') is timed back to back (p50/p99)
//  3. saturation: every agent sends rounds of 1,000 updates as fast as it can, two rounds in
//     flight; a round counts once each agent's last update is visible through the REST API
//     (messages on one socket are applied in order): applied messages, not sent ones. ~10 s.
// RSS of the analyzer process is read from /proc after each phase. Total run time ~30 s.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { resolve } from 'node:path'
import WebSocket from 'ws'

const BIN = resolve(import.meta.dirname, '../bin/skydive')
const AGENTS = 100
const NODES = 1000
const PACED_SECONDS = 8
const PACED_RATE = 100 // per agent per second
const SATURATION_BUDGET_MS = 10_000
const ROUND = 1000 // updates per agent per saturation round

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => ok(port))
    })
  })
}

/** CPU seconds (user + system) the process has used; /proc ticks are 1/100 s on Linux. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(f[11]) + Number(f[12])) / 100
}

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
}

async function query(base: string, gremlin: string, retry = true): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(`${base}/api/topology`, { method: 'POST', body: JSON.stringify({ GremlinQuery: gremlin }), headers: { 'Content-Type': 'application/json' } })
  } catch (err) {
    // A kept-alive connection closed by the server just as fetch reused it: retry once on a new one.
    if (retry) return query(base, gremlin, false)
    throw err
  }
  if (!res.ok) throw new Error(`query ${gremlin} answered ${res.status}: ${await res.text()}`)
  return res.json()
}

/** True when every host node's Seq is at least `seq`: everything sent before is applied. */
async function allReached(base: string, seq: number): Promise<boolean> {
  const seqs = (await query(base, "G.V().Has('Type','host').Values('Seq')")) as number[] | null
  return (seqs ?? []).length === AGENTS && seqs!.every((s) => s >= seq)
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** One simulated agent: its socket and the revision counter of each of its nodes. */
class SimAgent {
  readonly ws: WebSocket
  readonly revisions = new Array<number>(NODES).fill(1)
  next = 0
  seq = 0
  constructor(readonly id: string, url: string) {
    this.ws = new WebSocket(url, {
      perMessageDeflate: false,
      headers: { 'X-Host-ID': id, 'X-Client-Type': 'agent', 'X-Client-Protocol': 'json', 'X-Persistence-Policy': 'DeleteOnDisconnect' },
    })
  }
  opened(): Promise<void> {
    return new Promise((ok, ko) => { this.ws.once('open', () => ok()); this.ws.once('error', ko) })
  }
  nodeID(i: number): string {
    return `${this.id}-n${i}`
  }
  sync(): void {
    const now = Date.now()
    const el = (ID: string, Metadata: Record<string, unknown>) => ({ ID, Metadata, Host: this.id, Origin: `agent.${this.id}`, CreatedAt: now, UpdatedAt: now, DeletedAt: null, Revision: 1 })
    const nodes = [el(this.nodeID(0), { Type: 'host', Name: this.id })]
    for (let i = 1; i < NODES; i++) nodes.push(el(this.nodeID(i), { Type: 'device', Name: `eth${i}`, MTU: 1500, MAC: `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, State: 'UP' }))
    const edges = nodes.slice(1).map((n, i) => ({ ...el(`${this.id}-e${i}`, { RelationType: 'ownership' }), Parent: this.nodeID(0), Child: n.ID }))
    this.ws.send(JSON.stringify({ Namespace: 'Graph', Type: 'Sync', Obj: { Nodes: nodes, Edges: edges } }))
  }
  /** One partial update of the next device node (node 0, the host, carries the barrier). */
  update(): void {
    const i = 1 + (this.next++ % (NODES - 1))
    const rev = ++this.revisions[i]!
    this.ws.send(`{"Namespace":"Graph","Type":"NodePartiallyUpdated","Obj":{"ID":"${this.nodeID(i)}","UpdatedAt":${Date.now()},"Revision":${rev},"Ops":[{"Type":1,"Key":"Metric.RxBytes","Value":${rev * 1500}}]}}`)
  }
  /** Marks the end of a batch: the host node's Seq, visible once everything before it is applied. */
  barrier(): number {
    const rev = ++this.revisions[0]!
    this.seq++
    this.ws.send(`{"Namespace":"Graph","Type":"NodePartiallyUpdated","Obj":{"ID":"${this.nodeID(0)}","UpdatedAt":${Date.now()},"Revision":${rev},"Ops":[{"Type":1,"Key":"Seq","Value":${this.seq}}]}}`)
    return this.seq
  }
}

async function main(): Promise<void> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  // ANALYZER_BENCH_PROF=<dir> writes a CPU profile of the analyzer there.
  const prof = process.env['ANALYZER_BENCH_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['ANALYZER_BENCH_PROF']}`] : []
  const analyzer = spawn(process.execPath, [...prof, BIN, 'analyzer', '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, SKYDIVE_LOGGING_LEVEL: 'warn', SKYDIVE_HOST_ID: 'bench-analyzer' }, stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    await until(async () => fetch(`${base}/api`).then((r) => r.ok, () => false), 20_000, 'analyzer start')
    const pid = analyzer.pid!
    const rssIdle = rssKb(pid)

    // 1. Sync
    const agents = Array.from({ length: AGENTS }, (_, i) => new SimAgent(`bench-agent-${i}`, `ws://127.0.0.1:${port}/ws/agent/topology`))
    const t0 = performance.now()
    await Promise.all(agents.map((a) => a.opened()))
    for (const a of agents) a.sync()
    await until(async () => (await query(base, 'G.V().Count()')) === AGENTS * NODES, 60_000, 'all syncs')
    const syncMs = performance.now() - t0
    const rssSynced = rssKb(pid)
    const edges = (await query(base, 'G.E().Count()')) as number

    // 2. paced load + query latency: one driver tick tops every agent up to rate x elapsed
    const pacedStart = performance.now()
    const ticker = setInterval(() => {
      const due = Math.floor(((performance.now() - pacedStart) / 1000) * PACED_RATE)
      for (const a of agents) while (a.next < due) a.update()
    }, 20)
    const latencies: number[] = []
    while (performance.now() - pacedStart < PACED_SECONDS * 1000) {
      const q0 = performance.now()
      const hosts = (await query(base, "G.V().Has('Type','host')")) as unknown[]
      latencies.push(performance.now() - q0)
      if (hosts.length !== AGENTS) throw new Error(`expected ${AGENTS} hosts, got ${hosts.length}`)
    }
    clearInterval(ticker)
    const pacedSent = agents.reduce((s, a) => s + a.next, 0)
    const pacedElapsed = (performance.now() - pacedStart) / 1000
    const pacedSeq = agents.map((a) => a.barrier())[0]!
    await until(async () => allReached(base, pacedSeq), 30_000, 'paced barrier')
    const rssPaced = rssKb(pid)

    // 3. saturation: rounds are pipelined (round k+1 is sent before round k is confirmed) so the
    // analyzer always has work queued; the clock stops when the last round is visible.
    let applied = 0
    let rounds = 0
    const satCpu0 = cpuSeconds(pid)
    const satStart = performance.now()
    let previous: number | undefined
    while (performance.now() - satStart < SATURATION_BUDGET_MS && rounds < 30) {
      for (const a of agents) for (let i = 0; i < ROUND; i++) a.update()
      const seq = agents.map((a) => a.barrier())[0]!
      applied += AGENTS * (ROUND + 1)
      rounds++
      if (previous !== undefined) await until(async () => allReached(base, previous!), 60_000, 'saturation barrier')
      previous = seq
    }
    await until(async () => allReached(base, previous!), 60_000, 'last saturation barrier')
    const satSeconds = (performance.now() - satStart) / 1000
    const satCpu = cpuSeconds(pid) - satCpu0
    const rssPeak = rssKb(pid)
    for (const a of agents) a.ws.close()

    const rate = applied / satSeconds
    console.log(`analyzer: ${AGENTS} agents x ${NODES} nodes (${AGENTS * NODES} nodes, ${edges} edges), node ${process.version}, ${new Date().toISOString().slice(0, 10)}`)
    console.log('')
    console.log('| measure | value |')
    console.log('|---|---|')
    console.log(`| all 100 Syncs applied (connect + Sync) | ${(syncMs / 1000).toFixed(2)} s |`)
    console.log(`| paced load sent | ${pacedSent} updates in ${pacedElapsed.toFixed(1)} s = ${(pacedSent / pacedElapsed).toFixed(0)} msg/s |`)
    console.log(`| POST /api/topology G.V().Has('Type','host') under paced load | p50 ${pct(latencies, 0.5).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms (${latencies.length} queries) |`)
    console.log(`| sustained ingest (applied, saturation) | ${rate.toFixed(0)} msg/s (${applied} msgs in ${satSeconds.toFixed(1)} s, ${rounds} rounds) ${rate >= 100_000 ? '(target >= 100,000: met)' : '(target >= 100,000: NOT met)'} |`)
    console.log(`| analyzer CPU during saturation | ${satCpu.toFixed(1)} s of ${satSeconds.toFixed(1)} s wall = ${(applied / satCpu).toFixed(0)} msg per analyzer CPU-second; machine load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores |`)
    console.log(`| analyzer RSS idle / after Sync / after paced / after saturation | ${mib(rssIdle)} / ${mib(rssSynced)} / ${mib(rssPaced)} / ${mib(rssPeak)} |`)
  } finally {
    analyzer.kill('SIGTERM')
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
