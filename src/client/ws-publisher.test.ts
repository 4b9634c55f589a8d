// The publisher against a real WebSocket server on loopback, standing in for the analyzer's
// /ws/agent/topology endpoint (the analyzer itself is exercised in test/integration/agent*).
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { Graph } from '../core/graph/index.js'
import type { Logger } from '../core/ports.js'
import { systemClock } from '../runtime/index.js'
import { agentTopologyUrl, createTopologyPublisher, type TopologyPublisher } from './ws-publisher.js'

interface Seen { headers: IncomingMessage['headers']; messages: Array<{ Type: string; Obj: Record<string, unknown> }>; ws: WebSocket; binary: number }

function server(port = 0, verify?: (req: IncomingMessage) => boolean) {
  const seen: Seen[] = []
  const wss = new WebSocketServer({
    host: '127.0.0.1', port,
    verifyClient: verify ? (info, cb) => cb(verify(info.req), 401, 'Unauthorized') : undefined,
  })
  wss.on('connection', (ws, req) => {
    const s: Seen = { headers: req.headers, messages: [], ws, binary: 0 }
    seen.push(s)
    ws.on('message', (d, isBinary) => {
      if (isBinary) s.binary++
      s.messages.push(JSON.parse(d.toString()))
    })
  })
  const ready = new Promise<number>((r) => wss.on('listening', () => r((wss.address() as AddressInfo).port)))
  return { wss, seen, ready, close: () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()) }) }
}

function memoryLog() {
  const lines: string[] = []
  const log: Logger = { debug() {}, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) }
  return { lines, log }
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

let pub: TopologyPublisher | undefined
const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await pub?.stop()
  pub = undefined
  for (const c of closers.splice(0)) await c()
})

