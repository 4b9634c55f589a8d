import { describe, expect, it } from 'vitest'
import { isSkydiveError } from '../errors.js'
import { Graph } from '../graph/index.js'
import { fakeClock } from '../ports.js'
import { FabricLinker, fabricNodeID } from './fabric-linker.js'
import { parseFabric } from './fabric-parser.js'
import { linkID } from './links.js'

const newGraph = () => new Graph({ clock: fakeClock(1000), host: 'ctl', origin: 'analyzer.ctl' })
const flush = () => new Promise<void>((r) => setTimeout(r, 0))

describe('parseFabric', () => {
  it('parses nodes, attributes, arrows and link attributes', () => {
    const [a, b] = parseFabric(['TOR1[Name=tor1] -> [color=red] TOR1_PORT1[Name=port1, MTU="1500"]', 'TOR1_PORT1 --> TOR2'])
    expect(a).toMatchObject({ line: 1, ownership: true, parent: { token: 'TOR1', attrs: { Name: 'tor1' } },
      linkAttrs: { color: 'red' }, child: { token: 'TOR1_PORT1', attrs: { Name: 'port1', MTU: '1500' } } })
    expect(b).toMatchObject({ ownership: false, child: { token: 'TOR2', attrs: {} } })
  })

  it('parses a wildcard child into parent and child constraints', () => {
    const [l] = parseFabric(['TOR1_PORT1 -> *[Type=host,Name=h2]/eth0'])
    expect(l!.child).toEqual({ parent: { Type: 'host', Name: 'h2' }, child: { Name: 'eth0' } })
  })

  it.each([
    ['TOR1 TOR2', 'expected "->"'],
    ['A -> B -> C', 'exactly two nodes'],
    ['*[Type=host]/eth0 -> A', 'cannot be a wildcard'],
    ['A[Name=x -> B', 'missing "]"'],
    ['A[Name] -> B', 'k=v pairs'],
    ['A -> *[Type=host]', 'needs "/"'],
  ])('rejects "%s" naming the line', (text, reason) => {
    try {
      parseFabric(['A -> B', text])
      expect.unreachable()
    } catch (err) {
      expect(isSkydiveError(err, 'config-invalid')).toBe(true)
      expect((err as Error).message).toContain('line 2')
      expect((err as Error).message).toContain(reason)
    }
  })
})

describe('FabricLinker', () => {
  it('creates fabric nodes with v5 IDs and ownership plus layer2 links', () => {
    const g = newGraph()
    new FabricLinker(g, parseFabric(['TOR1[Name=tor1] -> TOR1_PORT1[Name=port1, MTU=1500]', 'TOR1 -> TOR1_PORT1[Name=ignored]'])).start()
    const tor = g.getNode('c171d2ee-d356-5a2d-bdb1-a4a3cfd4c9d1')
    expect(tor?.Metadata).toEqual({ Name: 'tor1', Type: 'device', Probe: 'fabric' })
    expect(tor?.Origin).toBe('analyzer.ctl')
    expect(tor?.Host).toBe('ctl')
    const port = g.getNode(fabricNodeID('TOR1_PORT1'))
    expect(port?.Metadata).toEqual({ Name: 'port1', MTU: '1500', Type: 'device', Probe: 'fabric' })
    const own = g.getEdge(linkID(tor!.ID, port!.ID, 'ownership'))
    const l2 = g.getEdge(linkID(tor!.ID, port!.ID, 'layer2'))
    expect(own?.Metadata).toEqual({ RelationType: 'ownership' })
    expect(l2?.Metadata).toEqual({ Type: 'fabric', RelationType: 'layer2' })
    expect(g.edgeCount).toBe(2)
  })

  it('links a port to a matching host interface that appears later', async () => {
    const g = newGraph()
    new FabricLinker(g, parseFabric(['TOR1_PORT1 -> [color=red] *[Type=host,Name=h2]/eth0'])).start()
    const port = fabricNodeID('TOR1_PORT1')
    g.addNode({ ID: 'h1', Metadata: { Type: 'host', Name: 'h1' } })
    g.addNode({ ID: 'h2', Metadata: { Type: 'host', Name: 'h2' } })
    g.addNode({ ID: 'h1-eth0', Metadata: { Type: 'device', Name: 'eth0' } })
    g.addNode({ ID: 'h2-eth1', Metadata: { Type: 'device', Name: 'eth1' } })
    g.addNode({ ID: 'h2-eth0', Metadata: { Type: 'device', Name: 'eth0' } })
    g.addEdge({ ID: 'e1', Parent: 'h1', Child: 'h1-eth0', Metadata: { RelationType: 'ownership' } })
    g.addEdge({ ID: 'e2', Parent: 'h2', Child: 'h2-eth1', Metadata: { RelationType: 'ownership' } })
    g.addEdge({ ID: 'e3', Parent: 'h2', Child: 'h2-eth0', Metadata: { RelationType: 'ownership' } })
    await flush()
    const links = g.outEdges(port)
    expect(links.map((e) => e.Child)).toEqual(['h2-eth0'])
    expect(links[0]!.Metadata).toEqual({ Type: 'fabric', color: 'red', RelationType: 'layer2' })
  })
})
