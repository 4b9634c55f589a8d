// The analyzer's WebSocket endpoints against a real process with real `ws` clients:
// handshake, Sync/delta/revision rule, disconnect cleanup, subscriber views, pubsub, keepalive.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type AnalyzerClient, type WsClient, connectWs, createAnalyzerClient } from '../../src/client/index.js'
import { type AnalyzerProcess, eventually, startAnalyzerProcess } from './analyzer-process.js'

let an: AnalyzerProcess
let c: AnalyzerClient
const open: WsClient[] = []

beforeAll(async () => {
  an = await startAnalyzerProcess({ yaml: 'host_id: sdt-ws\n' })
  c = createAnalyzerClient({ analyzer: an.address })
})
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()))
})
afterAll(async () => {
  expect(await an.stop()).toBe(0)
})

async function ws(path: string, headers: Record<string, string>, extra: { autoPong?: boolean } = {}): Promise<WsClient> {
  const w = await connectWs({ analyzer: an.address, path, headers, ...extra })
  open.push(w)
  return w
}
const agent = (id: string, persistence = 'DeleteOnDisconnect') =>
  ws('/ws/agent/topology', { 'X-Host-ID': id, 'X-Client-Type': 'agent', 'X-Client-Protocol': 'json', 'X-Persistence-Policy': persistence })
const msg = (Type: string, Obj: unknown) => ({ Namespace: 'Graph', Type, UUID: 'u-' + Type, Status: 200, Obj })
const n = (ID: string, Name: string, extra: Record<string, unknown> = {}) =>
  ({ ID, Metadata: { Type: 'device', Name }, Host: 'h', Origin: 'whatever', CreatedAt: 1, UpdatedAt: 1, Revision: 1, ...extra })
const e = (ID: string, Parent: string, Child: string) => ({ ...n(ID, ''), Metadata: { RelationType: 'ownership' }, Parent, Child })
const q = (g: string) => c.query(g)
const ids = async (g: string) => ((await q(g)) as Array<{ ID: string }>).map((x) => x.ID).sort()

