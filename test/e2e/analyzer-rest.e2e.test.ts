// The analyzer's REST API against a real `skydive analyzer` process: success and error shapes
// of every endpoint and the compatibility points of spec/api.md §0 and §3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AnalyzerClient, createAnalyzerClient } from '../../src/client/index.js'
import { genID } from '../../src/core/graph/index.js'
import { type AnalyzerProcess, eventually, startAnalyzerProcess } from './analyzer-process.js'

const JSON_TYPE = 'application/json; charset=UTF-8'
const NODE_FIELDS = ['ID', 'Metadata', 'Host', 'Origin', 'CreatedAt', 'UpdatedAt', 'DeletedAt', 'Revision']

let an: AnalyzerProcess
let c: AnalyzerClient
const req = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  c.request(method, path, { body, headers, allowErrors: true })

beforeAll(async () => {
  an = await startAnalyzerProcess({ yaml: 'host_id: sdt-rest\n' })
  c = createAnalyzerClient({ analyzer: an.address })
})
afterAll(async () => {
  expect(await an.stop()).toBe(0)
})

const node = (id: string, md: Record<string, unknown>) => ({ ID: id, Metadata: md, Host: 'h1', CreatedAt: 1_700_000_000_000, UpdatedAt: 1_700_000_000_000, Revision: 1 })

describe('GET /api and /api/status', () => {
  it('describes the analyzer with upstream field names and Content-Type', async () => {
    const r = await req('GET', '/api')
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe(JSON_TYPE)
    expect(JSON.parse(r.body)).toEqual({ Host: 'sdt-rest', Version: expect.any(String), Service: 'analyzer' })
  })

  it('reports status maps keyed by peer', async () => {
    const r = await req('GET', '/api/status')
    expect(r.status).toBe(200)
    const s = JSON.parse(r.body)
    expect(Object.keys(s)).toEqual(['Agents', 'Peers', 'Publishers', 'Subscribers', 'Alerts', 'Captures', 'Probes', 'Flows'])
    expect(s.Flows).toEqual({ Count: 0, MaxBufferSize: 100000, Dropped: 0 })
    expect(s.Peers).toEqual({ Incomers: {}, Outgoers: {} })
  })
})

