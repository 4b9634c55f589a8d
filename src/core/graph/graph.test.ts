import { describe, expect, it } from 'vitest'
import { isSkydiveError } from '../errors.js'
import { fakeClock } from '../ports.js'
import { Graph } from './graph.js'
import type { GraphEvent } from './events.js'

function setup() {
  const clock = fakeClock(1_000)
  const g = new Graph({ clock, host: 'node1', origin: 'agent.node1' })
  const events: GraphEvent[] = []
  g.subscribe((ev) => events.push(ev))
  return { g, clock, events }
}

/** host h -> netns ns -> eth0; host h -> eth1; eth0 -layer2- eth1 */
function smallTopology() {
  const s = setup()
  s.g.addNode({ ID: 'h', Metadata: { Type: 'host', Name: 'node1' } })
  s.g.addNode({ ID: 'ns', Metadata: { Type: 'netns', Name: 'ns1', Path: '/run/netns/ns1' } })
  s.g.addNode({ ID: 'eth0', Metadata: { Type: 'veth', Name: 'eth0', MAC: 'aa:aa:aa:aa:aa:01', IPV4: ['10.0.0.1/24'] } })
  s.g.addNode({ ID: 'eth1', Metadata: { Type: 'veth', Name: 'eth1', MAC: 'aa:aa:aa:aa:aa:02', IPV4: ['10.0.0.2/24', '10.0.1.2/24'] } })
  s.g.addEdge({ ID: 'h-ns', Parent: 'h', Child: 'ns', Metadata: { RelationType: 'ownership' } })
  s.g.addEdge({ ID: 'ns-eth0', Parent: 'ns', Child: 'eth0', Metadata: { RelationType: 'ownership' } })
  s.g.addEdge({ ID: 'h-eth1', Parent: 'h', Child: 'eth1', Metadata: { RelationType: 'ownership' } })
  s.g.addEdge({ ID: 'l2', Parent: 'eth0', Child: 'eth1', Metadata: { RelationType: 'layer2' } })
  s.events.length = 0
  return s
}

const ids = (nodes: Array<{ ID: string }>) => nodes.map((n) => n.ID).sort()

describe('Graph creation', () => {
  it('stamps host, origin, clock time and revision 1 on new nodes and edges', () => {
    const { g } = smallTopology()
    expect(g.getNode('h')).toEqual({
      ID: 'h', Metadata: { Type: 'host', Name: 'node1' }, Host: 'node1', Origin: 'agent.node1',
      CreatedAt: 1000, UpdatedAt: 1000, DeletedAt: null, Revision: 1,
    })
    expect(Object.keys(g.getEdge('l2')!)).toEqual(['ID', 'Metadata', 'Host', 'Origin', 'CreatedAt', 'UpdatedAt', 'DeletedAt', 'Revision', 'Parent', 'Child'])
  })

  it('keeps the timestamps, host and revision a remote element brings', () => {
    const { g } = setup()
    const n = g.addNode({ ID: 'x', Metadata: {}, Host: 'other', Origin: 'agent.other', CreatedAt: 5, UpdatedAt: 7, Revision: 9 })
    expect([n.Host, n.Origin, n.CreatedAt, n.UpdatedAt, n.Revision]).toEqual(['other', 'agent.other', 5, 7, 9])
  })

  it('rejects a duplicate ID and an edge to a missing node', () => {
    const { g } = smallTopology()
    expect(() => g.addNode({ ID: 'h' })).toThrow(/ID conflict/)
    try {
      g.addEdge({ ID: 'bad', Parent: 'h', Child: 'nope' })
      expect.unreachable()
    } catch (err) {
      expect(isSkydiveError(err, 'node-not-found')).toBe(true)
    }
    expect(g.getEdge('bad')).toBeUndefined()
  })
})