describe('/ws/agent/topology', () => {
  it('answers the upgrade with X-Host-ID and X-Service-Type', async () => {
    const a = await agent('hs-agent')
    expect(a.upgradeHeaders['x-host-id']).toBe('sdt-ws')
    expect(a.upgradeHeaders['x-service-type']).toBe('analyzer')
  })

  it('replaces the origin on Sync, stamps Origin agent.<id> and keeps Host', async () => {
    const a = await agent('sync1')
    a.send(msg('Sync', { Nodes: [n('s1', 'a'), n('s2', 'b')], Edges: [e('se1', 's1', 's2')] }))
    await eventually(async () => expect(await ids("G.V().Has('@Origin', 'agent.sync1')")).toEqual(['s1', 's2']))
    const [node] = (await q("G.V('s1')")) as Array<{ Host: string; Origin: string }>
    expect(node).toMatchObject({ Host: 'h', Origin: 'agent.sync1' })
    a.send(msg('Sync', { Nodes: [n('s3', 'c')], Edges: null }))
    await eventually(async () => expect(await ids("G.V().Has('@Origin', 'agent.sync1')")).toEqual(['s3']))
    expect(await q("G.E().Has('@ID', 'se1').Count()")).toBe(0)
  })

  it('applies deltas under the revision rule', async () => {
    const a = await agent('delta1')
    a.send(msg('Sync', { Nodes: [n('d1', 'd1')], Edges: [] }))
    a.send(msg('NodeAdded', n('d2', 'd2')))
    a.send(msg('EdgeAdded', e('de1', 'd1', 'd2')))
    a.send(msg('NodePartiallyUpdated', { ID: 'd1', UpdatedAt: 5, Revision: 3, Ops: [{ Type: 1, Key: 'MTU', Value: 1500 }] }))
    a.send(msg('NodePartiallyUpdated', { ID: 'd1', UpdatedAt: 6, Revision: 2, Ops: [{ Type: 1, Key: 'MTU', Value: 9000 }] }))
    a.send(msg('NodeUpdated', { ...n('d2', 'd2'), Metadata: { Type: 'device', Name: 'd2', State: 'UP' }, Revision: 1 }))
    await eventually(async () => expect(await q("G.V('d1').Values('MTU')")).toEqual([1500]))
    expect(await q("G.V('d2').Values('State')")).toBeNull()
    a.send(msg('NodeUpdated', { ...n('d2', 'd2'), Metadata: { Type: 'device', Name: 'd2', State: 'UP' }, Revision: 7 }))
    await eventually(async () => expect(await q("G.V('d2').Values('State')")).toEqual(['UP']))
    a.send(msg('NodeDeleted', n('d2', 'd2')))
    await eventually(async () => expect(await q("G.E().Has('@ID', 'de1').Count()")).toBe(0))
    expect(await q("G.V().Has('@ID', 'd2').Count()")).toBe(0)
  })

  it('removes the origin when a DeleteOnDisconnect agent goes, keeps a Persistent one', async () => {
    const gone = await agent('bye1')
    const kept = await agent('stay1', 'Persistent')
    gone.send(msg('Sync', { Nodes: [n('bye-n', 'x')], Edges: [] }))
    kept.send(msg('Sync', { Nodes: [n('stay-n', 'y')], Edges: [] }))
    await eventually(async () => expect(await q("G.V().Has('@ID', Within('bye-n', 'stay-n')).Count()")).toBe(2))
    await gone.close()
    await kept.close()
    await eventually(async () => expect(await ids("G.V().Has('@ID', Within('bye-n', 'stay-n'))")).toEqual(['stay-n']))
  })

  it('refuses a second connection with the same host id (409)', async () => {
    await agent('dup1')
    await expect(agent('dup1')).rejects.toThrow(/409/)
  })

  it('closes a connection without X-Client-Type', async () => {
    const w = await ws('/ws/agent/topology', { 'X-Host-ID': 'noclient' })
    const closed = await w.closed
    expect(closed.reason).toContain('X-Client-Type')
  })

  it('lists connected agents in /api/status', async () => {
    await agent('status1')
    const s = await c.json<{ Agents: Record<string, { ServiceType: string; IsConnected: boolean; RemoteHost: string }> }>('GET', '/api/status')
    expect(s.Agents['status1']).toMatchObject({ ServiceType: 'agent', IsConnected: true, RemoteHost: 'status1' })
  })
})

describe('/ws/publisher', () => {
  it('rewrites Origin to <X-Client-Type>.<X-Host-ID> and drops elements failing the schema', async () => {
    const p = await ws('/ws/publisher', { 'X-Host-ID': 'host-test', 'X-Client-Type': 'skydive-python-client', 'X-Persistence-Policy': 'Persistent' })
    p.send(msg('NodeAdded', { ...n('pub-bad', 'x'), Metadata: { Type: 'device' } }))
    p.send(msg('NodeAdded', n('pub-ok', 'ok')))
    await eventually(async () => expect(await q("G.V('pub-ok').Values('@Origin')")).toEqual(['skydive-python-client.host-test']))
    expect(await q("G.V().Has('@ID', 'pub-bad').Count()")).toBe(0)
    await eventually(() => expect(an.logs()).toMatch(/Dropped message: NodeAdded "pub-bad": Metadata.Name/))
  })
})

