// The programmatic analyzer (startAnalyzer, used by `skydive allinone`) in-process: port 0,
// extension points (routes, fallback, namespace handlers, requests to agents), clean stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Analyzer, startAnalyzer } from '../../src/analyzer/index.js'
import { connectWs, createAnalyzerClient } from '../../src/client/index.js'
import { resolveConfig } from '../../src/config/index.js'
import { silentLogger } from '../../src/core/ports.js'

let an: Analyzer
beforeAll(async () => {
  const config = resolveConfig([], { env: {}, hostname: 'sdt-int', flags: { 'analyzer.listen': '127.0.0.1:0' } })
  an = await startAnalyzer(config, {
    logger: silentLogger,
    fallback: (req, res) => {
      if (req.url !== '/') return false
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>ui</html>')
      return true
    },
  })
})
afterAll(async () => {
  await an.stop()
})

describe('startAnalyzer', () => {
  it('binds port 0 to a free port and reports its address', async () => {
    expect(an.address.port).toBeGreaterThan(0)
    expect(an.url).toBe(`http://127.0.0.1:${an.address.port}`)
    expect(await createAnalyzerClient({ analyzer: `127.0.0.1:${an.address.port}` }).json('GET', '/api')).toMatchObject({ Host: 'sdt-int' })
  })

  it('exposes the live graph', async () => {
    an.graph.addNode({ ID: 'in-proc', Metadata: { Type: 'device', Name: 'x' } })
    expect(await createAnalyzerClient({ analyzer: `127.0.0.1:${an.address.port}` }).query("G.V('in-proc').Values('Name')")).toEqual(['x'])
  })

  it('serves extra routes with auth and a fallback for other paths', async () => {
    an.router.on('GET', '/api/extra', (ctx) => {
      ctx.res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`hello ${ctx.user}`)
    })
    const c = createAnalyzerClient({ analyzer: `127.0.0.1:${an.address.port}` })
    expect((await c.request('GET', '/api/extra')).body).toBe('hello admin')
    expect((await c.request('GET', '/')).body).toBe('<html>ui</html>')
    expect((await c.request('GET', '/nowhere', { allowErrors: true })).status).toBe(404)
  })

  it('sends requests to an agent and matches the reply by UUID', async () => {
    const agent = await connectWs({ analyzer: `127.0.0.1:${an.address.port}`, path: '/ws/agent/topology', headers: { 'X-Host-ID': 'req-agent', 'X-Client-Type': 'agent' } })
    const asked = agent.waitFor<{ Namespace: string; Type: string; UUID: string }>((m) => m.Namespace === 'OnDemandCapture')
    const reply = an.hub.request('req-agent', { Namespace: 'OnDemandCapture', Type: 'Start', Obj: { NodeID: 'n' } })
    const q = await asked
    agent.send({ Namespace: 'OnDemandCapture', Type: 'StartReply', UUID: q.UUID, Status: 200, Obj: { NodeID: 'n' } })
    expect(await reply).toMatchObject({ Type: 'StartReply', Status: 200 })
    await expect(an.hub.request('absent-agent', { Namespace: 'X', Type: 'Y', Obj: null })).rejects.toThrow('no agent "absent-agent"')
    await agent.close()
  })

  it('hands other namespaces to registered handlers and broadcasts to the subscribers that asked for them', async () => {
    const seen: string[] = []
    an.hub.onNamespace('Custom', (peer, msg) => seen.push(`${peer.hs.hostId}:${msg.Type}`))
    const pub = await connectWs({ analyzer: `127.0.0.1:${an.address.port}`, path: '/ws/publisher', headers: { 'X-Host-ID': 'ns-pub', 'X-Client-Type': 'tool' } })
    const sub = await connectWs({ analyzer: `127.0.0.1:${an.address.port}`, path: '/ws/subscriber', headers: { 'X-Host-ID': 'ns-sub', 'X-Client-Type': 'webui' } })
    const alertsOnly = await connectWs({ analyzer: `127.0.0.1:${an.address.port}`, path: '/ws/subscriber', headers: { 'X-Host-ID': 'ns-alerts', 'X-Client-Type': 'webui', 'X-Websocket-Namespace': 'Alert' } })
    pub.send({ Namespace: 'Custom', Type: 'Ping', Obj: null })
    an.graph.addNode({ ID: 'ns-node', Metadata: { Type: 'device', Name: 'n' } })
    an.hub.broadcast({ Namespace: 'Alert', Type: 'Alert', Obj: { UUID: 'a1' } })
    await sub.waitFor<{ Namespace: string }>((m) => m.Namespace === 'Alert')
    await sub.waitFor<{ Type: string }>((m) => m.Type === 'NodeAdded')
    await alertsOnly.waitFor<{ Namespace: string }>((m) => m.Namespace === 'Alert')
    expect(alertsOnly.received.map((m) => (m as { Namespace: string }).Namespace)).toEqual(['Alert'])
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(seen).toEqual(['ns-pub:Ping'])
    await pub.close()
    await sub.close()
    await alertsOnly.close()
  })

  it('creates the capture of analyzer.startup.capture_gremlin at start', async () => {
    const config = resolveConfig([], { env: {}, hostname: 'sdt-int3', flags: { 'analyzer.listen': '127.0.0.1:0', 'analyzer.startup.capture_gremlin': "G.V().Has('Name', 'eth0')", 'analyzer.startup.capture_bpf': 'tcp' } })
    const other = await startAnalyzer(config, { logger: silentLogger })
    expect(other.stores.get('capture')!.list()).toEqual([expect.objectContaining({ GremlinQuery: "G.V().Has('Name', 'eth0')", BPFFilter: 'tcp' })])
    await other.stop()
    const bad = resolveConfig([], { env: {}, hostname: 'sdt-int4', flags: { 'analyzer.listen': '127.0.0.1:0', 'analyzer.startup.capture_gremlin': 'G.V(' } })
    await expect(startAnalyzer(bad, { logger: silentLogger })).rejects.toThrow(/analyzer.startup.capture_gremlin/)
    const badBpf = resolveConfig([], { env: {}, hostname: 'sdt-int5', flags: { 'analyzer.listen': '127.0.0.1:0', 'analyzer.startup.capture_gremlin': 'G.V()', 'analyzer.startup.capture_bpf': 'tcp port' } })
    await expect(startAnalyzer(badBpf, { logger: silentLogger })).rejects.toThrow('Invalid configuration key "analyzer.startup.capture_bpf": Invalid capture field "BPFFilter": "tcp port" does not compile: syntax error')
  })

  it('stops cleanly and twice without error', async () => {
    const config = resolveConfig([], { env: {}, hostname: 'sdt-int2', flags: { 'analyzer.listen': '127.0.0.1:0' } })
    const other = await startAnalyzer(config, { logger: silentLogger })
    const ws = await connectWs({ analyzer: `127.0.0.1:${other.address.port}`, path: '/ws/subscriber', headers: { 'X-Client-Type': 'webui' } })
    await other.stop()
    await other.stop()
    await ws.closed
    const err = await createAnalyzerClient({ analyzer: `127.0.0.1:${other.address.port}` }).query('G').catch((e: unknown) => e)
    expect((err as Error).message).toContain('connection refused')
  })
})
