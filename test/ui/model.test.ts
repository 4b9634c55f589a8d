// The web UI's pure model: store fed by subscriber messages, stable layout, aggregation, search.
import { describe, expect, it } from 'vitest'
import { StableLayout, ORPHANS } from '../../src/ui/model/layout.js'
import { drawnBounds } from '../../src/ui/model/drawn-bounds.js'
import { applyOps } from '../../src/ui/model/metadata-path.js'
import { searchNodes } from '../../src/ui/model/search.js'
import { TopologyStore } from '../../src/ui/model/topology-store.js'
import { buildView, describeCounts, layoutNodes } from '../../src/ui/model/view-model.js'
import { edge, node, smallHost } from './fixtures.js'

function storeWith(...hosts: string[]): TopologyStore {
  const store = new TopologyStore()
  const nodes = hosts.flatMap((h) => smallHost(h).nodes)
  const edges = hosts.flatMap((h) => smallHost(h).edges)
  store.apply({ Namespace: 'Graph', Type: 'SyncReply', Obj: { Nodes: nodes, Edges: edges } })
  return store
}

describe('TopologyStore', () => {
  it('indexes ownership parents and incident edges from a SyncReply', () => {
    const store = storeWith('a')
    expect(store.ownerOf('a-veth-b')).toBe('a-ns1')
    expect(store.ownerOf('a-host')).toBeUndefined()
    expect([...store.edgesOf('a-veth-a')].sort()).toEqual(['a-l1', 'a-o3'])
  })

  it('deletes a node with its edges and reports both as changed', () => {
    const store = storeWith('a')
    const change = store.apply({ Namespace: 'Graph', Type: 'NodeDeleted', Obj: store.nodes.get('a-veth-b')! })
    expect(store.nodes.has('a-veth-b')).toBe(false)
    expect(store.edges.has('a-l1')).toBe(false)
    expect(store.edgesOf('a-veth-a').has('a-l1')).toBe(false)
    expect(change.structure).toBe(true)
    expect([...change.edges].sort()).toEqual(['a-l1', 'a-o4'])
  })

  it('applies NodePartiallyUpdated ops on dotted paths and takes the new revision', () => {
    const store = storeWith('a')
    store.apply({ Namespace: 'Graph', Type: 'NodePartiallyUpdated', Obj: { ID: 'a-eth0', UpdatedAt: 5, Revision: 2, Ops: [
      { Type: 1, Key: 'State', Value: 'DOWN' }, { Type: 1, Key: 'Metric.RxBytes', Value: 42 }, { Type: 2, Key: 'MAC' },
    ] } })
    const n = store.nodes.get('a-eth0')!
    expect(n.Metadata).toMatchObject({ State: 'DOWN', Metric: { RxBytes: 42 } })
    expect(n.Metadata['MAC']).toBeUndefined()
    expect(n.Revision).toBe(2)
  })

  it('asks for a resync when a partial update carries no ops', () => {
    const store = storeWith('a')
    const change = store.apply({ Namespace: 'Graph', Type: 'NodePartiallyUpdated', Obj: { ID: 'a-eth0', UpdatedAt: 5, Revision: 2, Ops: null } })
    expect(change.needsResync).toBe(true)
  })

  it('drops an edge whose endpoint it does not know, as the analyzer does', () => {
    const store = storeWith('a')
    store.apply({ Namespace: 'Graph', Type: 'EdgeAdded', Obj: edge('x', 'a-host', 'nowhere', 'ownership') })
    expect(store.edges.has('x')).toBe(false)
  })

  it('reports only real differences when a Sync replaces the graph', () => {
    const store = storeWith('a')
    const { nodes, edges } = smallHost('a')
    const change = store.replace({ Nodes: nodes.filter((n) => n.ID !== 'a-eth0'), Edges: edges.filter((e) => e.ID !== 'a-o1') })
    expect([...change.nodes]).toEqual(['a-eth0'])
    expect([...change.edges]).toEqual(['a-o1'])
  })
})

describe('applyOps', () => {
  it('leaves the original metadata untouched', () => {
    const md = { A: { B: 1 } }
    const out = applyOps(md, [{ Type: 1, Key: 'A.B', Value: 2 }])
    expect(md.A.B).toBe(1)
    expect(out).toEqual({ A: { B: 2 } })
  })

  it('shares untouched branches and creates nothing when deleting under a missing path', () => {
    const sockets = [{ LocalPort: 1 }]
    const md = { Sockets: sockets, X: { Y: 1 } }
    const out = applyOps(md, [{ Type: 2, Key: 'No.Such' }, { Type: 2, Key: 'X.Y' }])
    expect(out).toEqual({ Sockets: sockets, X: {} })
    expect(out['Sockets']).toBe(sockets)
    expect(md.X).toEqual({ Y: 1 })
  })
})

