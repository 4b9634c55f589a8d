// Each core step of spec/api.md §5.4 on the fixture topology; expected results by hand.
import { describe, expect, it } from 'vitest'
import { errorOf, graph, ids, idSet, run } from '../../../test/fixtures/gremlin/run.js'

type Wire = { Nodes: Array<{ ID: string }>; Edges: Array<{ ID: string }> }
const wireIds = (w: Wire) => ({ Nodes: w.Nodes.map((n) => n.ID), Edges: w.Edges.map((e) => e.ID) })

describe('G, V, E', () => {
  it('G alone answers the whole graph as one {Nodes, Edges} object sorted by CreatedAt', () => {
    const r = run('G')
    expect(r.kind).toBe('graph')
    const [w] = r.json as Wire[]
    expect(w!.Nodes).toHaveLength(19)
    expect(w!.Edges).toHaveLength(19)
    expect(w!.Nodes.slice(0, 5).map((n) => n.ID)).toEqual(['host1', 'host2', 'host3', 'h1-lo', 'h1-eth0'])
    expect(r.graph).toBe(w)
  })

  it('V(id) and E(id) pick one element; unknown IDs fail', () => {
    expect(ids("G.V('host1')")).toEqual(['host1'])
    expect(ids("G.E('h1-veth0~ns1-eth0')")).toEqual(['h1-veth0~ns1-eth0'])
    expect(errorOf("G.V('nope')")).toMatchObject({ code: 'node-not-found', message: "Node 'nope' does not exist" })
    expect(errorOf("G.E('nope')")).toMatchObject({ code: 'edge-not-found', message: "Edge 'nope' does not exist" })
  })

  it('V() and E() list every element and Count() counts them', () => {
    expect(run('G.V().Count()')).toEqual({ kind: 'count', json: 19 })
    expect(run('G.E().Count()').json).toBe(19)
    expect(ids('G.V()')).toHaveLength(19)
  })

  it('answers the same through the index as through a scan', () => {
    // Has('Type', …) is folded into an index lookup; HasEither is not
    expect(idSet("G.V().Has('Type', 'veth')")).toEqual(idSet("G.V().HasEither('Type', 'veth')"))
    expect(idSet("G.V().Has('Type', Within('host', 'netns'), 'Name', NE('node3'))")).toEqual(['h1-ns1', 'h2-ns2', 'host1', 'host2'])
    expect(graph.isIndexed('Type')).toBe(true)
  })

  it('G in the middle of a query goes back to the graph', () => {
    expect(run("G.V('host1').G.V().Count()").json).toBe(19)
  })

  it('V() only follows the graph', () => {
    expect(errorOf("G.V().V()")).toMatchObject({ code: 'gremlin-eval', message: '1:7: Cannot run V() on nodes: V() applies to the graph (G.V())' })
  })
})

describe('Out, In, Both', () => {
  it('Out() goes to children in edge order and filters the reached nodes', () => {
    expect(ids("G.V('host1').Out()")).toEqual(['h1-eth0', 'h1-lo', 'h1-br0', 'h1-veth0', 'h1-ns1'])
    expect(ids("G.V('host1').Out('Type', 'device')")).toEqual(['h1-eth0', 'h1-lo'])
    expect(ids("G.V('host1').Out('IPV4')")).toEqual(['h1-eth0', 'h1-lo', 'h1-br0'])
  })

  it('In() goes to parents', () => {
    expect(ids("G.V('h1-eth0').In()")).toEqual(['host1', 'tor1'])
    expect(ids("G.V('h1-eth0').In('Type', 'host')")).toEqual(['host1'])
  })

  it('Both() goes either way and keeps duplicates', () => {
    expect(ids("G.V('h1-veth0').Both()")).toEqual(['ns1-eth0', 'host1', 'h1-br0'])
    expect(ids("G.V().Has('Type', 'device').In()")).toEqual(['host1', 'tor1', 'host1', 'h1-ns1', 'host2', 'tor1', 'h2-ns2', 'host3'])
  })

  it('fails on edges', () => {
    expect(errorOf('G.E().Out()').message).toBe('1:7: Cannot run Out() on edges: Out() applies to nodes')
  })
})

