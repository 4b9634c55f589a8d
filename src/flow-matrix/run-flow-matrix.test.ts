import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Socket } from '../core/matrix/index.js'
import type { WireEdge, WireNode } from '../wire/index.js'
import type { MatrixAnalyzer } from './matrix-analyzer.js'
import { runFlowMatrix, type FlowMatrixOptions } from './run-flow-matrix.js'

const HEADER = 'protocol,server,server_ip,port,server_proc,server_procname,client,client_ip,client_proc,client_procname'
const sock = (o: Partial<Socket>): Socket => ({
  Protocol: 'TCP', LocalAddress: '', LocalPort: 0, RemoteAddress: '', RemotePort: 0, State: 'ESTABLISHED', Process: '/usr/bin/etcd', Name: 'etcd', ...o,
})
const hostNode = (Host: string, Sockets: Socket[]) => ({ ID: `id-${Host}`, Host, Metadata: { Type: 'host', Name: Host, Sockets } })

// etcd-1 (10.0.0.1) connects to etcd-2's peer port; etcd-2 also sends UDP to a DNS server on dns (10.0.0.53)
const HOSTS = [
  hostNode('etcd-1', [
    sock({ LocalAddress: '0.0.0.0', LocalPort: 2380, State: 'LISTEN' }),
    sock({ LocalAddress: '10.0.0.1', LocalPort: 40001, RemoteAddress: '10.0.0.2', RemotePort: 2380 }),
    sock({ LocalAddress: '10.0.0.1', LocalPort: 40002, RemoteAddress: '10.0.0.9', RemotePort: 2380 }),
  ]),
  hostNode('etcd-2', [
    sock({ LocalAddress: '10.0.0.2', LocalPort: 2380, RemoteAddress: '10.0.0.1', RemotePort: 40001 }),
    sock({ Protocol: 'UDP', LocalAddress: '10.0.0.2', LocalPort: 5353, RemoteAddress: '10.0.0.53', RemotePort: 53, Process: '/usr/bin/dig', Name: 'dig' }),
  ]),
  hostNode('dns', [sock({ Protocol: 'UDP', LocalAddress: '0.0.0.0', LocalPort: 53, RemoteAddress: '0.0.0.0', State: 'CLOSE', Process: '/usr/sbin/named', Name: 'named' })]),
]

/** An analyzer answering from HOSTS, recording every query and publication. */
function scriptedAnalyzer(answers: Record<string, unknown> = {}) {
  const queries: string[] = []
  const published: Array<{ nodes: readonly WireNode[]; edges: readonly WireEdge[] }> = []
  const analyzer: MatrixAnalyzer = {
    async query(q) {
      queries.push(q)
      if (q in answers) return answers[q]
      if (q === "G.V().Has('Type', 'host').HasKey('Sockets')") return HOSTS
      if (q === "G.V().Has('IPV4', IPV4Range('10.0.0.53/32')).In('Type', 'host')") return [HOSTS[2]]
      if (q.includes('IPV4Range')) return []
      throw new Error(`unexpected query ${q}`)
    },
    async publish(nodes, edges) { published.push({ nodes, edges }) },
    async close() {},
  }
  return { analyzer, queries, published }
}

function capture() {
  const out: Array<string | Uint8Array> = []
  const err: string[] = []
  return {
    io: { stdout: async (t: string | Uint8Array) => { out.push(t) }, stderr: async (t: string) => { err.push(t) } },
    text: () => out.map((t) => (typeof t === 'string' ? t : Buffer.from(t).toString('latin1'))).join(''),
    errText: () => err.join(''),
  }
}