describe('StableLayout', () => {
  it('nests a namespace and its interfaces inside the host box', () => {
    const store = storeWith('a')
    const res = new StableLayout().run(layoutNodes(store))
    const host = res.boxes.get('a-host')!
    const ns = res.boxes.get('a-ns1')!
    expect(ns.level).toBe(2)
    const inside = (p: { x: number; y: number }, b: typeof host) => p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h
    expect(inside(res.positions.get('a-veth-b')!, ns)).toBe(true)
    expect(inside(res.positions.get('a-eth0')!, host)).toBe(true)
    expect(inside(res.positions.get('a-eth0')!, ns)).toBe(false)
    expect(res.groupOf.get('a-veth-b')).toBe('a-host')
  })

  it('keeps every other node in place when an interface is added and removed', () => {
    const store = storeWith('a', 'b', 'c')
    const layout = new StableLayout()
    const before = layout.run(layoutNodes(store)).positions
    store.apply({ Namespace: 'Graph', Type: 'NodeAdded', Obj: node('new', { Name: 'sdt-x', Type: 'veth', IfIndex: 9 }) })
    store.apply({ Namespace: 'Graph', Type: 'EdgeAdded', Obj: edge('new-o', 'b-ns1', 'new', 'ownership') })
    const during = layout.run(layoutNodes(store)).positions
    store.apply({ Namespace: 'Graph', Type: 'NodeDeleted', Obj: store.nodes.get('new')! })
    store.apply({ Namespace: 'Graph', Type: 'NodeDeleted', Obj: store.nodes.get('a-eth0')! })
    const after = layout.run(layoutNodes(store)).positions
    for (const [id, p] of before) {
      expect(during.get(id)).toEqual(p)
      if (id !== 'a-eth0') expect(after.get(id)).toEqual(p)
    }
    expect(during.has('new')).toBe(true)
  })

  it('keeps other hosts in place when a host leaves and another arrives', () => {
    const store = storeWith('a', 'b', 'c')
    const layout = new StableLayout()
    const before = layout.run(layoutNodes(store)).positions
    store.apply({ Namespace: 'Graph', Type: 'NodeDeleted', Obj: store.nodes.get('b-host')! })
    for (const id of ['b-eth0', 'b-ns1', 'b-veth-a', 'b-veth-b']) store.apply({ Namespace: 'Graph', Type: 'NodeDeleted', Obj: store.nodes.get(id)! })
    const after = layout.run(layoutNodes(store)).positions
    for (const id of ['a-eth0', 'c-veth-b', 'c-host']) expect(after.get(id)).toEqual(before.get(id))
  })

  it('puts nodes without owner or children in the orphans group', () => {
    const store = storeWith('a')
    store.apply({ Namespace: 'Graph', Type: 'NodeAdded', Obj: node('svc', { Name: 'etcd', Type: 'service' }) })
    const res = new StableLayout().run(layoutNodes(store))
    expect(res.groupOf.get('svc')).toBe(ORPHANS)
    expect(res.heads.has('svc')).toBe(false)
  })

  it('keeps a one-machine graph narrow: the host box is as wide as its content, not the full reserved width', () => {
    const small = new StableLayout().run(layoutNodes(storeWith('a'))).boxes.get('a-host')!
    const wide = new StableLayout().run(layoutNodes(storeWith('a', 'b', 'c', 'd', 'e'))).boxes.get('a-host')!
    expect(small.w).toBeLessThan(wide.w / 2)
    const ns = new StableLayout().run(layoutNodes(storeWith('a'))).boxes.get('a-ns1')!
    expect(ns.x + ns.w).toBeLessThanOrEqual(small.x + small.w)
  })

  it('widens the columns of a small graph when a host gets more namespaces, moving no node inside that host and counting a generation', () => {
    const store = storeWith('a', 'b')
    const layout = new StableLayout()
    const before = layout.run(layoutNodes(store))
    for (const i of [2, 3]) {
      store.apply({ Namespace: 'Graph', Type: 'NodeAdded', Obj: node(`a-ns${i}`, { Name: `ns${i}`, Type: 'netns', Path: `/ns${i}` }) })
      store.apply({ Namespace: 'Graph', Type: 'EdgeAdded', Obj: edge(`a-ns${i}-o`, 'a-host', `a-ns${i}`, 'ownership') })
    }
    const after = layout.run(layoutNodes(store))
    expect(after.boxes.get('a-host')!.w).toBeGreaterThan(before.boxes.get('a-host')!.w)
    expect(after.generation).toBe(before.generation + 1)
    for (const [id, p] of before.positions) if (id.startsWith('a-')) expect(after.positions.get(id)).toEqual(p)
    const ns3 = after.boxes.get('a-ns3')!
    expect(ns3.x + ns3.w).toBeLessThanOrEqual(after.boxes.get('b-host')!.x)
  })

  it('gives every column the full width for good once there are more than four hosts', () => {
    const store = storeWith('a', 'b', 'c', 'd', 'e')
    const layout = new StableLayout()
    const wide = layout.run(layoutNodes(store)).boxes.get('a-host')!.w
    for (const id of ['host', 'eth0', 'ns1', 'veth-a', 'veth-b']) for (const h of ['b', 'c', 'd', 'e']) store.apply({ Namespace: 'Graph', Type: 'NodeDeleted', Obj: store.nodes.get(`${h}-${id}`)! })
    expect(layout.run(layoutNodes(store)).boxes.get('a-host')!.w).toBe(wide)
  })

  it('lays out 5,000 nodes without overlapping two of them', () => {
    const store = new TopologyStore()
    const nodes = []; const edges = []
    for (let h = 0; h < 50; h++) {
      nodes.push(node(`h${h}`, { Name: `h${h}`, Type: 'host' }))
      for (let n = 0; n < 9; n++) {
        nodes.push(node(`h${h}n${n}`, { Name: `ns${n}`, Type: 'netns', Path: `/ns${n}` }))
        edges.push(edge(`h${h}n${n}o`, `h${h}`, `h${h}n${n}`, 'ownership'))
        for (let i = 0; i < 10; i++) {
          const parent = i < 5 ? `h${h}` : `h${h}n${n}`
          nodes.push(node(`h${h}n${n}i${i}`, { Name: `i${i}`, Type: 'veth', IfIndex: i }))
          edges.push(edge(`h${h}n${n}i${i}o`, parent, `h${h}n${n}i${i}`, 'ownership'))
        }
      }
    }
    store.replace({ Nodes: nodes, Edges: edges })
    const res = new StableLayout().run(layoutNodes(store))
    expect(res.positions.size).toBe(nodes.length)
    const seen = new Set([...res.positions.values()].map((p) => `${p.x.toFixed(2)},${p.y.toFixed(2)}`))
    expect(seen.size).toBe(nodes.length)
  })
})