describe('POST /api/topology', () => {
  beforeAll(async () => {
    await c.json('POST', '/api/node', node('host-1', { Type: 'host', Name: 'h1' }))
    await c.json('POST', '/api/node', node('eth0-1', { Type: 'device', Name: 'eth0', IPV4: ['10.0.0.5/24'] }))
    await c.json('POST', '/api/edge', { ...node('e-1', { RelationType: 'ownership' }), Parent: 'host-1', Child: 'eth0-1' })
  })

  it('answers Count() with a bare integer and JSON Content-Type', async () => {
    const r = await req('POST', '/api/topology', { GremlinQuery: "G.V().Has('Type', 'host').Count()" })
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe(JSON_TYPE)
    expect(r.body).toBe('1\n')
  })

  it('answers node steps with an array of nodes in upstream field order', async () => {
    const r = await req('POST', '/api/topology', { GremlinQuery: "G.V().Has('IPV4', IPV4Range('10.0.0.5/32')).In('Type', 'host')" })
    const nodes = JSON.parse(r.body)
    expect(nodes).toHaveLength(1)
    expect(Object.keys(nodes[0])).toEqual(NODE_FIELDS)
    expect(nodes[0]).toMatchObject({ ID: 'host-1', Host: 'h1', DeletedAt: null })
  })

  it('wraps a graph result in a one-element array', async () => {
    const g = JSON.parse((await req('POST', '/api/topology', { GremlinQuery: 'G' })).body)
    expect(g).toHaveLength(1)
    expect(g[0].Nodes.map((n: { ID: string }) => n.ID).sort()).toEqual(['eth0-1', 'host-1'])
    expect(Object.keys(g[0].Edges[0])).toEqual([...NODE_FIELDS, 'Parent', 'Child'])
  })

  it('answers an empty result with []', async () => {
    expect((await req('POST', '/api/topology', { GremlinQuery: "G.V().Has('Type', 'nothing')" })).body).toBe('[]\n')
  })

  it('answers 204 to an empty body or an empty query', async () => {
    expect((await req('POST', '/api/topology')).status).toBe(204)
    expect((await req('POST', '/api/topology', { GremlinQuery: '' })).status).toBe(204)
  })

  it('answers 400 with the error text to a bad query, malformed JSON and any Context', async () => {
    const bad = await req('POST', '/api/topology', { GremlinQuery: 'G.V(' })
    expect(bad.status).toBe(400)
    expect(bad.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(bad.body.length).toBeGreaterThan(1)
    const malformed = await req('POST', '/api/topology', '{"GremlinQuery": ')
    expect(malformed.status).toBe(400)
    expect(malformed.body).toMatch(/^Cannot decode request body/)
    const ctx = await req('POST', '/api/topology', { GremlinQuery: 'G.Context(NOW).V()' })
    expect(ctx.status).toBe(400)
    expect(ctx.body).toContain('Backend does not support history')
    const missing = await req('POST', '/api/topology', { GremlinQuery: "G.V('nope')" })
    expect(missing.status).toBe(400)
    expect(missing.body).toContain("Node 'nope' does not exist")
  })

  it('writes Graphviz dot for graph results and 406 otherwise', async () => {
    const dot = await req('POST', '/api/topology', { GremlinQuery: 'G' }, { Accept: 'text/vnd.graphviz' })
    expect(dot.status).toBe(200)
    expect(dot.body).toMatch(/^digraph g \{\n/)
    expect(dot.body).toContain('"h1-host-1" [label="h1-host-1\\nType = host"]')
    expect(dot.body).toContain('"h1-host-1" -> "eth0-eth0-1" [label=ownership,dir=forward]')
    expect(dot.body.endsWith('}')).toBe(true)
    const no = await req('POST', '/api/topology', { GremlinQuery: 'G.V()' }, { Accept: 'text/vnd.graphviz' })
    expect(no.status).toBe(406)
    expect(no.body).toBe('Error while encoding response: Only graph can be outputted as dot\n')
  })

  it('serves the whole graph on GET /api/topology, not wrapped', async () => {
    const g = JSON.parse((await req('GET', '/api/topology')).body)
    expect(Object.keys(g)).toEqual(['Nodes', 'Edges'])
  })
})

describe('/api/node and /api/edge', () => {
  it('creates a node (201), keeps the client ID and fills Origin', async () => {
    const r = await req('POST', '/api/node', node('n-create', { Type: 'device', Name: 'n1' }))
    expect(r.status).toBe(201)
    const n = JSON.parse(r.body)
    expect(Object.keys(n)).toEqual(NODE_FIELDS)
    expect(n).toMatchObject({ ID: 'n-create', Origin: 'api.sdt-rest', Revision: 1, CreatedAt: 1_700_000_000_000 })
  })

  it('refuses a node failing the schema, and an existing ID, with 400', async () => {
    const invalid = await req('POST', '/api/node', { ID: 'x', Metadata: { Type: 'device' } })
    expect(invalid.status).toBe(400)
    expect(invalid.body).toContain('Metadata.Name')
    const netns = await req('POST', '/api/node', { ID: 'ns', Metadata: { Type: 'netns', Name: 'ns1' } })
    expect(netns.body).toContain('Path')
    await c.json('POST', '/api/node', node('n-dup', { Type: 'device', Name: 'd' }))
    const dup = await req('POST', '/api/node', node('n-dup', { Type: 'device', Name: 'd' }))
    expect(dup.status).toBe(400)
    expect(dup.body).toContain('ID conflict')
  })

  it('lists nodes as an object keyed by ID and gets one', async () => {
    const list = JSON.parse((await req('GET', '/api/node')).body)
    expect(Array.isArray(list)).toBe(false)
    expect(list['n-create'].ID).toBe('n-create')
    expect(JSON.parse((await req('GET', '/api/node/n-create')).body).ID).toBe('n-create')
    const missing = await req('GET', '/api/node/nope')
    expect(missing.status).toBe(404)
    expect(missing.body).toBe("Node 'nope' not found\n")
    expect((await req('GET', '/api/node/')).status).toBe(400)
  })

  it('patches metadata with JSON Patch: 200 when changed, 304 when not, Name restored', async () => {
    await c.json('POST', '/api/node', node('n-patch', { Type: 'device', Name: 'p1' }))
    const ops = [{ op: 'add', path: '/Metadata/Color', value: 'red' }, { op: 'replace', path: '/Metadata/Name', value: 'renamed' }]
    const r = await req('PATCH', '/api/node/n-patch', ops)
    expect(r.status).toBe(200)
    const n = JSON.parse(r.body)
    expect(n.Metadata).toEqual({ Type: 'device', Name: 'p1', Color: 'red' })
    expect(n.Revision).toBe(2)
    expect((await req('PATCH', '/api/node/n-patch', [{ op: 'add', path: '/Metadata/Color', value: 'red' }])).status).toBe(304)
    const unknown = await req('PATCH', '/api/node/nope', ops)
    expect(unknown.status).toBe(404)
    expect(unknown.body).toBe('')
    const badPatch = await req('PATCH', '/api/node/n-patch', [{ op: 'remove', path: '/Metadata/Missing' }])
    expect(badPatch.status).toBe(400)
    expect((await req('PATCH', '/api/node/n-patch', { not: 'a patch' })).status).toBe(400)
  })

  it('creates edges between existing nodes only and deletes a node with its edges', async () => {
    await c.json('POST', '/api/node', node('n-a', { Type: 'device', Name: 'a' }))
    await c.json('POST', '/api/node', node('n-b', { Type: 'device', Name: 'b' }))
    const orphan = await req('POST', '/api/edge', { ...node('e-orphan', { RelationType: 'layer2' }), Parent: 'n-a', Child: 'ghost' })
    expect(orphan.status).toBe(400)
    expect(orphan.body).toContain('"ghost" does not exist')
    const noRel = await req('POST', '/api/edge', { ...node('e-norel', {}), Parent: 'n-a', Child: 'n-b' })
    expect(noRel.status).toBe(400)
    expect(noRel.body).toContain('RelationType')
    const e = await req('POST', '/api/edge', { ...node('e-ab', { RelationType: 'layer2' }), Parent: 'n-a', Child: 'n-b' })
    expect(e.status).toBe(201)
    expect(JSON.parse((await req('GET', '/api/edge')).body)['e-ab'].Parent).toBe('n-a')
    const del = await req('DELETE', '/api/node/n-a')
    expect(del.status).toBe(200)
    expect(del.headers['content-type']).toBe('text/plain')
    expect(del.body).toBe('')
    expect((await req('GET', '/api/edge/e-ab')).status).toBe(404)
    expect((await req('DELETE', '/api/node/n-a')).body).toBe("Node 'n-a' not found\n")
    expect((await req('DELETE', '/api/edge/e-ab')).body).toBe("Edge 'e-ab' not found\n")
  })

  it('gets and patches an edge: 200 when changed, 304 when not, 400 for an existing ID or a patch dropping RelationType', async () => {
    await c.json('POST', '/api/node', node('n-c', { Type: 'device', Name: 'c' }))
    await c.json('POST', '/api/node', node('n-d', { Type: 'device', Name: 'd' }))
    const edge = { ...node('e-cd', { RelationType: 'layer2' }), Parent: 'n-c', Child: 'n-d' }
    expect((await req('POST', '/api/edge', edge)).status).toBe(201)
    const again = await req('POST', '/api/edge', edge)
    expect(again.status).toBe(400)
    expect(again.body).toBe('Cannot create edge "e-cd": ID conflict\n')
    const got = await req('GET', '/api/edge/e-cd')
    expect(got.headers['content-type']).toBe(JSON_TYPE)
    expect(Object.keys(JSON.parse(got.body))).toEqual([...NODE_FIELDS, 'Parent', 'Child'])
    const r = await req('PATCH', '/api/edge/e-cd', [{ op: 'add', path: '/Metadata/Color', value: 'red' }])
    expect(r.status).toBe(200)
    const e = JSON.parse(r.body)
    expect(e.Metadata).toEqual({ RelationType: 'layer2', Color: 'red' })
    expect(e.Revision).toBe(2)
    expect(e.UpdatedAt).toBeGreaterThan(1_700_000_000_000)
    expect((await req('PATCH', '/api/edge/e-cd', [{ op: 'add', path: '/Metadata/Color', value: 'red' }])).status).toBe(304)
    const dropped = await req('PATCH', '/api/edge/e-cd', [{ op: 'remove', path: '/Metadata/RelationType' }])
    expect(dropped.status).toBe(400)
    expect(dropped.body).toContain('RelationType')
    expect(JSON.parse((await req('GET', '/api/edge/e-cd')).body).Metadata.RelationType).toBe('layer2')
    expect((await req('PATCH', '/api/edge/nope', [])).status).toBe(404)
  })
})

describe('stored resources', () => {
  it('creates a capture with a server UUID (201), lists it keyed by UUID, refuses a duplicate (409)', async () => {
    const body = { UUID: 'client-chosen', GremlinQuery: "G.V().Has('Name', 'eth0')", BPFFilter: 'port 80' }
    const r = await req('POST', '/api/capture', body)
    expect(r.status).toBe(201)
    const cap = JSON.parse(r.body)
    expect(cap.UUID).not.toBe('client-chosen')
    expect(cap).toMatchObject({ GremlinQuery: body.GremlinQuery, BPFFilter: 'port 80', Count: 0, SamplingRate: 1, PollingInterval: 10, LayerKeyMode: 'L2', ExtraTCPMetric: false })
    const list = JSON.parse((await req('GET', '/api/capture')).body)
    expect(list[cap.UUID].UUID).toBe(cap.UUID)
    const dup = await req('POST', '/api/capture', body)
    expect(dup.status).toBe(409)
    expect(dup.body).toBe('duplicated resource\n')
  })

  it('rejects a capture without a query or with a bad one (400)', async () => {
    expect((await req('POST', '/api/capture', {})).body).toContain('GremlinQuery')
    const bad = await req('POST', '/api/capture', { GremlinQuery: 'G.V(' })
    expect(bad.status).toBe(400)
    expect(bad.body).toContain('Invalid capture field "GremlinQuery"')
    expect((await req('POST', '/api/capture', { GremlinQuery: 'G.V()', Type: 'carrier-pigeon' })).status).toBe(400)
    expect((await req('POST', '/api/capture', '[1,')).status).toBe(400)
  })

  it('refuses a capture whose BPF filter libpcap cannot compile (400, the compiler\'s words)', async () => {
    const syntax = await req('POST', '/api/capture', { GremlinQuery: 'G.V()', BPFFilter: 'tcp port' })
    expect(syntax.status).toBe(400)
    expect(syntax.body).toBe('Invalid capture field "BPFFilter": "tcp port" does not compile: syntax error\n')
    const port = await req('POST', '/api/capture', { GremlinQuery: 'G.V()', BPFFilter: 'port 99999' })
    expect(port.status).toBe(400)
    expect(port.body).toContain('illegal port number 99999')
    const stored = Object.values(JSON.parse((await req('GET', '/api/capture')).body) as Record<string, { BPFFilter?: string }>)
    expect(stored.map((c) => c.BPFFilter)).not.toContain('tcp port')
    const ok = await req('POST', '/api/capture', { GremlinQuery: "G.V().Has('Name', 'lo')", BPFFilter: 'vlan and (tcp port 80 or icmp6)' })
    expect(ok.status).toBe(201)
  })

  it('answers 404 with upstream text and 400 for an empty id; captures are not updatable', async () => {
    const missing = await req('GET', '/api/capture/nope')
    expect(missing.status).toBe(404)
    expect(missing.body).toBe("Capture 'nope' not found\n")
    expect((await req('DELETE', '/api/injectpacket/nope')).body).toBe("Injectpacket 'nope' not found\n")
    const empty = await req('GET', '/api/capture/')
    expect(empty.status).toBe(400)
    expect(empty.body).toBe('Bad Request\n')
    const cap = await c.json<{ UUID: string }>('POST', '/api/capture', { GremlinQuery: "G.V().Has('Name', 'noupdate')" })
    expect((await req('PATCH', `/api/capture/${cap.UUID}`, [{ op: 'add', path: '/Name', value: 'x' }])).status).toBe(400)
    const del = await req('DELETE', `/api/capture/${cap.UUID}`)
    expect(del.status).toBe(200)
    expect((await req('GET', `/api/capture/${cap.UUID}`)).status).toBe(404)
  })

  it('expires a resource created with X-Resource-TTL and rejects a bad TTL', async () => {
    const r = await req('POST', '/api/capture', { GremlinQuery: "G.V().Has('Name', 'ttl')" }, { 'X-Resource-TTL': '1s' })
    expect(r.status).toBe(201)
    const id = JSON.parse(r.body).UUID
    await eventually(async () => expect((await req('GET', `/api/capture/${id}`)).status).toBe(404), 5000)
    const bad = await req('POST', '/api/capture', { GremlinQuery: "G.V().Has('Name', 'ttl2')" }, { 'X-Resource-TTL': 'soon' })
    expect(bad.status).toBe(400)
    expect(bad.body).toBe('invalid ttl: time: invalid duration "soon"\n')
  })

  it('creates a resource from YAML', async () => {
    const r = await req('POST', '/api/alert', 'Name: yaml-alert\nExpression: G.V().Count()\n', { 'Content-Type': 'application/yaml' })
    expect(r.status).toBe(201)
    expect(JSON.parse(r.body)).toMatchObject({ Name: 'yaml-alert', Expression: 'G.V().Count()' })
  })

  it('validates alerts and patches them (200, then 304)', async () => {
    expect((await req('POST', '/api/alert', { Name: 'a' })).status).toBe(400)
    expect((await req('POST', '/api/alert', { Expression: 'G', Action: 'ftp://x' })).status).toBe(400)
    expect((await req('POST', '/api/alert', { Expression: 'G', Trigger: 'sometimes' })).status).toBe(400)
    const a = await c.json<{ UUID: string; CreateTime: string }>('POST', '/api/alert', { Name: 'a1', Expression: 'G.V().Count()', Trigger: 'duration:10s' })
    expect(Date.parse(a.CreateTime)).toBeGreaterThan(0)
    const p = await req('PATCH', `/api/alert/${a.UUID}`, [{ op: 'replace', path: '/Name', value: 'a2' }])
    expect(p.status).toBe(200)
    expect(JSON.parse(p.body)).toMatchObject({ UUID: a.UUID, Name: 'a2', CreateTime: a.CreateTime })
    expect((await req('PATCH', `/api/alert/${a.UUID}`, [{ op: 'replace', path: '/Name', value: 'a2' }])).status).toBe(304)
  })

  it('applies a create node rule and removes its node with the rule', async () => {
    const rule = await c.json<{ UUID: string }>('POST', '/api/noderule', { Name: 'r', Action: 'create', Metadata: { Type: 'fabric', Name: 'tor9' } })
    const id = genID('fabric', 'tor9')
    const n = await eventually(async () => JSON.parse((await req('GET', `/api/node/${id}`)).body))
    expect(n.Metadata).toEqual({ Type: 'fabric', Name: 'tor9', TID: id, Probe: 'fabric' })
    expect(n.Host).toBe('')
    await c.request('DELETE', `/api/noderule/${rule.UUID}`)
    expect((await req('GET', `/api/node/${id}`)).status).toBe(404)
    expect((await req('POST', '/api/noderule', { Action: 'create', Metadata: { Type: 'x' } })).status).toBe(400)
    expect((await req('POST', '/api/noderule', { Action: 'update', Query: "G.V().Has('Name','x')", Metadata: { Name: 'y' } })).body).toBe('Name and Type fields can not be changed\n')
  })

  it('applies an update node rule to matching nodes, including ones created later', async () => {
    await c.json('POST', '/api/node', node('rule-n1', { Type: 'device', Name: 'rule-target' }))
    await c.json('POST', '/api/noderule', { Action: 'update', Query: "G.V().Has('Name', 'rule-target')", Metadata: { Rack: 'r42' } })
    await eventually(async () => expect(JSON.parse((await req('GET', '/api/node/rule-n1')).body).Metadata.Rack).toBe('r42'))
    await c.json('POST', '/api/node', node('rule-n2', { Type: 'device', Name: 'rule-target' }))
    await eventually(async () => expect(JSON.parse((await req('GET', '/api/node/rule-n2')).body).Metadata.Rack).toBe('r42'))
  })

  it('links the first Src node to the first Dst node with an edge rule', async () => {
    await c.json('POST', '/api/node', node('er-a', { Type: 'device', Name: 'er-a' }))
    await c.json('POST', '/api/node', node('er-b', { Type: 'device', Name: 'er-b' }))
    expect((await req('POST', '/api/edgerule', { Src: "G.V().Has('Name','er-a')", Dst: "G.V().Has('Name','er-b')", Metadata: {} })).status).toBe(400)
    const rule = await c.json<{ UUID: string }>('POST', '/api/edgerule', { Src: "G.V().Has('Name','er-a')", Dst: "G.V().Has('Name','er-b')", Metadata: { RelationType: 'mirroring', Color: 'blue' } })
    const count = async () => c.query("G.V().Has('Name','er-a').OutE().Has('RelationType','mirroring').Count()")
    await eventually(async () => expect(await count()).toBe(1))
    await c.request('DELETE', `/api/edgerule/${rule.UUID}`)
    expect(await count()).toBe(0)
  })

  it('stores packet injections whose Src matches a node, resolving addresses', async () => {
    await c.json('POST', '/api/node', node('inj-src', { Type: 'device', Name: 'inj-src', IPV4: ['192.168.9.1/24'], MAC: '02:00:00:00:00:01' }))
    const noSrc = await req('POST', '/api/injectpacket', { Src: "G.V().Has('Name','nothing')", DstIP: '192.168.9.2', Type: 'icmp4' })
    expect(noSrc.status).toBe(400)
    expect(noSrc.body).toContain('matches no node')
    expect((await req('POST', '/api/injectpacket', { Src: "G.V().Has('Name','inj-src')", DstIP: '192.168.9.2', Type: 'sctp9' })).status).toBe(400)
    const ok = await req('POST', '/api/injectpacket', { Src: "G.V().Has('Name','inj-src')", DstIP: '192.168.9.2', Type: 'icmp4', Count: 3 })
    expect(ok.status).toBe(201)
    expect(JSON.parse(ok.body)).toMatchObject({ SrcIP: '192.168.9.1', SrcMAC: '02:00:00:00:00:01', DstIP: '192.168.9.2', Count: 3, TTL: 64 })
  })

  it('stores workflows with unique names and says calls are not implemented', async () => {
    const wf = { Name: 'wf1', Source: 'function (a) { return a }' }
    const created = await c.json<{ UUID: string }>('POST', '/api/workflow', wf)
    expect((await req('POST', '/api/workflow', wf)).status).toBe(409)
    expect((await req('POST', '/api/workflow', { Name: 'wf2', Source: 'function (' })).status).toBe(400)
    const call = await req('POST', `/api/workflow/${created.UUID}/call`, { Params: [1] })
    expect(call.status).toBe(501)
  })
})

describe('HTTP conventions', () => {
  it('serves config keys but never credentials', async () => {
    expect(JSON.parse((await req('GET', '/api/config/analyzer.listen')).body)).toBe(an.address)
    expect(JSON.parse((await req('GET', '/api/config/http.ws')).body)).toMatchObject({ ping_delay: 2, pong_timeout: 5 })
    expect((await req('GET', '/api/config/no.such.key')).body).toBe('null\n')
    expect((await req('GET', '/api/config/analyzer.auth.cluster.password')).status).toBe(403)
    expect((await req('GET', '/api/config/auth')).status).toBe(403)
  })

  it('answers CORS preflights and compresses with gzip when asked', async () => {
    const pre = await req('OPTIONS', '/api/topology', undefined, { Origin: 'http://ui.example' })
    expect(pre.status).toBe(200)
    expect(pre.headers['access-control-allow-origin']).toBe('http://ui.example')
    expect(pre.headers['access-control-allow-headers']).toContain('X-Auth-Token')
    const res = await fetch(`${an.url}/api/topology`, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(JSON.parse(await res.text()).Nodes.length).toBeGreaterThan(0)
  })

  it('serves the built web UI at / without auth, and nothing outside it', async () => {
    const index = await req('GET', '/')
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(index.body).toContain('<script type="module" src="app.js">')
    expect((await req('GET', '/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await req('GET', '/%2e%2e/%2e%2e/package.json')).status).toBe(404)
  })

  it('answers unknown routes 404 and wrong methods 405', async () => {
    expect((await req('GET', '/api/nothing')).status).toBe(404)
    expect((await req('PUT', '/api/topology')).status).toBe(405)
  })
})
