// Flow steps (spec/api.md §5.4 extension steps, §5.5 keys) over hand-written flows.
import { describe, expect, it } from 'vitest'
import { errorOf, flowStoreFixture as flows, ids, run } from '../../../../test/fixtures/gremlin/run.js'
import { flowStore } from '../../../../test/fixtures/gremlin/topology.js'

describe('Flows()', () => {
  it('answers [] without a flow store', () => {
    expect(run('G.Flows()')).toEqual({ kind: 'flows', json: [] })
    expect(run('G.Flows().Sockets()').json).toEqual([])
  })

  it('lists every flow from G, filtered by its parameters', () => {
    expect(ids('G.Flows()', flows)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5'])
    expect(ids("G.Flows('Application', 'DNS')", flows)).toEqual(['f4'])
  })

  it('lists the flows captured on the given nodes (NodeTID = TID)', () => {
    expect(ids("G.V('h1-eth0').Flows()", flows)).toEqual(['f1'])
    expect(ids("G.V().Has('Name', 'eth0').Flows()", flows)).toEqual(['f1', 'f2', 'f5'])
    expect(ids("G.V('host1').Flows()", flows)).toEqual([])
  })

  it('does not start from edges', () => {
    expect(errorOf('G.E().Flows()', flows).message).toBe('1:7: Cannot run Flows() on edges: Flows() applies to the graph or nodes')
  })
})

describe('Has() on flows', () => {
  it('matches Network, Link and Transport on either side', () => {
    expect(ids("G.Flows().Has('Network', '10.0.0.1')", flows)).toEqual(['f4'])
    expect(ids("G.Flows().Has('Network', '10.0.0.2')", flows)).toEqual(['f3', 'f4'])
    expect(ids("G.Flows().Has('Link', '52:54:00:00:01:00')", flows)).toEqual(['f1', 'f2'])
    expect(ids("G.Flows().Has('Transport', 80)", flows)).toEqual(['f5'])
    expect(ids("G.Flows().Has('Transport', NE(''))", flows)).toEqual(['f1', 'f2', 'f4', 'f5'])
  })

  it('accepts layer aliases as key prefixes', () => {
    expect(ids("G.Flows().Has('IPV4.A', '10.0.0.2')", flows)).toEqual(['f4'])
    expect(ids("G.Flows().Has('IPV6.B', 'fd00::2')", flows)).toEqual(['f5'])
    expect(ids("G.Flows().Has('TCP.B', 22)", flows)).toEqual(['f1', 'f2'])
    expect(ids("G.Flows().Has('UDP.B', 53)", flows)).toEqual(['f4'])
    expect(ids("G.Flows().Has('ETHERNET.A', 'aa:00:00:00:01:01')", flows)).toEqual(['f3'])
  })

  it('applies predicates, HasEither, HasKey and HasNot', () => {
    expect(ids("G.Flows().Has('Transport.A', GT(45000))", flows)).toEqual(['f1', 'f2'])
    expect(ids("G.Flows().Has('Metric.ABBytes', GTE(900))", flows)).toEqual(['f1', 'f2'])
    expect(ids("G.Flows().HasEither('Application', 'DNS', 'Application', 'ICMPv4')", flows)).toEqual(['f3', 'f4'])
    expect(ids("G.Flows().HasKey('ICMP')", flows)).toEqual(['f3'])
    expect(ids("G.Flows().HasNot('LastUpdateMetric')", flows)).toEqual(['f3', 'f4', 'f5'])
    expect(ids("G.Flows().Has('Network', IPV4Range('192.168.0.0/24'))", flows)).toEqual(['f1', 'f2'])
  })
})

describe('list steps on flows', () => {
  it('Dedup() keeps one flow per TrackingID, Dedup(key) one per key value', () => {
    expect(ids('G.Flows().Dedup()', flows)).toEqual(['f1', 'f3', 'f4', 'f5'])
    expect(ids("G.Flows().Dedup('CaptureID')", flows)).toEqual(['f1', 'f2', 'f3', 'f5'])
  })

  it('Sort() orders by Last by default, or by the given key and order', () => {
    expect(ids('G.Flows().Sort()', flows)).toEqual(['f3', 'f4', 'f1', 'f2', 'f5'])
    expect(ids("G.Flows().Sort(DESC, 'Start')", flows)).toEqual(['f4', 'f3', 'f2', 'f1', 'f5'])
    expect(ids("G.Flows().Sort('Metric.BABytes')", flows)).toEqual(['f4', 'f3', 'f1', 'f2', 'f5'])
  })

  it('Limit, Range and Count', () => {
    expect(ids('G.Flows().Limit(2)', flows)).toEqual(['f1', 'f2'])
    expect(ids('G.Flows().Range(1, 3)', flows)).toEqual(['f2', 'f3'])
    expect(run('G.Flows().Count()', flows)).toEqual({ kind: 'count', json: 5 })
  })

  it('Values, Keys and Sum read flow fields', () => {
    expect(run("G.Flows().Values('Network.A')", flows).json).toEqual(['192.168.0.2', '192.168.0.2', '169.254.107.33', '10.0.0.2', 'fd00::1'])
    // an alias names the layer, not the protocol: TCP.A is Transport.A of UDP flows too, as upstream
    expect(run("G.Flows().Values('TCP.A')", flows).json).toEqual([51000, 51000, 40000, 43210])
    expect(run("G.Flows().Values('Nope')", flows).json).toBeNull()
    const keys = run("G.Flows().Has('UUID', 'f3').Keys()", flows).json as string[]
    expect(keys).toContain('ICMP.Type')
    expect(keys.slice(0, 4)).toEqual(['UUID', 'LayersPath', 'Application', 'Link'])
    expect(run("G.Flows().Sum('Metric.ABBytes')", flows)).toEqual({ kind: 'number', json: 900 + 990 + 196 + 74 + 500 })
    expect(errorOf('G.Flows().Sum()', flows).code).toBe('gremlin-eval')
    expect(errorOf("G.Flows().Sum('LayersPath')", flows).message).toMatch(/is not a number/)
  })

  it('In, Out, Both reach the nodes whose MAC or PeerIntfMAC is Link.A, Link.B, either', () => {
    expect(ids("G.Flows().Has('UUID', 'f4').In()", flows)).toEqual(['h1-veth0', 'ns1-eth0'])
    expect(ids("G.Flows().Has('UUID', 'f4').Out()", flows)).toEqual(['h1-br0'])
    expect(ids("G.Flows().Has('UUID', 'f4').Both('Type', 'veth')", flows)).toEqual(['h1-veth0', 'ns1-eth0'])
  })

  it('CaptureNode (alias Node) reaches the node each flow was captured on', () => {
    expect(ids('G.Flows().CaptureNode()', flows)).toEqual(['h1-eth0', 'h2-eth0', 'h1-veth0', 'h1-br0', 'h3-eth0'])
    expect(ids("G.Flows().Has('Application', 'TCP').Node('Name', 'eth0').In()", flows)).toEqual(['host1', 'tor1', 'host2', 'tor1', 'host3'])
  })

  it('rejects edge steps on flows', () => {
    expect(errorOf('G.Flows().OutV()', flows).message).toBe('1:11: Cannot run OutV() on flows: OutV() applies to edges')
    expect(errorOf("G.V().CaptureNode()", flows).message).toBe('1:7: Cannot run CaptureNode() on nodes: CaptureNode() applies to flows')
  })
})

describe('Sockets()', () => {
  it('on nodes maps node IDs to Metadata.Sockets', () => {
    const r = run("G.V().Has('Type', 'host').Sockets()")
    expect(r.kind).toBe('sockets')
    const [map] = r.json as Array<Record<string, Array<{ Name: string }>>>
    expect(Object.keys(map!).sort()).toEqual(['host1', 'host2'])
    expect(map!.host1!.map((s) => s.Name)).toEqual(['etcd', 'sshd', 'dnsmasq'])
    expect(run("G.V('host3').Sockets()").json).toEqual([])
  })

  it('filters sockets with Has and reads them with Values', () => {
    expect(run("G.V().Has('Type', 'host').Sockets().Has('State', 'LISTEN')").json).toEqual([{ host1: [expect.objectContaining({ Name: 'etcd' })] }])
    expect(run("G.V().Has('Type', 'host').Sockets().HasEither('LocalPort', 53, 'Name', 'ssh').Values('Process')").json)
      .toEqual(['/usr/sbin/dnsmasq', '/usr/bin/ssh'])
    expect(run("G.V().Has('Type', 'host').Sockets().Count()").json).toBe(4)
  })

  it('on flows maps flow UUIDs to sockets whose 5-tuple matches either direction', () => {
    const [map] = run('G.Flows().Sockets()', flows).json as Array<Record<string, Array<{ Name: string; Pid: number }>>>
    expect(Object.keys(map!)).toEqual(['f1', 'f2'])
    expect(map!.f2!.map((s) => [s.Name, s.Pid])).toEqual([['ssh', 400], ['sshd', 200]])
  })

  it('answers [{}] rather than [] when flows exist but no socket matches', () => {
    expect(run("G.Flows().Has('Application', 'DNS').Sockets()", flows).json).toEqual([{}])
    expect(run("G.Flows().Has('Application', 'none').Sockets()", flows).json).toEqual([{}])
    expect(run('G.Flows().Sockets()', flowStore([])).json).toEqual([])
  })
})

describe('Metrics()', () => {
  it('on flows maps UUIDs to LastUpdateMetric, or Metric when there is none', () => {
    const [map] = run("G.Flows().Has('Network', '192.168.0.1').Metrics()", flows).json as Array<Record<string, unknown[]>>
    expect(map).toEqual({
      f1: [{ ABPackets: 2, ABBytes: 180, BAPackets: 1, BABytes: 90, Start: 4000, Last: 5000 }],
      f2: [{ ABPackets: 3, ABBytes: 270, BAPackets: 2, BABytes: 180, Start: 4100, Last: 5100 }],
    })
    expect(run("G.Flows().Has('UUID', 'f3').Metrics()", flows).json).toEqual([{ f3: [{ ABPackets: 2, ABBytes: 196, BAPackets: 2, BABytes: 196, Start: 2000, Last: 3000 }] }])
  })

  it('on nodes maps node IDs to Metadata.LastUpdateMetric', () => {
    expect(run("G.V().Has('Name', 'eth0').Metrics()").json).toEqual([{
      'h1-eth0': [{ RxPackets: 10, RxBytes: 1000, TxPackets: 20, TxBytes: 2000, Start: 1000, Last: 2000 }],
      'h2-eth0': [{ RxPackets: 5, RxBytes: 500, TxPackets: 7, TxBytes: 700, Start: 1500, Last: 2500 }],
    }])
    expect(run("G.V('host1').Metrics()").json).toEqual([])
    expect(errorOf("G.V().Metrics('Bogus')").message).toBe("1:7: expected at most one key: 'LastUpdateMetric', 'SFlow' or 'Ovs' in 'Metrics(…)', found 'Bogus'")
  })

  it('Sum(key), Sum(), Count() and Keys() on metrics', () => {
    expect(run("G.Flows().Metrics().Sum('ABBytes')", flows)).toEqual({ kind: 'number', json: 180 + 270 + 196 + 74 + 500 })
    expect(run("G.Flows().Has('Network', '192.168.0.1').Metrics().Sum()", flows).json).toEqual(
      { ABPackets: 5, ABBytes: 450, BAPackets: 3, BABytes: 270, Start: 4000, Last: 5100 })
    expect(run('G.Flows().Metrics().Count()', flows).json).toBe(5)
    expect(run("G.Flows().Has('UUID', 'f1').Metrics().Keys()", flows).json).toEqual(['ABPackets', 'ABBytes', 'BAPackets', 'BABytes', 'Start', 'Last'])
  })

  it('Aggregates(seconds) sums metrics per time slice from the earliest Start, sharing a metric between slices by time', () => {
    // f1 4000-5000 falls in the first slice; f2 4100-5100 gives 9/10 of its counters to it
    expect(run("G.Flows().Has('Network', '192.168.0.1').Metrics().Aggregates(1)", flows).json).toEqual([{ Aggregated: [
      { ABPackets: 4, ABBytes: 423, BAPackets: 2, BABytes: 252, Start: 4000, Last: 5000 },
      { ABPackets: 1, ABBytes: 27, BAPackets: 1, BABytes: 18, Start: 5000, Last: 5100 },
    ] }])
    // one 30 s slice (clipped to the latest Last) holds everything
    expect(run('G.Flows().Metrics().Aggregates()', flows).json).toEqual([{ Aggregated: [
      { ABPackets: 13, ABBytes: 1220, BAPackets: 10, BABytes: 4586, Start: 500, Last: 9000 },
    ] }])
    expect(errorOf('G.Flows().Aggregates()', flows).message).toBe('1:11: Cannot run Aggregates() on flows: Aggregates() applies to metrics')
  })
})