describe('OutE, InE, BothE, OutV, InV, BothV', () => {
  it('OutE/InE/BothE give the edges where the node is Parent, Child, either', () => {
    expect(ids("G.V('h1-veth0').OutE()")).toEqual(['h1-veth0~ns1-eth0'])
    expect(ids("G.V('h1-veth0').InE()")).toEqual(['host1>h1-veth0', 'h1-br0~h1-veth0'])
    expect(ids("G.V('h1-veth0').BothE('RelationType', 'layer2')")).toEqual(['h1-veth0~ns1-eth0', 'h1-br0~h1-veth0'])
  })

  it('OutV is the Child and InV the Parent, as upstream Skydive', () => {
    expect(ids("G.E('h1-veth0~ns1-eth0').OutV()")).toEqual(['ns1-eth0'])
    expect(ids("G.E('h1-veth0~ns1-eth0').InV()")).toEqual(['h1-veth0'])
    expect(ids("G.E('h1-veth0~ns1-eth0').BothV()")).toEqual(['h1-veth0', 'ns1-eth0'])
    expect(ids("G.E().Has('RelationType', 'layer2').OutV('Type', 'veth')")).toEqual(['h1-veth0', 'ns1-eth0'])
  })

  it('OutV needs edges', () => {
    expect(errorOf("G.V().OutV()").message).toBe('1:7: Cannot run OutV() on nodes: OutV() applies to edges')
  })
})

describe('Dedup, Limit, Range, Sort', () => {
  it('Dedup() removes repeated elements, keeping the first', () => {
    expect(ids("G.V().Has('Type', 'device').In().Dedup()")).toEqual(['host1', 'tor1', 'h1-ns1', 'host2', 'h2-ns2', 'host3'])
    expect(ids("G.V('h1-eth0').BothE().BothV().Dedup()")).toEqual(['host1', 'h1-eth0', 'tor1'])
  })

  it('Dedup(keys) keeps one element per key tuple, and elements lacking all keys', () => {
    expect(ids("G.V().Has('Type', 'device').Dedup('Name')")).toEqual(['h1-eth0', 'h1-lo'])
    expect(ids("G.V().Has('Type', 'device').Dedup('Name', 'State')")).toEqual(['h1-eth0', 'h1-lo', 'ns1-lo', 'h3-eth0'])
    expect(ids("G.V().Has('Type', 'test').Dedup('Nope')")).toEqual(['v1', 'v2', 'v3', 'v4'])
  })

  it('Dedup() on values removes repeated values', () => {
    expect(run("G.V().Has('Type', 'device').Values('Name').Dedup()").json).toEqual(['eth0', 'lo'])
  })

  it('Limit and Range slice the list', () => {
    expect(ids("G.V().Has('Type', 'test').Limit(2)")).toEqual(['v1', 'v2'])
    expect(ids("G.V().Has('Type', 'test').Range(1, 3)")).toEqual(['v2', 'v3'])
    expect(ids("G.V().Has('Type', 'test').Range(3, 1)")).toEqual([])
    expect(ids("G.E().Has('Direction', 'Left').Limit(1)")).toEqual(['v1>v2'])
    expect(errorOf("G.V().Limit('a')").message).toBe("1:7: Cannot use 'a' as the count of Limit(): expected an integer")
  })

  it('Sort() orders by the element CreatedAt by default', () => {
    expect(ids("G.V().Has('Type', 'device').Sort()")).toEqual(['h1-lo', 'h1-eth0', 'ns1-lo', 'h2-eth0', 'ns2-lo', 'h3-eth0'])
  })

  it('Sort(DESC, key) orders numbers descending, ties in input order; strings sort as strings', () => {
    expect(ids("G.V().HasKey('MTU').Sort(DESC, 'MTU')")).toEqual(
      ['h1-lo', 'ns1-lo', 'ns2-lo', 'h3-eth0', 'h1-eth0', 'h1-br0', 'h2-eth0', 'h1-veth0', 'ns1-eth0'])
    expect(ids("G.V().Has('Type', 'host').Sort('Name')")).toEqual(['host1', 'host2', 'host3'])
    expect(ids("G.V().Has('Type', 'host').Sort(DESC, 'Name')")).toEqual(['host3', 'host2', 'host1'])
  })

  it('Sort() puts elements without the key last', () => {
    expect(ids("G.V().Has('Type', 'netns').Sort('Path')").length).toBe(2)
    expect(ids("G.V('host1').Out().Sort('IPV4')").slice(-2)).toEqual(['h1-veth0', 'h1-ns1'])
  })

  it('Sort() does not apply to edges', () => {
    expect(errorOf('G.E().Sort()').message).toBe('1:7: Cannot run Sort() on edges: Sort() applies to nodes or flows')
  })
})

