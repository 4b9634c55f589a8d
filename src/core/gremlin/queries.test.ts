// Every graph query of spec/api.md §5.7 and §0.a on the fixture topology; results by hand.
import { describe, expect, it } from 'vitest'
import { errorOf, flowStoreFixture, ids, idSet, run } from '../../../test/fixtures/gremlin/run.js'

describe('spec/api.md §5.7 queries', () => {
  it("G.V().Has('Name', 'eth0') finds every interface named eth0", () => {
    expect(idSet("G.V().Has('Name', 'eth0')")).toEqual(['h1-eth0', 'h2-eth0', 'h3-eth0', 'ns1-eth0'])
  })

  it("G.V().Has('Name', 'alert-lo-down', 'Type', 'netns').Out('Name','lo').Values('State') gives the lo state", () => {
    expect(run("G.V().Has('Name', 'alert-lo-down', 'Type', 'netns').Out('Name','lo').Values('State')").json).toEqual(['DOWN'])
  })

  it("g.V().Has('Type', 'netns').OutE().BothV() lists parent then child of each owned edge", () => {
    expect(ids("g.V().Has('Type', 'netns').OutE().BothV()")).toEqual(['h1-ns1', 'ns1-eth0', 'h1-ns1', 'ns1-lo', 'h2-ns2', 'ns2-lo'])
  })

  it("g.E().Has('RelationType', 'layer2') finds the layer2 edges", () => {
    expect(idSet("g.E().Has('RelationType', 'layer2')")).toEqual(
      ['h1-br0~h1-veth0', 'h1-veth0~ns1-eth0', 'tor1~h1-eth0', 'tor1~h2-eth0', 'v1>v2', 'v1>v4', 'v2>v3', 'v4>v3'])
  })

  it("G.V().has('Name', NE('lo')) keeps the 16 nodes not named lo", () => {
    const got = idSet("G.V().has('Name', NE('lo'))")
    expect(got).toHaveLength(16)
    expect(got).not.toContain('h1-lo')
    expect(got).not.toContain('ns2-lo')
  })

  it("G.V().Has('Type', 'host').HasKey('Sockets') finds the hosts with sockets", () => {
    expect(idSet("G.V().Has('Type', 'host').HasKey('Sockets')")).toEqual(['host1', 'host2'])
  })

  it("G.V().Has('IPV4', IPV4Range('192.168.0.0/24')) matches any address of the list", () => {
    expect(idSet("G.V().Has('IPV4', IPV4Range('192.168.0.0/24'))")).toEqual(['h1-eth0', 'h2-eth0'])
  })

  it('G.V().Has("Value", 1).ShortestPathTo(Metadata("Value", 3), Metadata("Direction", "Left")) walks the Left edges', () => {
    const paths = run('G.V().Has("Value", 1).ShortestPathTo(Metadata("Value", 3), Metadata("Direction", "Left"))').json as Array<Array<{ ID: string }>>
    expect(paths.map((p) => p.map((n) => n.ID))).toEqual([['v1', 'v2', 'v3']])
    const right = run('G.V().Has("Value", 1).ShortestPathTo(Metadata("Value", 3), Metadata("Direction", "Right"))')
    expect((right.json as Array<Array<{ ID: string }>>).map((p) => p.map((n) => n.ID))).toEqual([['v1', 'v4', 'v3']])
    expect(right.kind).toBe('paths')
  })

  it("G.V().Has('Type', 'ovsbridge').Flows().Has('LayersPath', 'Ethernet/IPv4/ICMPv4') is empty without OVS bridges", () => {
    expect(run("G.V().Has('Type', 'ovsbridge').Flows().Has('LayersPath', 'Ethernet/IPv4/ICMPv4')", flowStoreFixture).json).toEqual([])
    expect(ids("G.V().Has('Type', 'veth').Flows().Has('LayersPath', 'Ethernet/IPv4/ICMPv4')", flowStoreFixture)).toEqual(['f3'])
  })

  it("G.Flows().Has('Network', '169.254.107.33', 'LayersPath', 'Ethernet/IPv4/ICMPv4').Dedup() finds the ping", () => {
    expect(ids("G.Flows().Has('Network', '169.254.107.33', 'LayersPath', 'Ethernet/IPv4/ICMPv4').Dedup()", flowStoreFixture)).toEqual(['f3'])
  })

  it("G.Flows().Has('LayersPath', Regex('.*ICMPv4.*')).Count() counts one flow", () => {
    expect(run("G.Flows().Has('LayersPath', Regex('.*ICMPv4.*')).Count()", flowStoreFixture)).toEqual({ kind: 'count', json: 1 })
  })

  it.each([
    "G.Context(1454659514).Flows().Has('Application', 'DNS')",
    "G.At('-1m').V().Limit(1)",
    "G.Context(1720000000000, 60).V().Has('Name', 'fms-intf1').Flows().Has('LayersPath', 'Ethernet/IPv4/ICMPv4').Dedup().Metrics().Aggregates(10)",
  ])('%s fails: the memory graph has no history', (q) => {
    expect(errorOf(q, flowStoreFixture)).toMatchObject({ code: 'no-history', message: 'Backend does not support history' })
  })

  it("G.V().Has('TID', 'abc').Descendants(0) is empty for an unknown TID, everything owned for a host", () => {
    expect(run("G.V().Has('TID', 'abc').Descendants(0)").json).toEqual([])
    expect(ids("G.V().Has('TID', 'tid-host1').Descendants(0)")).toEqual(
      ['host1', 'h1-eth0', 'h1-lo', 'h1-br0', 'h1-veth0', 'h1-ns1', 'ns1-eth0', 'ns1-lo'])
  })
})

describe('spec/api.md §0.a flow-matrix queries', () => {
  it("G.V().Has('IPV4', IPV4Range('<ip>/32')).In('Type', 'host') finds the owning host of a direct child", () => {
    expect(ids("G.V().Has('IPV4', IPV4Range('192.168.0.2/32')).In('Type', 'host')")).toEqual(['host2'])
    // ns1-eth0 belongs to a netns, not directly to the host
    expect(ids("G.V().Has('IPV4', IPV4Range('10.0.0.2/32')).In('Type', 'host')")).toEqual([])
  })

  it("G.Flows().Has('Transport', NE('')).Sockets() maps flow UUIDs to the matching sockets", () => {
    const r = run("G.Flows().Has('Transport', NE('')).Sockets()", flowStoreFixture)
    expect(r.kind).toBe('sockets')
    const [map] = r.json as Array<Record<string, Array<{ Name: string }>>>
    expect(Object.keys(map!).sort()).toEqual(['f1', 'f2'])
    expect(map!.f1!.map((s) => s.Name)).toEqual(['ssh', 'sshd'])
  })
})
