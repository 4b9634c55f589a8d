// The Gremlin extension steps over REST (POST /api/topology, spec/api.md §3.3–§3.4) on an
// in-process analyzer: the fixture topology in its graph, the fixture flows plus a real trace
// uploaded with POST /api/pcap in its flow store.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Analyzer, startAnalyzer } from '../../src/analyzer/index.js'
import { resolveConfig } from '../../src/config/index.js'
import { silentLogger } from '../../src/core/ports.js'
import type { WireFlow } from '../../src/wire/index.js'
import { FIXTURE_FLOWS, buildFixtureGraph } from '../fixtures/gremlin/topology.js'

const PCAPS = '/work/shared/pcaps'
let an: Analyzer

beforeAll(async () => {
  const config = resolveConfig([], { env: {}, hostname: 'sdt-gremlin', flags: { 'analyzer.listen': '127.0.0.1:0' } })
  an = await startAnalyzer(config, { logger: silentLogger })
  const fixture = buildFixtureGraph().toWire()
  for (const n of fixture.Nodes) an.graph.addNode(structuredClone(n))
  for (const e of fixture.Edges) an.graph.addEdge(structuredClone(e))
  an.flows.add(structuredClone(FIXTURE_FLOWS) as unknown as WireFlow[])
  // layer-key-mode.pcap in L2 mode (the default): two flows sharing L3TrackingID 9e42a86914a043b8 (spec/flows.md §5.2)
  const res = await fetch(`${an.url}/api/pcap`, { method: 'POST', body: readFileSync(join(PCAPS, 'layer-key-mode.pcap')),
    headers: { 'Content-Type': 'application/vnd.tcpdump.pcap' } })
  expect([res.status, await res.text()]).toEqual([202, expect.stringContaining('"Flows":2')])
})
afterAll(async () => {
  await an?.stop()
})

async function post(gremlin: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(`${an.url}/api/topology`, { method: 'POST', body: JSON.stringify({ GremlinQuery: gremlin }), headers: { Accept: 'application/json' } })
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
}

async function query(gremlin: string): Promise<unknown> {
  const r = await post(gremlin)
  if (r.status !== 200) throw new Error(`${gremlin} answered ${r.status}: ${r.body}`)
  expect(r.type).toBe('application/json; charset=UTF-8')
  return JSON.parse(r.body)
}

describe('POST /api/topology with the extension steps', () => {
  it("NextHop('ip') answers [{nodeID: {Priority, IP, MAC, IfIndex}}]", async () => {
    const r = await post("G.V().Has('Name', 'eth0').NextHop('8.8.8.8')")
    expect(r.status).toBe(200)
    expect(r.body).toBe('[{"h1-eth0":{"Priority":100,"IP":"192.168.0.254","MAC":"52:54:00:00:00:fe","IfIndex":2},' +
      '"ns1-eth0":{"Priority":0,"IP":"10.0.0.1","MAC":"52:54:00:00:01:99","IfIndex":2}}]\n')
    expect(await query("G.V('host1').NextHop('8.8.8.8')")).toEqual([])
  })

  it('Group() and MoreThan() answer [{key: [flow…]}], over uploaded and stored flows alike', async () => {
    const groups = await query("G.Flows().Group('L3TrackingID').MoreThan()") as Array<Record<string, Array<Record<string, unknown>>>>
    expect(Object.keys(groups[0]!)).toEqual(['9e42a86914a043b8', 'l3-1'])
    expect(groups[0]!['9e42a86914a043b8']!.map((f) => [(f.Link as { A: string }).A, f.TrackingID, f.LayersPath])).toEqual([
      ['f2:45:25:5b:3a:bc', 'a25d427a9f9dcdb8', 'Ethernet/IPv4/ICMPv4'],
      ['f2:45:25:5b:3a:ac', '6952cad8cd38c63c', 'Ethernet/IPv4/ICMPv4'],
    ])
    expect(groups[0]!['l3-1']!.map((f) => f.UUID)).toEqual(['f1', 'f2'])
    expect(await query("G.Flows().Group('Application').MoreThan(5)")).toEqual([])
  })

  it('Metrics() on nodes and flows, then Sum, Count, Keys and Aggregates', async () => {
    expect(await query("G.V().Metrics('Ovs')")).toEqual([{ 'h1-br0': [{ RxPackets: 3, RxBytes: 300, Start: 1000, Last: 1600 }] }])
    expect(await query("G.V().Has('Name', 'eth0').Metrics().Aggregates(1)")).toEqual([{ Aggregated: [
      { RxPackets: 12, RxBytes: 1250, TxPackets: 23, TxBytes: 2350, Start: 1000, Last: 2000 },
      { RxPackets: 2, RxBytes: 250, TxPackets: 3, TxBytes: 350, Start: 2000, Last: 2500 },
    ] }])
    expect(await query("G.Flows().Has('Network', '192.168.0.1', 'Application', 'TCP').Metrics()")).toEqual([{
      f1: [{ ABPackets: 2, ABBytes: 180, BAPackets: 1, BABytes: 90, Start: 4000, Last: 5000 }],
      f2: [{ ABPackets: 3, ABBytes: 270, BAPackets: 2, BABytes: 180, Start: 4100, Last: 5100 }],
    }])
    expect(await query("G.Flows().Has('Network', '192.168.0.1', 'Application', 'TCP').Metrics().Sum('ABBytes')")).toBe(450)
    expect(await query("G.Flows().Has('Network', '192.168.0.1', 'Application', 'TCP').Metrics().Sum()"))
      .toEqual({ ABPackets: 5, ABBytes: 450, BAPackets: 3, BABytes: 270, Start: 4000, Last: 5100 })
    expect(await query('G.V().Metrics().Count()')).toBe(2)
    expect(await query("G.V().Metrics('SFlow').Keys()")).toEqual(['IfInOctets', 'IfOutOctets', 'IfInUcastPkts', 'Start', 'Last'])
  })

  it('RawPackets() answers [] because the store keeps no raw packets', async () => {
    expect(await query('G.Flows().RawPackets()')).toEqual([])
  })

  it('malformed use is a 400 naming the position', async () => {
    const post400 = async (q: string) => { const r = await post(q); return { status: r.status, body: r.body.trimEnd() } }
    expect(await post400("G.V().NextHop('8.8')")).toMatchObject({ status: 400,
      body: "1:7: expected one IP address such as '10.0.0.1' or 'fd00::1' in 'NextHop(…)', found '8.8'" })
    expect(await post400('G.V().Group()')).toMatchObject({ status: 400, body: '1:7: Cannot run Group() on nodes: Group() applies to flows' })
    expect(await post400('G.Flows().MoreThan(1)')).toMatchObject({ status: 400,
      body: '1:11: Cannot run MoreThan() on flows: MoreThan() applies to groups of flows (after Group())' })
    expect(await post400('G.V().Metrics().Aggregates(0)')).toMatchObject({ status: 400,
      body: "1:17: expected at most one slice length, a positive whole number of seconds in 'Aggregates(…)', found 0" })
    expect(await post400("G.Flows().RawPackets().BPF(1)")).toMatchObject({ status: 400,
      body: "1:24: expected one filter string such as 'tcp port 80' in 'BPF(…)', found 1" })
  })
})