describe('Count, Values, ValueMap, Keys, Sum', () => {
  it('Count() is a bare number', () => {
    expect(run("G.V().Has('Type', 'host').Count()")).toEqual({ kind: 'count', json: 3 })
    expect(run("G.V('host1').OutE().Count()").json).toBe(5)
  })

  it('Values() returns raw values, lists as lists, and null when nothing is found', () => {
    expect(run("G.V().Has('Name', 'eth0').Values('IPV4')").json).toEqual(
      [['192.168.0.1/24'], ['10.0.0.2/24'], ['192.168.0.2/24', '192.168.1.2/24'], ['192.168.2.3/24']])
    expect(run("G.V('host1').Values('Sockets.LocalPort')").json).toEqual([[2379, 22, 53]])
    expect(run("G.V('host2').Values('@ID')").json).toEqual(['host2'])
    expect(run("G.V().Values('Nope')")).toEqual({ kind: 'values', json: null })
  })

  it('Values() does not apply to edges', () => {
    expect(errorOf("G.E().Values('RelationType')")).toMatchObject({
      code: 'gremlin-eval', message: '1:7: Cannot run Values() on edges: Values() applies to nodes, flows or sockets',
    })
  })

  it('Has() after Values() keeps the matching maps', () => {
    expect(run("G.V('host1').Values('Sockets').Has('Name', 'etcd')").json).toEqual([])
    expect(run("G.V().Has('Type', 'host').ValueMap('Name', 'Hostname').Has('Hostname', 'node2.example')").json).toEqual(
      [{ Name: 'node2', Hostname: 'node2.example' }])
  })

  it('ValueMap() gives the present keys per element and skips elements with none', () => {
    expect(run("G.V().Has('Type', 'netns').ValueMap('Name', 'MTU')").json).toEqual([{ Name: 'ns1' }, { Name: 'alert-lo-down' }])
    expect(run("G.V().ValueMap('Nope')").json).toBeNull()
  })

  it('Keys() lists attribute keys then flattened metadata keys', () => {
    expect(run("G.V('h1-ns1').Keys()")).toEqual({
      kind: 'keys', json: ['@ID', '@Host', '@Origin', '@CreatedAt', '@UpdatedAt', '@DeletedAt', '@Revision', 'Type', 'Name', 'Path', 'TID'],
    })
    expect(run("G.V('h2-eth0').Keys()").json).toContain('Captures.State')
    expect(run("G.V().Has('Name', 'nope').Keys()").json).toBeNull()
  })

  it('Sum() adds integers', () => {
    expect(run("G.V().Has('Type', 'veth').Sum('MTU')")).toEqual({ kind: 'number', json: 2900 })
    expect(run("G.V().Has('Type', 'host').Sum('Sockets.LocalPort')").json).toBe(2379 + 22 + 53 + 51000)
    expect(errorOf("G.V().Has('Type', 'host').Sum('Name')").message).toBe('1:27: Cannot sum \'Name\' of node \'host1\': its value "node1" is not a number')
    expect(errorOf("G.V().Sum()").code).toBe('gremlin-eval')
  })
})

describe('As, Select', () => {
  it('Select() recalls node sets labelled by As()', () => {
    expect(ids("G.V('host1').As('h').Out('Type', 'netns').As('ns').Select('h', 'ns')")).toEqual(['host1', 'h1-ns1'])
    expect(errorOf("G.V().Select('x')").message).toBe("1:7: Cannot select 'x': no step labelled it")
  })
})