describe('/ws/subscriber', () => {
  it('answers SyncRequest with the graph, then streams live events', async () => {
    const s = await ws('/ws/subscriber', { 'X-Client-Type': 'webui', 'X-Host-ID': 'sub1' })
    s.send({ Namespace: 'Graph', Type: 'SyncRequest', UUID: 'req-1', Obj: { GremlinFilter: null } })
    const reply = await s.waitFor<{ Type: string; UUID: string; Status: number; Obj: { Nodes: unknown[]; Edges: unknown[] } }>((m) => m.Type === 'SyncReply')
    expect(reply).toMatchObject({ UUID: 'req-1', Status: 200 })
    expect(Array.isArray(reply.Obj.Nodes)).toBe(true)
    const a = await agent('live1')
    a.send(msg('NodeAdded', n('live-n', 'live')))
    const added = await s.waitFor<{ Type: string; Obj: { ID: string; Origin: string } }>((m) => m.Type === 'NodeAdded' && m.Obj.ID === 'live-n')
    expect(added.Obj.Origin).toBe('agent.live1')
    a.send(msg('NodeUpdated', { ...n('live-n', 'live'), Metadata: { Type: 'device', Name: 'live', MTU: 1 }, Revision: 2 }))
    await s.waitFor<{ Type: string; Obj: { ID: string } }>((m) => m.Type === 'NodeUpdated' && m.Obj.ID === 'live-n')
  })

  it('accepts handshake parameters in the query string and sends partial updates', async () => {
    const s = await ws('/ws/subscriber?x-client-type=webui&x-host-id=sub-partial&x-update-policy=partial', {})
    const a = await agent('partial1')
    a.send(msg('NodeAdded', n('part-n', 'p')))
    a.send(msg('NodePartiallyUpdated', { ID: 'part-n', UpdatedAt: 9, Revision: 2, Ops: [{ Type: 1, Key: 'Speed', Value: 10 }] }))
    const u = await s.waitFor<{ Type: string; Obj: { ID: string; Revision: number; Ops: unknown } }>((m) => m.Type === 'NodePartiallyUpdated' && m.Obj.ID === 'part-n')
    expect(u.Obj).toEqual({ ID: 'part-n', UpdatedAt: 9, Revision: 2, Ops: [{ Type: 1, Key: 'Speed', Value: 10 }] })
    const st = await c.json<{ Subscribers: Record<string, unknown> }>('GET', '/api/status')
    expect(Object.keys(st.Subscribers)).toContain('sub-partial')
  })

  it('sends the filtered sub-graph and its diff with X-Gremlin-Filter', async () => {
    const s = await ws('/ws/subscriber', { 'X-Client-Type': 'webui', 'X-Host-ID': 'sub-filter', 'X-Gremlin-Filter': "G.V().Has('Color', 'green').SubGraph()" })
    const a = await agent('filter1')
    a.send(msg('Sync', { Nodes: [n('f-green', 'g', { Metadata: { Type: 'device', Name: 'g', Color: 'green' } }), n('f-red', 'r', { Metadata: { Type: 'device', Name: 'r', Color: 'red' } })], Edges: [] }))
    await s.waitFor<{ Type: string; Obj: { ID: string } }>((m) => m.Type === 'NodeAdded' && m.Obj.ID === 'f-green')
    a.send(msg('NodePartiallyUpdated', { ID: 'f-red', UpdatedAt: 2, Revision: 2, Ops: [{ Type: 1, Key: 'Color', Value: 'green' }] }))
    await s.waitFor<{ Type: string; Obj: { ID: string } }>((m) => m.Type === 'NodeAdded' && m.Obj.ID === 'f-red')
    a.send(msg('NodePartiallyUpdated', { ID: 'f-green', UpdatedAt: 3, Revision: 2, Ops: [{ Type: 2, Key: 'Color' }] }))
    await s.waitFor<{ Type: string; Obj: { ID: string } }>((m) => m.Type === 'NodeDeleted' && m.Obj.ID === 'f-green')
    s.send({ Namespace: 'Graph', Type: 'SyncRequest', UUID: 'r2', Obj: {} })
    const reply = await s.waitFor<{ Type: string; UUID: string; Obj: { Nodes: Array<{ ID: string }> } }>((m) => m.Type === 'SyncReply' && m.UUID === 'r2')
    expect(reply.Obj.Nodes.map((x) => x.ID)).toEqual(['f-red'])
    expect(s.received.some((m) => (m as { Obj?: { ID?: string } }).Obj?.ID === 'f-green' && (m as { Type: string }).Type === 'NodeUpdated')).toBe(false)
  })

  it('answers a bad filter or a Time with Status 400, and closes on a bad header filter', async () => {
    const s = await ws('/ws/subscriber', { 'X-Client-Type': 'webui', 'X-Host-ID': 'sub-bad' })
    s.send({ Namespace: 'Graph', Type: 'SyncRequest', UUID: 'bad1', Obj: { GremlinFilter: 'G.V().Count()' } })
    const r1 = await s.waitFor<{ UUID: string; Status: number; Obj: unknown }>((m) => m.UUID === 'bad1')
    expect(r1.Status).toBe(400)
    expect(String(r1.Obj)).toContain('SubGraph')
    s.send({ Namespace: 'Graph', Type: 'SyncRequest', UUID: 'bad2', Obj: { Time: 1000 } })
    expect(await s.waitFor<{ UUID: string }>((m) => m.UUID === 'bad2')).toMatchObject({ Status: 400, Obj: null })
    const w = await ws('/ws/subscriber', { 'X-Client-Type': 'webui', 'X-Host-ID': 'sub-bad2', 'X-Gremlin-Filter': 'G.V(' })
    expect((await w.closed).reason).toContain('X-Gremlin-Filter')
  })
})

