// Graph engine and Gremlin benchmark (issue 2): builds a synthetic topology of 100,000 nodes
// and 200,000 edges, then measures build time, RSS per element and query latencies.
// Run: npm run bench -- graph
import { Graph } from '../src/core/graph/index.js'
import { fakeClock } from '../src/core/ports.js'
import { runGremlin } from '../src/core/gremlin/index.js'

const HOSTS = 1000
const NETNS_PER_HOST = 24

/**
 * Per host, 100 nodes: host, eth0, br0, lo, 24 netns each with eth0 (veth) and lo, and 24
 * host-side veths. 200 edges: 99 ownership, 24 veth pairs, 24 bridge ports, br0-eth0, 4 fabric
 * links between host eth0s, 48 overlay links between namespace eth0s of neighbouring hosts.
 */
function build(): Graph {
  const g = new Graph({ clock: fakeClock(1_700_000_000_000), host: 'bench', origin: 'agent.bench' })
  let e = 0
  const link = (parent: string, child: string, RelationType: string) =>
    g.addEdge({ ID: `e${e++}`, Parent: parent, Child: child, Metadata: { RelationType } })
  for (let h = 0; h < HOSTS; h++) {
    const host = `h${h}`
    g.addNode({ ID: host, Metadata: { Type: 'host', Name: `host-${h}`, TID: `${host}` } })
    g.addNode({ ID: `${host}-eth0`, Metadata: { Type: 'device', Name: 'eth0', TID: `${host}-eth0`, MAC: mac(h, 0, 0), IPV4: [`10.${h >> 8}.${h & 255}.1/16`], MTU: 1500, State: 'UP' } })
    g.addNode({ ID: `${host}-br0`, Metadata: { Type: 'bridge', Name: 'br0', TID: `${host}-br0`, MAC: mac(h, 0, 1), MTU: 1500, State: 'UP' } })
    g.addNode({ ID: `${host}-lo`, Metadata: { Type: 'device', Name: 'lo', TID: `${host}-lo`, IPV4: ['127.0.0.1/8'], MTU: 65536, State: 'UP' } })
    for (const c of ['eth0', 'br0', 'lo']) link(host, `${host}-${c}`, 'ownership')
    link(`${host}-br0`, `${host}-eth0`, 'layer2')
    for (let n = 0; n < NETNS_PER_HOST; n++) {
      const ns = `${host}-ns${n}`
      g.addNode({ ID: ns, Metadata: { Type: 'netns', Name: `ns-${n}`, Path: `/var/run/netns/ns-${n}`, TID: ns } })
      g.addNode({ ID: `${ns}-eth0`, Metadata: { Type: 'veth', Name: 'eth0', TID: `${ns}-eth0`, MAC: mac(h, n + 1, 2), IPV4: [`172.16.${n}.${(h % 250) + 2}/24`], MTU: 1450, State: 'UP' } })
      g.addNode({ ID: `${ns}-lo`, Metadata: { Type: 'device', Name: 'lo', TID: `${ns}-lo`, IPV4: ['127.0.0.1/8'], MTU: 65536, State: 'UP' } })
      g.addNode({ ID: `${host}-veth${n}`, Metadata: { Type: 'veth', Name: `veth${n}`, TID: `${host}-veth${n}`, MAC: mac(h, n + 1, 3), MTU: 1450, State: 'UP' } })
      link(host, ns, 'ownership')
      link(ns, `${ns}-eth0`, 'ownership')
      link(ns, `${ns}-lo`, 'ownership')
      link(host, `${host}-veth${n}`, 'ownership')
      link(`${host}-veth${n}`, `${ns}-eth0`, 'layer2')
      link(`${host}-br0`, `${host}-veth${n}`, 'layer2')
    }
  }
  for (let h = 0; h < HOSTS; h++) {
    for (const d of [1, 7, 31, 101]) link(`h${h}-eth0`, `h${(h + d) % HOSTS}-eth0`, 'layer2')
    for (let n = 0; n < NETNS_PER_HOST; n++) {
      link(`h${h}-ns${n}-eth0`, `h${(h + 1) % HOSTS}-ns${n}-eth0`, 'layer2')
      link(`h${h}-ns${n}-eth0`, `h${(h + 2) % HOSTS}-ns${(n + 1) % NETNS_PER_HOST}-eth0`, 'layer2')
    }
  }
  return g
}