describe('createTopologyPublisher (api spec §0.b, §4.5)', () => {
  it('connects with the agent handshake headers, Syncs the graph, then pushes deltas', async () => {
    const srv = server()
    closers.push(srv.close)
    const port = await srv.ready
    const graph = new Graph({ clock: systemClock, host: 'sdt-agent-h1', origin: 'agent.sdt-agent-h1' })
    graph.addNode({ ID: 'host', Metadata: { Type: 'host', Name: 'sdt-agent-h1' } })
    pub = createTopologyPublisher({ analyzers: [`127.0.0.1:${port}`], hostId: 'sdt-agent-h1', graph, log: memoryLog().log, username: 'u', password: 'p' })
    await until(() => srv.seen[0]?.messages.length === 1)
    const s = srv.seen[0]!
    expect(s.headers).toMatchObject({ 'x-host-id': 'sdt-agent-h1', 'x-client-type': 'agent', 'x-client-protocol': 'json',
      'x-persistence-policy': 'DeleteOnDisconnect', authorization: 'Basic ' + Buffer.from('u:p').toString('base64') })
    expect(s.messages[0]).toMatchObject({ Type: 'Sync', Obj: { Nodes: [{ ID: 'host' }], Edges: [] } })
    graph.addNode({ ID: 'eth0', Metadata: { Type: 'device', Name: 'eth0' } })
    graph.setNodeKey('eth0', 'MTU', 9000)
    graph.deleteNode('eth0')
    await until(() => s.messages.length === 4)
    expect(s.messages.map((m) => m.Type)).toEqual(['Sync', 'NodeAdded', 'NodePartiallyUpdated', 'NodeDeleted'])
  })

  it('says once that credentials were refused and keeps retrying', async () => {
    let attempts = 0
    const srv = server(0, () => { attempts++; return false })
    closers.push(srv.close)
    const port = await srv.ready
    const { lines, log } = memoryLog()
    const graph = new Graph({ clock: systemClock })
    pub = createTopologyPublisher({ analyzers: [`127.0.0.1:${port}`], hostId: 'h', graph, log, minRetryMs: 10, maxRetryMs: 20 })
    await new Promise((r) => setTimeout(r, 400))
    expect(lines).toEqual([`Cannot connect to analyzer "127.0.0.1:${port}": the analyzer refused the credentials (HTTP 401); retrying`])
    expect(pub.connected).toBe(0)
    expect(attempts).toBeGreaterThan(2)
  })

  it('reconnects and re-Syncs after the analyzer restarts', async () => {
    const first = server()
    const port = await first.ready
    const { lines, log } = memoryLog()
    const graph = new Graph({ clock: systemClock })
    graph.addNode({ ID: 'host', Metadata: { Type: 'host', Name: 'h' } })
    pub = createTopologyPublisher({ analyzers: [`127.0.0.1:${port}`], hostId: 'h', graph, log, minRetryMs: 20, maxRetryMs: 100 })
    await until(() => first.seen[0]?.messages.length === 1)
    await first.close()
    graph.addNode({ ID: 'later', Metadata: { Type: 'device', Name: 'eth1' } })
    const second = server(port)
    closers.push(second.close)
    await until(() => second.seen[0]?.messages.length === 1)
    expect(second.seen[0]!.messages[0]).toMatchObject({ Type: 'Sync', Obj: { Nodes: [{ ID: 'host' }, { ID: 'later' }] } })
    expect(lines.some((l) => l.startsWith('Lost connection to analyzer'))).toBe(true)
  })

  it('connects to every analyzer of the list', async () => {
    const a = server()
    const b = server()
    closers.push(a.close, b.close)
    const [pa, pb] = await Promise.all([a.ready, b.ready])
    const graph = new Graph({ clock: systemClock })
    pub = createTopologyPublisher({ analyzers: [`127.0.0.1:${pa}`, `127.0.0.1:${pb}`], hostId: 'h', graph, log: memoryLog().log })
    await until(() => pub!.connected === 2)
    graph.addNode({ ID: 'n', Metadata: { Type: 'device', Name: 'x' } })
    await until(() => a.seen[0]?.messages.length === 2 && b.seen[0]?.messages.length === 2)
  })

  it('sends a big update to every analyzer as the fragments of one message, between whole ones', async () => {
    const a = server()
    const b = server()
    closers.push(a.close, b.close)
    const [pa, pb] = await Promise.all([a.ready, b.ready])
    const graph = new Graph({ clock: systemClock })
    graph.addNode({ ID: 'host', Metadata: { Type: 'host', Name: 'h' } })
    pub = createTopologyPublisher({ analyzers: [`127.0.0.1:${pa}`, `127.0.0.1:${pb}`], hostId: 'h', graph, log: memoryLog().log })
    await until(() => pub!.connected === 2)
    const sockets = Array.from({ length: 5000 }, (_, i) => Object.freeze({ Protocol: 'TCP', LocalAddress: '127.0.0.1', LocalPort: i, Pid: 7 }))
    const node = graph.getNode('host')!
    graph.setNodeMetadata('host', { ...node.Metadata, Sockets: sockets })
    graph.addNode({ ID: 'after', Metadata: { Type: 'device', Name: 'x' } })
    for (const srv of [a, b]) {
      await until(() => srv.seen[0]?.messages.length === 3)
      const [, update, added] = srv.seen[0]!.messages
      expect(update).toMatchObject({ Type: 'NodeUpdated', Obj: { ID: 'host', Metadata: { Name: 'h' } } })
      expect(update!.Obj['Metadata']).toEqual({ Type: 'host', Name: 'h', Sockets: sockets })
      expect(added).toMatchObject({ Type: 'NodeAdded', Obj: { ID: 'after' } })
      expect(srv.seen[0]!.binary).toBe(0) // text messages (api spec §4.3: JSON protocol)
    }
  })

  it('builds ws and wss URLs, bracketing IPv6 hosts', () => {
    expect(agentTopologyUrl('127.0.0.1:8082', false)).toBe('ws://127.0.0.1:8082/ws/agent/topology')
    expect(agentTopologyUrl('::1:8082', true)).toBe('wss://[::1]:8082/ws/agent/topology')
    expect(agentTopologyUrl('[::1]:8082', false)).toBe('ws://[::1]:8082/ws/agent/topology')
  })
})