describe('Graph revision rule', () => {
  it('ignores a NodeUpdated whose Revision is equal or lower', () => {
    const { g, events } = smallTopology()
    g.setNodeKey('h', 'State', 'UP') // revision 2
    events.length = 0
    expect(g.applyNodeUpdate({ ID: 'h', Metadata: { Type: 'host', Name: 'stale' }, Revision: 2 })).toBe(false)
    expect(g.applyNodeUpdate({ ID: 'h', Metadata: { Type: 'host', Name: 'older' }, Revision: 1 })).toBe(false)
    expect(g.getNode('h')!.Metadata.Name).toBe('node1')
    expect(g.getNode('h')!.Revision).toBe(2)
    expect(events).toEqual([])
  })

  it('applies a NodeUpdated with a higher Revision and stores that revision and UpdatedAt', () => {
    const { g, events } = smallTopology()
    expect(g.applyNodeUpdate({ ID: 'h', Metadata: { Type: 'host', Name: 'renamed' }, Revision: 7, UpdatedAt: 4242 })).toBe(true)
    const h = g.getNode('h')!
    expect([h.Metadata.Name, h.Revision, h.UpdatedAt]).toEqual(['renamed', 7, 4242])
    expect(events.map((e) => e.type)).toEqual(['NodeUpdated'])
  })

  it('ignores a NodePartiallyUpdated whose Revision is not higher and applies a higher one', () => {
    const { g } = smallTopology()
    const set = { Type: 1 as const, Key: 'MTU', Value: 1500 }
    expect(g.applyNodePartial({ ID: 'eth0', UpdatedAt: 2000, Revision: 1, Ops: [set] })).toBe(false)
    expect(g.getNode('eth0')!.Metadata.MTU).toBeUndefined()
    expect(g.applyNodePartial({ ID: 'eth0', UpdatedAt: 2000, Revision: 3, Ops: [set, { Type: 2, Key: 'MAC' }] })).toBe(true)
    const n = g.getNode('eth0')!
    expect([n.Metadata.MTU, n.Metadata.MAC, n.Revision, n.UpdatedAt]).toEqual([1500, undefined, 3, 2000])
  })

  it('applies the revision rule to edges too', () => {
    const { g } = smallTopology()
    expect(g.applyEdgeUpdate({ ID: 'l2', Metadata: { RelationType: 'layer2', Type: 'fabric' }, Revision: 1 })).toBe(false)
    expect(g.applyEdgeUpdate({ ID: 'l2', Metadata: { RelationType: 'layer2', Type: 'fabric' }, Revision: 2 })).toBe(true)
    expect(g.applyEdgePartial({ ID: 'l2', UpdatedAt: 3000, Revision: 2, Ops: [{ Type: 1, Key: 'X', Value: 1 }] })).toBe(false)
    expect(g.getEdge('l2')!.Metadata).toEqual({ RelationType: 'layer2', Type: 'fabric' })
    expect(g.getEdge('l2')!.Revision).toBe(2)
  })

  it('ignores updates of unknown elements', () => {
    const { g } = smallTopology()
    expect(g.applyNodeUpdate({ ID: 'ghost', Metadata: {}, Revision: 9 })).toBe(false)
    expect(g.applyNodePartial({ ID: 'ghost', UpdatedAt: 1, Revision: 9, Ops: [] })).toBe(false)
  })
})

describe('Graph local updates', () => {
  it('bumps Revision once and UpdatedAt to now per effective change', () => {
    const { g, clock } = smallTopology()
    clock.set(5000)
    expect(g.patchNode('eth0', [{ Type: 1, Key: 'MTU', Value: 9000 }, { Type: 1, Key: 'State', Value: 'UP' }])).toBe(true)
    expect([g.getNode('eth0')!.Revision, g.getNode('eth0')!.UpdatedAt]).toEqual([2, 5000])
    expect(g.setNodeMetadata('eth0', { Name: 'eth0' })).toBe(true)
    expect(g.getNode('eth0')!.Revision).toBe(3)
  })

  it('emits nothing and keeps the revision for no-op updates', () => {
    const { g, events, clock } = smallTopology()
    clock.set(9999)
    expect(g.setNodeMetadata('h', { Type: 'host', Name: 'node1' })).toBe(false)
    expect(g.setNodeKey('eth0', 'Name', 'eth0')).toBe(false)
    expect(g.deleteNodeKey('eth0', 'NoSuchKey')).toBe(false)
    expect(g.patchNode('eth1', [{ Type: 1, Key: 'IPV4', Value: ['10.0.0.2/24', '10.0.1.2/24'] }])).toBe(false)
    expect(g.setEdgeMetadata('l2', { RelationType: 'layer2' })).toBe(false)
    expect(events).toEqual([])
    expect([g.getNode('h')!.Revision, g.getNode('h')!.UpdatedAt]).toEqual([1, 1000])
  })

  it('lists only the ops that changed something in the update event', () => {
    const { g, events } = smallTopology()
    g.patchNode('eth0', [{ Type: 1, Key: 'Name', Value: 'eth0' }, { Type: 1, Key: 'Captures.State', Value: 'active' }])
    expect(events).toHaveLength(1)
    const ev = events[0]!
    expect(ev.type === 'NodeUpdated' && ev.ops).toEqual([{ Type: 1, Key: 'Captures.State', Value: 'active' }])
    expect(g.getNode('eth0')!.Metadata.Captures).toEqual({ State: 'active' })
  })

  it('fails with node-not-found when updating an unknown node', () => {
    const { g } = smallTopology()
    expect(() => g.setNodeKey('ghost', 'A', 1)).toThrow("Node 'ghost' does not exist")
  })
})