describe('ShortestPathTo, SubGraph', () => {
  it('finds the shortest path in either edge direction and omits nodes without a path', () => {
    const paths = (q: string) => (run(q).json as Array<Array<{ ID: string }>>).map((p) => p.map((n) => n.ID))
    expect(paths("G.V('h1-lo').ShortestPathTo(Metadata('Name', 'TOR1'))")).toEqual([['h1-lo', 'host1', 'h1-eth0', 'tor1']])
    expect(paths("G.V('ns1-lo').ShortestPathTo(Metadata('Name', 'eth0', 'Type', 'device'), Metadata('RelationType', 'ownership'))"))
      .toEqual([['ns1-lo', 'h1-ns1', 'host1', 'h1-eth0']])
    expect(paths("G.V('host3').ShortestPathTo(Metadata('Name', 'TOR1'))")).toEqual([])
    expect(paths("G.V().Has('Type', 'host').ShortestPathTo(Metadata('Type', 'fabric'))")).toEqual(
      [['host1', 'h1-eth0', 'tor1'], ['host2', 'h2-eth0', 'tor1']])
  })

  it('rejects an odd Metadata()', () => {
    expect(errorOf("G.V().ShortestPathTo(Metadata('Name'))").message).toMatch(/params should be a list of key,value/)
  })

  it('SubGraph() of nodes keeps the edges between them', () => {
    const r = run("G.V('h1-ns1').Descendants().SubGraph()")
    expect(r.kind).toBe('graph')
    expect(wireIds((r.json as Wire[])[0]!)).toEqual({ Nodes: ['h1-ns1', 'ns1-eth0', 'ns1-lo'], Edges: ['h1-ns1>ns1-eth0', 'h1-ns1>ns1-lo'] })
    expect(wireIds(r.graph!)).toEqual(wireIds((r.json as Wire[])[0]!))
  })

  it('SubGraph() of edges adds their ends; of paths, the path nodes and their edges', () => {
    expect(wireIds((run("G.E().Has('Type', 'fabric').SubGraph()").json as Wire[])[0]!)).toEqual(
      { Nodes: ['h1-eth0', 'h2-eth0', 'tor1'], Edges: ['tor1~h1-eth0', 'tor1~h2-eth0'] })
    expect(wireIds((run("G.V('v1').ShortestPathTo(Metadata('Value', 3)).SubGraph()").json as Wire[])[0]!)).toEqual(
      { Nodes: ['v1', 'v2', 'v3'], Edges: ['v1>v2', 'v2>v3'] })
  })

  it('lets a query go on from a SubGraph', () => {
    expect(run("G.E().Has('Type', 'fabric').SubGraph().V().Count()").json).toBe(3)
    expect(ids("G.E().Has('Type', 'fabric').SubGraph().V('tor1').Out()")).toEqual(['h1-eth0', 'h2-eth0'])
    expect(errorOf("G.E().Has('Type', 'fabric').SubGraph().V('host1')").code).toBe('node-not-found')
  })
})

describe('Descendants, Ascendants, Neighbors', () => {
  it('Descendants follows ownership children one level by default, more with a depth, all with 0', () => {
    expect(ids("G.V('host1').Descendants()")).toEqual(['host1', 'h1-eth0', 'h1-lo', 'h1-br0', 'h1-veth0', 'h1-ns1'])
    expect(ids("G.V('host1').Descendants(2)")).toHaveLength(8)
    expect(ids("G.V('tor1').Descendants('RelationType', 'layer2', 0)")).toEqual(['tor1', 'h1-eth0', 'h2-eth0'])
  })

  it('Ascendants follows ownership parents', () => {
    expect(ids("G.V('ns1-eth0').Ascendants()")).toEqual(['ns1-eth0', 'h1-ns1'])
    expect(ids("G.V('ns1-eth0').Ascendants(0)")).toEqual(['ns1-eth0', 'h1-ns1', 'host1'])
  })

  it('Neighbors goes both ways through matching edges; depth 0 is the start nodes', () => {
    expect(ids("G.V('h1-veth0').Neighbors()")).toEqual(['h1-veth0', 'host1'])
    expect(ids("G.V('h1-veth0').Neighbors('RelationType', 'layer2', 2)")).toEqual(['h1-veth0', 'ns1-eth0', 'h1-br0'])
    expect(ids("G.V('h1-veth0').Neighbors('RelationType', 'layer2', 0)")).toEqual(['h1-veth0'])
    expect(ids("G.V('h1-eth0').Neighbors('RelationType', 'layer2', 'RelationType', 'ownership', 1)")).toEqual(['h1-eth0', 'host1', 'tor1'])
  })
})

describe('Context / At', () => {
  it.each([
    'G.Context(NOW)', 'G.Context(1454659514)', 'G.Context(1720000000000)', "G.Context('-10m')", "G.Context('-1h30m')",
    "G.Context('Mon, 02 Jan 2006 15:04:05 MST')", 'G.Context(NOW, 60)', "G.Context(NOW, '5m')", 'G.Context(NOW, FOREVER)',
    "G.At('-1s').V()",
  ])('%s fails with no-history', (q) => {
    expect(errorOf(q)).toMatchObject({ code: 'no-history', message: 'Backend does not support history' })
  })

  it('rejects invalid times before reporting history', () => {
    expect(errorOf("G.Context('NOW')").code).toBe('gremlin-eval')
    expect(errorOf("G.Context(NOW, 'soon')").code).toBe('gremlin-eval')
    expect(errorOf("G.V().Context(NOW)").message).toMatch(/^1:7: Cannot run Context\(\) on nodes/)
  })
})