describe('drawnBounds', () => {
  it('frames the nodes with room for their labels and the drawn boxes with their header, in sigma\'s y-up coordinates', () => {
    const b = drawnBounds([
      { x: 2, y: -2, size: 0.6, labelBelow: false, collapsed: false },
      { x: 14, y: -4, size: 0.38, labelBelow: true, collapsed: false },
    ], [{ id: 'h', level: 1, x: 1, y: 1, w: 12, h: 4 }])!
    expect(b.x[0]).toBe(1)
    expect(b.x[1]).toBeGreaterThan(14.38)
    expect(b.x[1]).toBeLessThan(16)
    expect(b.y[0]).toBeLessThan(-4.38)
    expect(b.y[1]).toBeGreaterThan(-1)
    expect(b.y[1]).toBeLessThan(1)
  })

  it('keeps the room of its box around a collapsed host, for its long label', () => {
    const b = drawnBounds([{ x: 10, y: -10, size: 2.2, labelBelow: false, collapsed: true }], [])!
    expect(b.x).toEqual([5, 15])
  })

  it('frames nothing when no node is drawn, so Fit falls back to the whole extent', () => {
    expect(drawnBounds([], [{ id: 'h', level: 1, x: 1, y: 1, w: 12, h: 4 }])).toBeUndefined()
  })
})