describe('Graph deletes', () => {
  it('deletes a node with all its edges first, stamped with the same DeletedAt', () => {
    const { g, events, clock } = smallTopology()
    clock.set(7000)
    expect(g.deleteNode('eth0')).toBe(true)
    expect(g.getNode('eth0')).toBeUndefined()
    expect(g.getEdge('ns-eth0')).toBeUndefined()
    expect(g.getEdge('l2')).toBeUndefined()
    expect(g.outEdges('ns')).toEqual([])
    expect(g.inEdges('eth1').map((e) => e.ID)).toEqual(['h-eth1'])
    expect(events.map((e) => e.type)).toEqual(['EdgeDeleted', 'EdgeDeleted', 'NodeDeleted'])
    expect(events.map((e) => ('node' in e ? e.node.DeletedAt : e.edge.DeletedAt))).toEqual([7000, 7000, 7000])
    expect([g.nodeCount, g.edgeCount]).toEqual([3, 2])
  })

  it('answers false when deleting an unknown node or edge', () => {
    const { g, events } = smallTopology()
    expect(g.deleteNode('ghost')).toBe(false)
    expect(g.deleteEdge('ghost')).toBe(false)
    expect(events).toEqual([])
  })

  it('deletes by origin the nodes of that origin, their edges and edges of that origin, nothing else', () => {
    const { g } = smallTopology()
    g.addNode({ ID: 'peer', Metadata: { Type: 'host', Name: 'node2' }, Origin: 'agent.node2', Host: 'node2' })
    g.addNode({ ID: 'peer-if', Metadata: { Type: 'device', Name: 'eth0' }, Origin: 'agent.node2', Host: 'node2' })
    g.addEdge({ ID: 'peer-own', Parent: 'peer', Child: 'peer-if', Metadata: { RelationType: 'ownership' }, Origin: 'agent.node2' })
    // an analyzer-made fabric link between the two hosts' interfaces
    g.addEdge({ ID: 'fabric', Parent: 'eth1', Child: 'peer-if', Metadata: { RelationType: 'layer2' }, Origin: 'analyzer.a1' })
    // an edge of origin node2 between nodes of origin node1
    g.addEdge({ ID: 'foreign', Parent: 'h', Child: 'eth0', Metadata: { RelationType: 'mirroring' }, Origin: 'agent.node2' })
    expect(g.deleteOrigin('agent.node2')).toEqual({ nodes: 2, edges: 2 })
    expect(ids([...g.nodes()])).toEqual(['eth0', 'eth1', 'h', 'ns'])
    expect(ids([...g.edges()])).toEqual(['h-eth1', 'h-ns', 'l2', 'ns-eth0'])
  })
})