function mac(h: number, n: number, k: number): string {
  const hex = (x: number) => (x & 255).toString(16).padStart(2, '0')
  return `02:${hex(h >> 8)}:${hex(h)}:${hex(n)}:${hex(k)}:00`
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc
  if (!collect) throw new Error('run with --expose-gc (npm run bench -- graph does)')
  for (let i = 0; i < 3; i++) collect()
}

/** Median and p99 in ms over `runs` runs after `warmup` runs; `check` guards against a wrong answer. */
function measure(g: Graph, q: string, runs: number, warmup = 10): { median: number; p99: number; json: unknown } {
  let json: unknown
  for (let i = 0; i < warmup; i++) json = runGremlin(q, { graph: g }).json
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    runGremlin(q, { graph: g })
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)]!, p99: times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)]!, json }
}

const size = (json: unknown) => (Array.isArray(json) ? `${json.length} results` : `= ${JSON.stringify(json)}`)
const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(1))

gc()
const rssBefore = process.memoryUsage().rss
const t0 = process.hrtime.bigint()
const graph = build()
const buildMs = Number(process.hrtime.bigint() - t0) / 1e6
gc()
const rssAfter = process.memoryUsage().rss
const elements = graph.nodeCount + graph.edgeCount
const bytesPerElement = (rssAfter - rssBefore) / elements

console.log(`nodes ${graph.nodeCount}, edges ${graph.edgeCount}`)
console.log(`build: ${buildMs.toFixed(0)} ms (${((buildMs * 1000) / elements).toFixed(2)} µs per element)`)
console.log(`RSS after gc: ${((rssAfter - rssBefore) / 2 ** 20).toFixed(1)} MiB for the graph = ${bytesPerElement.toFixed(0)} bytes per element (target ≤ 1024)`)

// Each indexed query next to the same filter as a linear scan: HasEither with one pair is the
// same test but is not folded into the index lookup.
const queries: Array<{ q: string; runs: number; scan?: string; target?: number }> = [
  { q: "G.V().Has('Type','host')", runs: 500, scan: "G.V().HasEither('Type','host')", target: 1 },
  { q: "G.V().Has('Name','eth0').Out()", runs: 50, scan: "G.V().HasEither('Name','eth0').Out()" },
  { q: 'G.V().Count()', runs: 500, scan: "G.V().Has('Name').Count()" },
  { q: "G.V().Has('Type','veth').Both().Dedup().Count()", runs: 30, scan: "G.V().HasEither('Type','veth').Both().Dedup().Count()" },
  { q: "G.V().Has('TID','h0-ns0-lo').ShortestPathTo(Metadata('TID','h500-ns23-lo'))", runs: 30 },
  { q: "G.V().Has('IPV4', IPV4Range('10.1.0.0/16')).Count()", runs: 30 },
]

console.log('\n| Query | Result | median ms | p99 ms | linear scan median ms | scan / indexed |')
console.log('|---|---|---|---|---|---|')
let missed = false
for (const { q, runs, scan, target } of queries) {
  const m = measure(graph, q, runs)
  let scanCols = '| – | – '
  if (scan) {
    const s = measure(graph, scan, Math.min(runs, 30), 3)
    if (JSON.stringify(s.json) !== JSON.stringify(m.json) && !(Array.isArray(s.json) && Array.isArray(m.json) && s.json.length === m.json.length)) {
      throw new Error(`${scan} and ${q} disagree`)
    }
    scanCols = `| ${fmt(s.median)} | ${(s.median / m.median).toFixed(0)}× `
  }
  if (target !== undefined && m.median > target) missed = true
  console.log(`| \`${q}\` | ${size(m.json)} | ${fmt(m.median)} | ${fmt(m.p99)} ${scanCols}|`)
}
if (bytesPerElement > 1024) missed = true
console.log(missed ? '\nTARGET MISSED' : '\nTargets met: indexed Has ≤ 1 ms, ≤ 1 KB RSS per element')