describe('buildView', () => {
  it('draws layer2 links as edges and leaves ownership to the boxes', () => {
    const store = storeWith('a')
    const layout = new StableLayout().run(layoutNodes(store))
    const view = buildView(store, layout, new Set())
    expect(view.nodes.size).toBe(5)
    expect([...view.edges.keys()]).toEqual(['a-l1'])
    expect(view.nodes.get('a-veth-b')!.down).toBe(true)
    expect(view.nodes.get('a-veth-b')!.borderColor).not.toBe(view.nodes.get('a-veth-b')!.color)
  })

  it('collapses a host into one node with counts and re-targets its links', () => {
    const store = storeWith('a', 'b')
    store.apply({ Namespace: 'Graph', Type: 'EdgeAdded', Obj: edge('x1', 'a-eth0', 'b-eth0', 'layer2') })
    store.apply({ Namespace: 'Graph', Type: 'EdgeAdded', Obj: edge('x2', 'a-veth-a', 'b-eth0', 'layer2') })
    const layout = new StableLayout().run(layoutNodes(store))
    const view = buildView(store, layout, new Set(['a-host']))
    expect(view.nodes.has('a-eth0')).toBe(false)
    const a = view.nodes.get('a-host')!
    expect(a.collapsed).toBe(true)
    expect(a.label).toContain('3 interfaces, 1 netns, 1 down')
    const agg = [...view.edges.values()].filter((e) => e.source === 'a-host' || e.target === 'a-host')
    expect(agg).toHaveLength(1)
    expect(agg[0]!.count).toBe(2)
  })

  it('rings a collapsed host in red only when the host itself is DOWN, not when one of its interfaces is', () => {
    const store = storeWith('a', 'b')
    // host b's own State (hosts normally carry none) says DOWN
    store.apply({ Namespace: 'Graph', Type: 'NodeUpdated', Obj: node('b-host', { Name: 'b', Type: 'host', State: 'DOWN' }, 2) })
    const layout = new StableLayout().run(layoutNodes(store))
    const view = buildView(store, layout, new Set(['a-host', 'b-host']))
    const a = view.nodes.get('a-host')!
    expect(a.label).toContain('1 down')
    expect(a.down).toBe(false)
    expect(a.borderColor).toBe(a.color)
    const b = view.nodes.get('b-host')!
    expect(b.down).toBe(true)
    expect(b.borderColor).not.toBe(b.color)
  })
})

describe('describeCounts', () => {
  it('counts the ports a fabric switch owns, where a host would count interfaces and netns', () => {
    const store = new TopologyStore()
    // spec/topology.md §4.4: fabric nodes default to Type device, carry Probe fabric and no IfIndex
    const fabric = (id: string) => node(id, { Name: id, Type: 'device', Probe: 'fabric' })
    store.apply({ Namespace: 'Graph', Type: 'SyncReply', Obj: {
      Nodes: [...smallHost('a').nodes, fabric('tor1'), fabric('port1'), fabric('port2')],
      Edges: [...smallHost('a').edges, edge('f1', 'tor1', 'port1', 'ownership'), edge('f2', 'tor1', 'port2', 'ownership'), edge('f3', 'port1', 'a-eth0', 'layer2')],
    } })
    const layout = new StableLayout().run(layoutNodes(store))
    expect(layout.heads.has('tor1')).toBe(true)
    const view = buildView(store, layout, new Set(['tor1']))
    expect(describeCounts(view.counts.get('tor1')!, false)).toEqual(['2 ports'])
    expect(view.nodes.get('tor1')!.label).toBe('tor1 [2 ports]')
    expect(describeCounts(view.counts.get('a-host')!, true)).toEqual(['3 interfaces', '1 netns', '1 down'])
  })

  it('names the interfaces and netns of a host even when it has none, and other boxes only what they hold', () => {
    const none = { nodes: 0, interfaces: 0, namespaces: 0, ports: 0, others: 0, down: 0 }
    expect(describeCounts(none, true)).toEqual(['0 interfaces', '0 netns'])
    expect(describeCounts({ ...none, nodes: 2, interfaces: 1, others: 1 }, false)).toEqual(['1 interface', '1 other node'])
    expect(describeCounts({ ...none, nodes: 1, ports: 1 }, false)).toEqual(['1 port'])
  })
})

describe('searchNodes', () => {
  it('finds nodes by name, IP without prefix and MAC, exact matches first', () => {
    const store = storeWith('a')
    expect(searchNodes(store.nodes.values(), 'veth-a')[0]!.id).toBe('a-veth-a')
    expect(searchNodes(store.nodes.values(), '10.0.0.5')[0]).toMatchObject({ id: 'a-eth0', field: 'IP' })
    expect(searchNodes(store.nodes.values(), '52:54:00:00:00:01')[0]).toMatchObject({ id: 'a-eth0', field: 'MAC' })
    expect(searchNodes(store.nodes.values(), 'veth').map((h) => h.id).sort()).toEqual(['a-veth-a', 'a-veth-b'])
    expect(searchNodes(store.nodes.values(), '  ')).toEqual([])
  })
})