describe('Graph index', () => {
  it('finds nodes by indexed keys, arrays by element', () => {
    const { g } = smallTopology()
    expect(g.isIndexed('Type')).toBe(true)
    expect(ids(g.nodesBy('Type', 'veth'))).toEqual(['eth0', 'eth1'])
    expect(ids(g.nodesBy('IPV4', '10.0.1.2/24'))).toEqual(['eth1'])
    expect(ids(g.nodesBy('MAC', 'aa:aa:aa:aa:aa:01'))).toEqual(['eth0'])
  })

  it('stays correct after metadata replacement, patches, remote updates and deletes', () => {
    const { g } = smallTopology()
    g.setNodeMetadata('eth0', { Type: 'device', Name: 'eth9', IPV4: ['10.9.0.1/24'] })
    expect(ids(g.nodesBy('Name', 'eth0'))).toEqual([])
    expect(ids(g.nodesBy('Name', 'eth9'))).toEqual(['eth0'])
    expect(ids(g.nodesBy('Type', 'veth'))).toEqual(['eth1'])
    expect(ids(g.nodesBy('IPV4', '10.0.0.1/24'))).toEqual([])
    expect(ids(g.nodesBy('MAC', 'aa:aa:aa:aa:aa:01'))).toEqual([])

    g.setNodeKey('eth1', 'Name', 'renamed')
    g.deleteNodeKey('eth1', 'MAC')
    expect(ids(g.nodesBy('Name', 'eth1'))).toEqual([])
    expect(ids(g.nodesBy('Name', 'renamed'))).toEqual(['eth1'])
    expect(ids(g.nodesBy('MAC', 'aa:aa:aa:aa:aa:02'))).toEqual([])

    g.applyNodeUpdate({ ID: 'h', Metadata: { Type: 'host', Name: 'node1b' }, Revision: 5 })
    g.applyNodePartial({ ID: 'ns', UpdatedAt: 1, Revision: 5, Ops: [{ Type: 1, Key: 'Type', Value: 'netns2' }] })
    expect(ids(g.nodesBy('Name', 'node1'))).toEqual([])
    expect(ids(g.nodesBy('Name', 'node1b'))).toEqual(['h'])
    expect(ids(g.nodesBy('Type', 'netns'))).toEqual([])
    expect(ids(g.nodesBy('Type', 'netns2'))).toEqual(['ns'])

    g.deleteNode('eth1')
    expect(ids(g.nodesBy('Name', 'renamed'))).toEqual([])
    expect(ids(g.nodesBy('IPV4', '10.0.0.2/24'))).toEqual([])
    g.deleteOrigin('agent.node1')
    expect(g.nodesBy('Type', 'host')).toEqual([])
    expect(g.nodesBy('Name', 'eth9')).toEqual([])
  })

  it('scans for keys without an index, through nested objects and arrays', () => {
    const { g } = smallTopology()
    g.setNodeKey('h', 'Sockets', [{ LocalPort: 22, Name: 'sshd' }, { LocalPort: 2379, Name: 'etcd' }])
    expect(g.isIndexed('Sockets.Name')).toBe(false)
    expect(ids(g.nodesBy('Sockets.Name', 'etcd'))).toEqual(['h'])
    expect(g.nodesBy('Sockets.Name', 'nginx')).toEqual([])
  })
})

describe('Graph events', () => {
  it('delivers every change in order with increasing seq, named like wire messages', () => {
    const { g, events } = setup()
    g.addNode({ ID: 'a', Metadata: { Name: 'a' } })
    g.addNode({ ID: 'b', Metadata: { Name: 'b' } })
    g.addEdge({ ID: 'ab', Parent: 'a', Child: 'b', Metadata: { RelationType: 'layer2' } })
    g.setNodeKey('a', 'State', 'UP')
    g.setEdgeMetadata('ab', { RelationType: 'ownership' })
    g.deleteNode('b')
    expect(events.map((e) => e.type)).toEqual(['NodeAdded', 'NodeAdded', 'EdgeAdded', 'NodeUpdated', 'EdgeUpdated', 'EdgeDeleted', 'NodeDeleted'])
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('stops delivering after unsubscribe and keeps other listeners', () => {
    const { g, events } = setup()
    const second: string[] = []
    const off = g.subscribe((e) => second.push(e.type))
    g.addNode({ ID: 'a' })
    off()
    g.addNode({ ID: 'b' })
    expect(second).toEqual(['NodeAdded'])
    expect(events).toHaveLength(2)
  })
})

describe('Graph.toWire', () => {
  it('lists nodes and edges sorted by CreatedAt', () => {
    const { g, clock } = setup()
    clock.set(300)
    g.addNode({ ID: 'late' })
    g.addNode({ ID: 'early', CreatedAt: 100 })
    g.addNode({ ID: 'mid', CreatedAt: 200 })
    expect(g.toWire().Nodes.map((n) => n.ID)).toEqual(['early', 'mid', 'late'])
  })
})

describe('Graph events with re-entrant listeners', () => {
  it('delivers a change made inside a listener after the event being delivered, to every listener in seq order', () => {
    const { g } = setup()
    // A linker-like listener: when an interface appears, it links it to the host.
    g.subscribe((ev) => {
      if (ev.type === 'NodeAdded' && ev.node.ID === 'eth0') g.addEdge({ ID: 'own', Parent: 'h', Child: 'eth0', Metadata: { RelationType: 'ownership' } })
    })
    const seen: Array<[number, string]> = []
    g.subscribe((ev) => seen.push([ev.seq, ev.type]))
    g.addNode({ ID: 'h' })
    g.addNode({ ID: 'eth0' })
    expect(seen).toEqual([[1, 'NodeAdded'], [2, 'NodeAdded'], [3, 'EdgeAdded']])
  })

  it('keeps delivering later changes after a listener threw', () => {
    const { g, events } = setup()
    const off = g.subscribe(() => { throw new Error('listener bug') })
    expect(() => g.addNode({ ID: 'a' })).toThrow('listener bug')
    off()
    g.addNode({ ID: 'b' })
    expect(events.map((e) => e.seq)).toEqual([1, 2])
    expect(g.getNode('a')).toBeDefined()
  })
})