describe('/ws/pubsub', () => {
  it('publishes to other subscribers but not back to the sender', async () => {
    const p = await ws('/ws/pubsub', { 'X-Client-Type': 'tool', 'X-Host-ID': 'ps1' })
    const s = await ws('/ws/subscriber', { 'X-Client-Type': 'webui', 'X-Host-ID': 'ps-watch' })
    p.send(msg('NodeAdded', n('ps-node', 'ps')))
    const seen = await s.waitFor<{ Type: string; Obj: { ID: string; Origin: string } }>((m) => m.Type === 'NodeAdded' && m.Obj.ID === 'ps-node')
    expect(seen.Obj.Origin).toBe('tool.ps1')
    p.send({ Namespace: 'Graph', Type: 'SyncRequest', UUID: 'ps-sync', Obj: null })
    await p.waitFor<{ UUID: string }>((m) => m.UUID === 'ps-sync')
    expect(p.received.some((m) => (m as { Type: string }).Type === 'NodeAdded')).toBe(false)
  })
})

describe('keepalive', () => {
  let fast: AnalyzerProcess
  beforeAll(async () => {
    fast = await startAnalyzerProcess({ yaml: 'host_id: sdt-ping\nhttp:\n  ws:\n    ping_delay: 1\n    pong_timeout: 1\n' })
  })
  afterAll(async () => {
    await fast.stop()
  })

  it('drops a peer that does not answer pings and keeps one that does', async () => {
    const mute = await connectWs({ analyzer: fast.address, path: '/ws/agent/topology', headers: { 'X-Host-ID': 'mute', 'X-Client-Type': 'agent', 'X-Persistence-Policy': 'DeleteOnDisconnect' }, autoPong: false })
    const live = await connectWs({ analyzer: fast.address, path: '/ws/subscriber', headers: { 'X-Host-ID': 'live', 'X-Client-Type': 'webui' } })
    mute.send(msg('Sync', { Nodes: [n('mute-n', 'm')], Edges: [] }))
    const fc = createAnalyzerClient({ analyzer: fast.address })
    await eventually(async () => expect(await fc.query("G.V().Has('@ID', 'mute-n').Count()")).toBe(1))
    await mute.closed
    expect(fast.logs()).toContain('no pong in time')
    await eventually(async () => expect(await fc.query("G.V().Has('@ID', 'mute-n').Count()")).toBe(0))
    live.send({ Namespace: 'Graph', Type: 'SyncRequest', UUID: 'still-here', Obj: null })
    await live.waitFor<{ UUID: string }>((m) => m.UUID === 'still-here')
    await live.close()
  })
})

