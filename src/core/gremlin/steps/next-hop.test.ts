// NextHop('ip') (spec/api.md §5.4, result shape §3.4) over the fixture's RoutingTables/Neighbors.
import { describe, expect, it } from 'vitest'
import { errorOf, flowStoreFixture as flows, run } from '../../../../test/fixtures/gremlin/run.js'
import { Graph } from '../../graph/index.js'
import { fakeClock } from '../../ports.js'
import { runGremlin } from '../index.js'

const hopOf = (q: string, node: string) => (run(q).json as Array<Record<string, unknown>>)[0]?.[node]

describe('NextHop()', () => {
  it('answers per node the next hop of its routing tables, keyed by node ID', () => {
    expect(run("G.V().NextHop('8.8.8.8')")).toEqual({ kind: 'nexthops', json: [{
      'h1-eth0': { Priority: 100, IP: '192.168.0.254', MAC: '52:54:00:00:00:fe', IfIndex: 2 },
      'ns1-eth0': { Priority: 0, IP: '10.0.0.1', MAC: '52:54:00:00:01:99', IfIndex: 2 },
    }] })
  })

  it('keys the answer by node ID in sorted order whatever order the nodes came in (as Go writes maps)', () => {
    const g = new Graph({ clock: fakeClock(0) })
    const routed = { RoutingTables: [{ ID: 254, Routes: [{ Prefix: '0.0.0.0/0', NextHops: [{ Priority: 0, IfIndex: 7 }] }] }] }
    for (const id of ['zeta', 'alpha', 'mu']) g.addNode({ ID: id, Metadata: { Type: 'device', Name: id, ...routed } })
    const json = runGremlin("G.V().NextHop('1.1.1.1')", { graph: g }).json as Array<Record<string, unknown>>
    expect(Object.keys(json[0]!)).toEqual(['alpha', 'mu', 'zeta'])
  })

  it('writes the fields in upstream order and leaves out an unknown IP or MAC', () => {
    expect(JSON.stringify(run("G.V('h1-eth0').NextHop('8.8.8.8')").json))
      .toBe('[{"h1-eth0":{"Priority":100,"IP":"192.168.0.254","MAC":"52:54:00:00:00:fe","IfIndex":2}}]')
    // directly connected: no gateway, so no IP and no MAC
    expect(hopOf("G.V('h1-eth0').NextHop('192.168.0.7')", 'h1-eth0')).toEqual({ Priority: 100, IfIndex: 2 })
  })

  it('prefers the longest matching prefix over the default route and a shorter prefix', () => {
    expect(hopOf("G.V('h1-eth0').NextHop('172.16.9.9')", 'h1-eth0')).toEqual({ Priority: 0, IP: '192.168.0.2', MAC: '52:54:00:00:02:00', IfIndex: 2 })
  })

  it('among the hops of the longest prefix takes the lowest Priority (metric)', () => {
    // 172.16.5.0/24 has hops 192.168.0.2 (20) and 192.168.0.3 (10); .3 is no known neighbour
    expect(hopOf("G.V('h1-eth0').NextHop('172.16.5.9')", 'h1-eth0')).toEqual({ Priority: 10, IP: '192.168.0.3', IfIndex: 2 })
  })

  it('consults the local table before the main table', () => {
    expect(hopOf("G.V('h1-eth0').NextHop('192.168.0.1')", 'h1-eth0')).toEqual({ Priority: 0, IfIndex: 2 })
  })

  it('routes IPv6 through IPv6 routes and finds the neighbour MAC whatever the address spelling', () => {
    expect(run("G.V().Has('Name', 'eth0').NextHop('2001:db8::1')").json).toEqual([{
      'ns1-eth0': { Priority: 1024, IP: 'fd00::1', MAC: '52:54:00:00:01:99', IfIndex: 2 },
    }])
    expect(hopOf("G.V('ns1-eth0').NextHop('::ffff:10.0.0.9')", 'ns1-eth0')).toEqual({ Priority: 0, IfIndex: 2 })
  })

  it('answers [] when no node has a route', () => {
    expect(run("G.V('host1').NextHop('8.8.8.8')")).toEqual({ kind: 'nexthops', json: [] })
    expect(run("G.V().Has('Name', 'nope').NextHop('8.8.8.8')").json).toEqual([])
  })

  it('skips malformed routing metadata instead of failing', () => {
    const g = new Graph({ clock: fakeClock(0) })
    g.addNode({ ID: 'odd', Metadata: { Type: 'device', Name: 'odd', RoutingTables: [
      null, 'x', { ID: 254, Routes: [null, { Prefix: 'nonsense', NextHops: [{ IfIndex: 9 }] }, { Prefix: '10.0.0.0/33', NextHops: [{ IfIndex: 8 }] },
        { Prefix: '10.0.0.0/8', NextHops: 'none' }, { Prefix: '10.1.0.0/16', NextHops: [7, { IfIndex: 5, Priority: 'high', IP: 'not-an-ip' }] }] },
    ], Neighbors: 'none' } })
    g.addNode({ ID: 'flat', Metadata: { Type: 'device', Name: 'flat', RoutingTables: { ID: 254 } } })
    expect(runGremlin("G.V().NextHop('10.1.2.3')", { graph: g }).json).toEqual([{ odd: { Priority: 0, IfIndex: 5 } }])
  })

  it('treats entries of one table ID (one per Src, as the agent writes them) as one table', () => {
    // the shape `ip -N route show table all` gives on a host: the connected route carries a Src
    const g = new Graph({ clock: fakeClock(0) })
    g.addNode({ ID: 'eth0', Metadata: { Type: 'device', Name: 'eth0', RoutingTables: [
      { ID: 254, Src: '', Routes: [{ Protocol: 3, Prefix: '0.0.0.0/0', NextHops: [{ Priority: 0, IP: '192.0.2.1', IfIndex: 4 }] }] },
      { ID: 254, Src: '192.0.2.2', Routes: [{ Protocol: 2, Prefix: '192.0.2.0/24', NextHops: [{ Priority: 0, IfIndex: 4 }] }] },
    ] } })
    expect(runGremlin("G.V().NextHop('192.0.2.77')", { graph: g }).json).toEqual([{ eth0: { Priority: 0, IfIndex: 4 } }])
    expect(runGremlin("G.V().NextHop('8.8.8.8')", { graph: g }).json).toEqual([{ eth0: { Priority: 0, IP: '192.0.2.1', IfIndex: 4 } }])
  })

  it('answers a default route without gateway with its interface', () => {
    const g = new Graph({ clock: fakeClock(0) })
    g.addNode({ ID: 'ppp', Metadata: { Type: 'ppp', Name: 'ppp0', RoutingTables: [{ ID: 254, Routes: [{ Prefix: '0.0.0.0/0', NextHops: [{ Priority: 0, IfIndex: 7 }] }] }] } })
    expect(runGremlin("G.V().NextHop('1.1.1.1')", { graph: g }).json).toEqual([{ ppp: { Priority: 0, IfIndex: 7 } }])
  })

  it('rejects anything but one IP address when parsing, at the step', () => {
    expect(errorOf("G.V().NextHop()")).toMatchObject({ name: 'GremlinSyntaxError', message: "1:7: expected one IP address such as '10.0.0.1' or 'fd00::1' in 'NextHop(…)', found no arguments" })
    expect(errorOf('G.V().NextHop(10)').message).toBe("1:7: expected one IP address such as '10.0.0.1' or 'fd00::1' in 'NextHop(…)', found 10")
    expect(errorOf("G.V().NextHop('10.0.0')").code).toBe('gremlin-syntax')
    expect(errorOf("G.V().NextHop('fe80::1%eth0')").code).toBe('gremlin-syntax')
    expect(errorOf("G.V().NextHop('8.8.8.8', '1.1.1.1')").code).toBe('gremlin-syntax')
  })

  it('runs on nodes only and ends the query', () => {
    expect(errorOf("G.E().NextHop('8.8.8.8')")).toMatchObject({ name: 'GremlinEvalError', code: 'gremlin-eval', line: 1, column: 7,
      message: '1:7: Cannot run NextHop() on edges: NextHop() applies to nodes' })
    expect(errorOf("G.Flows().NextHop('8.8.8.8')", flows).message).toBe('1:11: Cannot run NextHop() on flows: NextHop() applies to nodes')
    expect(errorOf("G.V().NextHop('8.8.8.8').Count()").message)
      .toBe('1:26: Cannot run Count() on next hops: Count() applies to nodes, edges, paths, flows, sockets, metrics or values')
  })
})