const base: FlowMatrixOptions = { format: 'csv', useFlows: false, duration: 0, listNoPeers: false, analyzer: 'a:8082' }
const dir = mkdtempSync(join(tmpdir(), 'sdt-matrix-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const EXPECTED_CSV = [
  HEADER,
  'TCP,etcd-2,10.0.0.2,2380,/usr/bin/etcd,etcd,etcd-1,10.0.0.1,/usr/bin/etcd,etcd',
  'UDP,dns,10.0.0.53,53,/usr/sbin/named,named,etcd-2,10.0.0.2,/usr/bin/dig,dig',
  '',
].join('\n')

describe('runFlowMatrix', () => {
  it('sends upstream queries and prints the sorted CSV matrix', async () => {
    const { analyzer, queries } = scriptedAnalyzer()
    const c = capture()
    expect(await runFlowMatrix(analyzer, base, c.io)).toBe(0)
    expect(c.text()).toBe(EXPECTED_CSV)
    expect(queries).toEqual([
      "G.V().Has('Type', 'host').HasKey('Sockets')",
      "G.V().Has('IPV4', IPV4Range('10.0.0.53/32')).In('Type', 'host')",
    ])
  })

  it('appends the connections without a peer with --list-no-peers', async () => {
    const c = capture()
    await runFlowMatrix(scriptedAnalyzer().analyzer, { ...base, listNoPeers: true }, c.io)
    const tail = c.text().slice(EXPECTED_CSV.length).split('\n')
    expect(tail[0]).toBe('peer not found for connection:')
    expect(tail[1]).toMatch(/^TCP etcd-1 2380 \{"Protocol":"TCP","LocalAddress":"10.0.0.1","LocalPort":40002,/)
  })

  it('prefixes every query with the time context of --at and --duration', async () => {
    const { analyzer, queries } = scriptedAnalyzer({ "G.Context('-1m', 30).V().Has('Type', 'host').HasKey('Sockets')": [] })
    await runFlowMatrix(analyzer, { ...base, at: '-1m', duration: 30 }, capture().io)
    expect(queries).toEqual(["G.Context('-1m', 30).V().Has('Type', 'host').HasKey('Sockets')"])
  })

  it('adds flow rows with --use-flows and survives an empty Sockets() answer', async () => {
    const flowsQuery = "G.Flows().Has('Transport', NE('')).Sockets()"
    const { analyzer, queries } = scriptedAnalyzer({ [flowsQuery]: [] })
    const c = capture()
    await runFlowMatrix(analyzer, { ...base, useFlows: true }, c.io)
    expect(queries).toContain(flowsQuery)
    expect(c.text()).toBe(EXPECTED_CSV)
  })

  it('prints JSON rows and connections without a peer', async () => {
    const c = capture()
    await runFlowMatrix(scriptedAnalyzer().analyzer, { ...base, format: 'json' }, c.io)
    const json = JSON.parse(c.text()) as { rows: Array<Record<string, unknown>>; noPeers: unknown[] }
    expect(json.rows.map((r) => [r['server'], r['port'], r['client']])).toEqual([['etcd-2', 2380, 'etcd-1'], ['dns', 53, 'etcd-2']])
    expect(json.noPeers).toHaveLength(1)
  })

  it('prints dot, renders SVG to stdout and PNG to a .png file', async () => {
    const dot = capture()
    await runFlowMatrix(scriptedAnalyzer().analyzer, { ...base, format: 'dot' }, dot.io)
    expect(dot.text()).toContain('subgraph "cluster_dns"')
    expect(dot.text()).not.toContain('layout=')
    // --engine with dot output: the same graph with its layout named, which Graphviz tools honour
    const circo = capture()
    await runFlowMatrix(scriptedAnalyzer().analyzer, { ...base, format: 'dot', engine: 'circo' }, circo.io)
    expect(circo.text()).toBe(dot.text().replace('\tnodesep=0.7\n', '\tnodesep=0.7\n\tlayout=circo\n'))
    const svg = capture()
    await runFlowMatrix(scriptedAnalyzer().analyzer, { ...base, format: 'render', engine: 'neato' }, svg.io)
    expect(svg.text()).toContain('<svg')
    const png = join(dir, 'm.png')
    await runFlowMatrix(scriptedAnalyzer().analyzer, { ...base, format: 'render', output: png }, capture().io)
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG')
  })

  it('publishes service nodes and Connection edges with --format skydive', async () => {
    const { analyzer, published } = scriptedAnalyzer()
    const c = capture()
    await runFlowMatrix(analyzer, { ...base, format: 'skydive' }, c.io)
    expect(published).toHaveLength(1)
    expect(published[0]!.nodes.map((n) => `${n.Host}/${String(n.Metadata['Name'])}`)).toEqual(['etcd-2/etcd', 'etcd-1/etcd', 'dns/named', 'etcd-2/dig'])
    expect(published[0]!.edges).toHaveLength(2)
    expect(c.errText()).toBe('Published 4 service nodes and 2 Connection edges to "a:8082"\n')
  })

  it('exits 0 with --diff when nothing changed and 1 with the added and removed rows otherwise', async () => {
    const prev = join(dir, 'prev.csv')
    writeFileSync(prev, EXPECTED_CSV)
    const same = capture()
    expect(await runFlowMatrix(scriptedAnalyzer().analyzer, { ...base, diff: prev }, same.io)).toBe(0)
    expect(same.text()).toBe('')
    expect(same.errText()).toContain('unchanged')

    writeFileSync(prev, `${HEADER}\nTCP,etcd-9,10.0.0.9,2380,/usr/bin/etcd,etcd,etcd-1,10.0.0.1,/usr/bin/etcd,etcd\n` +
      'UDP,dns,10.0.0.53,53,/usr/sbin/named,named,etcd-2,10.0.0.2,/usr/bin/dig,dig\n')
    const changed = capture()
    expect(await runFlowMatrix(scriptedAnalyzer().analyzer, { ...base, diff: prev, output: prev }, changed.io)).toBe(1)
    expect(changed.text()).toBe('+TCP,etcd-2,10.0.0.2,2380,/usr/bin/etcd,etcd,etcd-1,10.0.0.1,/usr/bin/etcd,etcd\n' +
      '-TCP,etcd-9,10.0.0.9,2380,/usr/bin/etcd,etcd,etcd-1,10.0.0.1,/usr/bin/etcd,etcd\n')
    expect(changed.errText()).toContain('1 added, 1 removed')
    expect(readFileSync(prev, 'utf8')).toBe(EXPECTED_CSV)
  })

  it('rejects bad combinations and files before querying the analyzer', async () => {
    const { analyzer, queries } = scriptedAnalyzer()
    await expect(runFlowMatrix(analyzer, { ...base, format: 'dot', diff: 'x.csv' }, capture().io)).rejects.toThrow('Cannot use --diff with --format dot')
    await expect(runFlowMatrix(analyzer, { ...base, format: 'render', output: 'm.jpg' }, capture().io)).rejects.toThrow('must end in .svg or .png')
    await expect(runFlowMatrix(analyzer, { ...base, diff: join(dir, 'none.csv') }, capture().io)).rejects.toThrow(/none\.csv": no such file/)
    await expect(runFlowMatrix(analyzer, { ...base, duration: 60 }, capture().io)).rejects.toThrow('Cannot use --duration 60 without --at')
    await expect(runFlowMatrix(analyzer, { ...base, engine: 'circo' }, capture().io)).rejects.toThrow('Cannot use --engine with --format csv')
    expect(queries).toEqual([])
  })

  it('warns on stderr when no host reports sockets', async () => {
    const c = capture()
    await runFlowMatrix(scriptedAnalyzer({ "G.V().Has('Type', 'host').HasKey('Sockets')": [] }).analyzer, base, c.io)
    expect(c.text()).toBe(`${HEADER}\n`)
    expect(c.errText()).toContain('no host node on "a:8082" reports sockets')
  })

  it('names the analyzer answer it cannot read', async () => {
    await expect(runFlowMatrix(scriptedAnalyzer({ "G.V().Has('Type', 'host').HasKey('Sockets')": 42 }).analyzer, base, capture().io))
      .rejects.toThrow('Cannot read host nodes from the analyzer: expected a JSON array, got 42')
  })
})