describe('slow subscribers', () => {
  let small: AnalyzerProcess
  beforeAll(async () => {
    small = await startAnalyzerProcess({ yaml: 'host_id: sdt-slow\nhttp:\n  ws:\n    queue_size: 16\n' })
  })
  afterAll(async () => {
    await small.stop()
  })

  it('drops a subscriber that stops reading instead of buffering without bound', async () => {
    const { default: WebSocket } = await import('ws')
    const stalled = new WebSocket(`ws://${small.address}/ws/subscriber`, { headers: { 'X-Client-Type': 'webui', 'X-Host-ID': 'stalled' }, perMessageDeflate: false })
    await new Promise((ok) => stalled.once('open', ok))
    // Stop reading: the kernel buffers fill, then the analyzer's send queue grows.
    ;(stalled as unknown as { _socket: { pause(): void } })._socket.pause()
    const a = await connectWs({ analyzer: small.address, path: '/ws/agent/topology', headers: { 'X-Host-ID': 'flood', 'X-Client-Type': 'agent' } })
    const pad = 'x'.repeat(2000)
    for (let round = 0; round < 20 && !small.logs().includes('too many unread messages'); round++) {
      const nodes = Array.from({ length: 2000 }, (_, i) => n(`flood-${round}-${i}`, `f${i}`, { Metadata: { Type: 'device', Name: `f${i}`, Pad: pad } }))
      a.send(msg('Sync', { Nodes: nodes, Edges: [] }))
      await eventually(async () => expect(await createAnalyzerClient({ analyzer: small.address }).query(`G.V().Has('@ID', 'flood-${round}-0').Count()`)).toBe(1))
    }
    await eventually(() => expect(small.logs()).toMatch(/Dropping WebSocket peer: too many unread messages peer=stalled/))
    await eventually(async () => expect(Object.keys((await createAnalyzerClient({ analyzer: small.address }).json<{ Subscribers: object }>('GET', '/api/status')).Subscribers)).toEqual([]))
    stalled.terminate()
    await a.close()
  })
})

describe('protobuf framing (X-Client-Protocol: protobuf, as Go agents speak)', () => {
  it('applies a protobuf Sync and streams protobuf frames to a protobuf subscriber', async () => {
    const { default: WebSocket } = await import('ws')
    const { encodeStructMessage, decodeStructMessage } = await import('../../src/analyzer/ws/struct-message.js')
    const open = (path: string, id: string) => new Promise<InstanceType<typeof WebSocket>>((ok, ko) => {
      const w = new WebSocket(`ws://${an.address}${path}`, { headers: { 'X-Host-ID': id, 'X-Client-Type': path.includes('agent') ? 'agent' : 'webui', 'X-Client-Protocol': 'protobuf' }, perMessageDeflate: false })
      w.once('open', () => ok(w))
      w.once('error', ko)
    })
    const sub = await open('/ws/subscriber', 'pb-sub')
    const frames: Array<{ Type: string; Obj: { ID?: string } }> = []
    sub.on('message', (data, isBinary) => { if (isBinary) frames.push(decodeStructMessage(data as Buffer) as never) })
    const agentWs = await open('/ws/agent/topology', 'pb-agent')
    agentWs.send(encodeStructMessage(msg('Sync', { Nodes: [n('pb-n1', 'pb')], Edges: [] })))
    await eventually(async () => expect(await q("G.V('pb-n1').Values('@Origin')")).toEqual(['agent.pb-agent']))
    await eventually(() => expect(frames.some((f) => f.Type === 'NodeAdded' && f.Obj.ID === 'pb-n1')).toBe(true))
    sub.send(encodeStructMessage({ Namespace: 'Graph', Type: 'SyncRequest', UUID: 'pb-req', Obj: null }))
    await eventually(() => expect(frames.some((f) => f.Type === 'SyncReply')).toBe(true))
    agentWs.close()
    sub.close()
  })
})
