import { describe, expect, it } from 'vitest'
import { Graph } from '../../core/graph/index.js'
import { runGremlin } from '../../core/gremlin/index.js'
import { fakeClock } from '../../core/ports.js'
import { createElementJsonCache } from './element-json-cache.js'
import { resultAnswer, writeGraphAnswer, type JsonOut } from './json-answer.js'

const sockets = (n: number) => Array.from({ length: n }, (_, i) => ({
  Protocol: 'UDP', LocalAddress: '::', LocalPort: 5000 + i, RemoteAddress: '::', RemotePort: 0,
  State: 'CLOSE', Process: '/usr/sbin/named', Name: 'named',
}))

/** Two big hosts (cached), small devices and edges (not cached), a name with non-ASCII text. */
function setup() {
  const clock = fakeClock(5_000)
  const g = new Graph({ clock, host: 'an', origin: 'analyzer.an' })
  g.addNode({ ID: 'h1', Metadata: { Type: 'host', Name: 'h1', Sockets: sockets(50) } })
  clock.advance(1)
  g.addNode({ ID: 'h2', Metadata: { Type: 'host', Name: 'hôte 2', Sockets: sockets(40) } })
  g.addNode({ ID: 'h3', Metadata: { Type: 'host', Name: 'bare' } })
  g.addNode({ ID: 'e1', Metadata: { Type: 'device', Name: 'eth0', IPV4: ['10.0.0.1/24'] } })
  g.addEdge({ ID: 'o1', Parent: 'h1', Child: 'e1', Metadata: { RelationType: 'ownership' } })
  const cache = createElementJsonCache(g)
  const answer = (query: string) => {
    const result = runGremlin(query, { graph: g })
    const write = resultAnswer(cache, result)
    return { chunks: write && collect(write), expected: `${JSON.stringify(result.json)}\n` }
  }
  return { g, cache, answer }
}

/** The pieces an answer writes. */
function collect(write: (out: JsonOut) => void): Array<string | Buffer> {
  const pieces: Array<string | Buffer> = []
  write({ write: (p) => pieces.push(p) })
  return pieces
}

const joined = (pieces: Array<string | Buffer> | undefined): string | undefined =>
  pieces && pieces.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join('')

describe('resultAnswer', () => {
  it.each([
    "G.V().Has('Type', 'host').HasKey('Sockets')",
    "G.V().Has('Type', 'host')",
    'G.V()',
    'G.E()',
    "G.V().Has('Type', 'nothing')",
    'G',
    "G.V().Has('Name', 'eth0').SubGraph()",
  ])('answers %s with the bytes of JSON.stringify plus a newline, cold and cached', (query) => {
    const { answer } = setup()
    const cold = answer(query)
    expect(joined(cold.chunks)).toBe(cold.expected)
    const warm = answer(query)
    expect(joined(warm.chunks)).toBe(warm.expected)
  })

  it('reuses the cached bytes of unchanged big elements and re-serialises changed ones', () => {
    const { g, cache, answer } = setup()
    const q = "G.V().Has('Type', 'host').HasKey('Sockets')"
    const first = answer(q).chunks!
    expect(cache.bytes).toBeGreaterThan(0)
    const second = answer(q).chunks!
    const cached = first.filter((c) => Buffer.isBuffer(c) && second.includes(c))
    expect(cached).toHaveLength(2)
    g.setNodeKey('h2', 'Name', 'changed')
    const third = answer(q)
    expect(joined(third.chunks)).toBe(third.expected)
    expect(joined(third.chunks)).toContain('"Name":"changed"')
    expect(third.chunks!.filter((c) => Buffer.isBuffer(c) && first.includes(c))).toHaveLength(1)
  })

  it('leaves results that are not graph elements to the caller', () => {
    const { answer } = setup()
    expect(answer('G.V().Count()').chunks).toBeUndefined()
    expect(answer("G.V().Values('Name')").chunks).toBeUndefined()
  })
})

describe('graphAnswer', () => {
  it('writes the whole graph as JSON.stringify does', () => {
    const { g, cache } = setup()
    const graphAnswer = (w: { Nodes: never[]; Edges: never[] } | ReturnType<typeof g.toWire>) => joined(collect((out) => writeGraphAnswer(out, cache, w)))
    expect(graphAnswer(g.toWire())).toBe(`${JSON.stringify(g.toWire())}\n`)
    expect(graphAnswer(g.toWire())).toBe(`${JSON.stringify(g.toWire())}\n`)
    expect(graphAnswer({ Nodes: [], Edges: [] })).toBe('{"Nodes":[],"Edges":[]}\n')
  })
})
