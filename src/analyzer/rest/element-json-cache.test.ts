import { describe, expect, it } from 'vitest'
import { Graph } from '../../core/graph/index.js'
import { fakeClock } from '../../core/ports.js'
import { createElementJsonCache } from './element-json-cache.js'

/** Sockets enough to push a host node's JSON past the caching threshold (4 KiB). */
const sockets = (n: number, name = 'nginx') => Array.from({ length: n }, (_, i) => ({
  Protocol: 'TCP', LocalAddress: '10.0.0.1', LocalPort: 30000 + i, RemoteAddress: '10.0.0.2', RemotePort: 80,
  State: 'ESTABLISHED', Process: `/usr/sbin/${name}`, Name: name, Pid: 100,
}))

function setup(maxBytes?: number) {
  const clock = fakeClock(1_000)
  const g = new Graph({ clock, host: 'an', origin: 'analyzer.an' })
  const cache = createElementJsonCache(g, maxBytes === undefined ? {} : { maxBytes })
  const host = g.addNode({ ID: 'h1', Metadata: { Type: 'host', Name: 'h1', Sockets: sockets(60) } })
  return { g, clock, cache, host }
}

const text = (b: Buffer | string): string => (typeof b === 'string' ? b : b.toString('utf8'))

describe('createElementJsonCache', () => {
  it('gives exactly JSON.stringify of the element, and the same bytes again while it is unchanged', () => {
    const { cache, host } = setup()
    const first = cache.encode(host)
    expect(Buffer.isBuffer(first)).toBe(true)
    expect(text(first)).toBe(JSON.stringify(host))
    expect(cache.encode(host)).toBe(first)
    expect(cache.bytes).toBe((first as Buffer).length)
  })

  it('keeps small elements out of the cache', () => {
    const { g, cache } = setup()
    const small = g.addNode({ ID: 'eth0', Metadata: { Type: 'device', Name: 'eth0' } })
    expect(cache.encode(small)).toBe(JSON.stringify(small))
    expect(cache.bytes).toBe(0)
  })

  it('serialises again after a partial update, a full update and a key deletion', () => {
    const { g, clock, cache, host } = setup()
    const before = cache.encode(host)
    clock.advance(10)
    g.setNodeKey('h1', 'Sockets', sockets(61, 'etcd'))
    const afterPatch = cache.encode(host)
    expect(afterPatch).not.toBe(before)
    expect(text(afterPatch)).toBe(JSON.stringify(host))
    expect(text(afterPatch)).toContain('"Revision":2')
    g.setNodeMetadata('h1', { Type: 'host', Name: 'renamed', Sockets: sockets(62) })
    expect(text(cache.encode(host))).toBe(JSON.stringify(host))
    g.deleteNodeKey('h1', 'Name')
    const last = cache.encode(host)
    expect(text(last)).toBe(JSON.stringify(host))
    expect(cache.encode(host)).toBe(last)
  })

  it('never serves a deleted node\'s bytes for a new node of the same ID and revision', () => {
    const { g, cache, host } = setup()
    cache.encode(host)
    g.deleteNode('h1')
    const again = g.addNode({ ID: 'h1', Metadata: { Type: 'host', Name: 'other', Sockets: sockets(60, 'named') } })
    expect(again.Revision).toBe(host.Revision)
    expect(text(cache.encode(again))).toBe(JSON.stringify(again))
    expect(text(cache.encode(again))).toContain('named')
  })

  it('does not cache copies of elements, which could change without the graph knowing', () => {
    const { cache, host } = setup()
    const copy = { ...host, Metadata: { ...host.Metadata, Name: 'copy' } }
    expect(cache.encode(copy)).toBe(JSON.stringify(copy))
    expect(cache.bytes).toBe(0)
    // and the live element is still served right after a copy went through
    expect(text(cache.encode(host))).toBe(JSON.stringify(host))
  })

  it('caches big edges apart from nodes of the same ID', () => {
    const { g, cache, host } = setup()
    g.addNode({ ID: 'h2', Metadata: { Type: 'host' } })
    const edge = g.addEdge({ ID: 'h1', Parent: 'h1', Child: 'h2', Metadata: { RelationType: 'layer2', Notes: 'x'.repeat(5000) } })
    const edgeBytes = cache.encode(edge)
    expect(text(edgeBytes)).toBe(JSON.stringify(edge))
    expect(text(cache.encode(host))).toBe(JSON.stringify(host))
    expect(cache.encode(edge)).toBe(edgeBytes)
    g.setEdgeMetadata('h1', { RelationType: 'layer2', Notes: 'y'.repeat(5000) })
    expect(text(cache.encode(edge))).toBe(JSON.stringify(edge))
  })

  it('starts over once maxBytes are cached, and still answers right', () => {
    const { g, cache, host } = setup(20_000)
    const first = cache.encode(host) as Buffer
    for (let i = 2; i <= 6; i++) {
      const n = g.addNode({ ID: `h${i}`, Metadata: { Type: 'host', Name: `h${i}`, Sockets: sockets(60) } })
      expect(text(cache.encode(n))).toBe(JSON.stringify(n))
      expect(cache.bytes).toBeLessThanOrEqual(20_000)
    }
    // the first host's bytes went when the cache started over: it is serialised again
    const again = cache.encode(host)
    expect(again).not.toBe(first)
    expect(text(again)).toBe(JSON.stringify(host))
  })

  it('encodes non-ASCII metadata as UTF-8', () => {
    const { g, cache } = setup()
    const n = g.addNode({ ID: 'h9', Metadata: { Type: 'host', Name: 'hôte-ü-名前', Sockets: sockets(60) } })
    const bytes = cache.encode(n) as Buffer
    expect(bytes.toString('utf8')).toBe(JSON.stringify(n))
    expect(bytes.length).toBe(Buffer.byteLength(JSON.stringify(n)))
  })
})
