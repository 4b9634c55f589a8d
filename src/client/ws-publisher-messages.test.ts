import { describe, expect, it } from 'vitest'
import { Graph, type GraphEvent } from '../core/graph/index.js'
import { fakeClock } from '../core/ports.js'
import { graphEventMessage, syncMessage } from './ws-publisher-messages.js'

describe('agent push messages (api spec §0.b)', () => {
  it('turns graph events into NodeAdded, NodePartiallyUpdated, EdgeAdded and NodeDeleted', () => {
    const g = new Graph({ clock: fakeClock(5), host: 'h', origin: 'agent.h' })
    const out: unknown[] = []
    g.subscribe((ev: GraphEvent) => out.push(JSON.parse(JSON.stringify(graphEventMessage(ev)))))
    g.addNode({ ID: 'a', Metadata: { Type: 'host', Name: 'h' } })
    g.addNode({ ID: 'b', Metadata: { Type: 'device', Name: 'eth0' } })
    g.addEdge({ ID: 'e', Parent: 'a', Child: 'b', Metadata: { RelationType: 'ownership' } })
    g.setNodeKey('b', 'MTU', 1500)
    g.deleteNode('b')
    expect(out.map((m) => (m as { Type: string }).Type)).toEqual(['NodeAdded', 'NodeAdded', 'EdgeAdded', 'NodePartiallyUpdated', 'EdgeDeleted', 'NodeDeleted'])
    expect(out[3]).toEqual({ Namespace: 'Graph', Type: 'NodePartiallyUpdated', Obj: { ID: 'b', UpdatedAt: 5, Revision: 2, Ops: [{ Type: 1, Key: 'MTU', Value: 1500 }] } })
    expect(out[0]).toMatchObject({ Obj: { ID: 'a', Host: 'h', Origin: 'agent.h', Revision: 1 } })
  })

  it('sends a full NodeUpdated when the metadata was replaced', () => {
    const g = new Graph({ clock: fakeClock(5) })
    g.addNode({ ID: 'a', Metadata: { Type: 'host', Name: 'h' } })
    let msg: unknown
    g.subscribe((ev) => { msg = graphEventMessage(ev) })
    g.setNodeMetadata('a', { Type: 'host', Name: 'h2' })
    expect(msg).toMatchObject({ Type: 'NodeUpdated', Obj: { ID: 'a', Metadata: { Name: 'h2' } } })
  })

  it('syncs the whole graph', () => {
    const g = new Graph({ clock: fakeClock(5) })
    g.addNode({ ID: 'a', Metadata: { Type: 'host', Name: 'h' } })
    expect(syncMessage(g)).toMatchObject({ Type: 'Sync', Obj: { Nodes: [{ ID: 'a' }], Edges: [] } })
  })
})
