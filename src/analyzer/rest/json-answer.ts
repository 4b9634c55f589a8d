/**
 * Topology answers (element lists, graphs) written piece by piece, big elements as their bytes
 * from the ElementJsonCache. The bytes are exactly `JSON.stringify(value) + "\n"`: upstream clients
 * parse them, and element field order (ID, Metadata, Host, Origin, CreatedAt, UpdatedAt,
 * DeletedAt, Revision[, Parent, Child]) is the stored objects' own.
 */
import type { Edge, Node } from '../../core/graph/index.js'
import type { GremlinResult } from '../../core/gremlin/index.js'
import type { ElementJsonCache } from './element-json-cache.js'

/** Where an answer goes, piece by piece (the analyzer's BodyWriter; an array in tests). */
export interface JsonOut {
  write(piece: string | Buffer): void
}

/** Writes elements and graphs, big elements as their cached bytes. */
class JsonWriter {
  constructor(readonly out: JsonOut, readonly cache: ElementJsonCache) {}

  text(s: string): this {
    this.out.write(s)
    return this
  }

  /** `[a,b,...]`; entries that are not elements (never the case for graph results) are stringified as is. */
  list(items: readonly unknown[]): this {
    this.text('[')
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.text(',')
      const item = items[i]
      if (item !== null && typeof item === 'object' && typeof (item as Node).ID === 'string') {
        this.out.write(this.cache.encode(item as Node | Edge))
      } else {
        // JSON.stringify writes undefined (and functions) inside an array as null
        this.text(JSON.stringify(item) ?? 'null')
      }
    }
    return this.text(']')
  }

  /** `{"Nodes":[...],"Edges":[...]}`, the shape Graph.toWire() returns. */
  graph(g: { Nodes: readonly Node[]; Edges: readonly Edge[] }): this {
    return this.text('{"Nodes":').list(g.Nodes).text(',"Edges":').list(g.Edges).text('}')
  }
}

const isWireGraph = (v: unknown): v is { Nodes: Node[]; Edges: Edge[] } =>
  v !== null && typeof v === 'object' && Object.keys(v).join(',') === 'Nodes,Edges' &&
  Array.isArray((v as { Nodes: unknown }).Nodes) && Array.isArray((v as { Edges: unknown }).Edges)

/** Writes a whole graph (`GET /api/topology`) and the final newline. */
export function writeGraphAnswer(out: JsonOut, cache: ElementJsonCache, g: { Nodes: readonly Node[]; Edges: readonly Edge[] }): void {
  new JsonWriter(out, cache).graph(g).text('\n')
}

/**
 * The writer of a Gremlin result made of graph elements (nodes, edges, a graph), or
 * undefined for any other result (counts, values, flows...), which the caller stringifies.
 */
export function resultAnswer(cache: ElementJsonCache, result: GremlinResult): ((out: JsonOut) => void) | undefined {
  const json = result.json
  if ((result.kind === 'nodes' || result.kind === 'edges') && Array.isArray(json)) {
    return (out) => { new JsonWriter(out, cache).list(json).text('\n') }
  }
  if (result.kind === 'graph' && Array.isArray(json) && json.length === 1 && isWireGraph(json[0])) {
    const g = json[0]
    return (out) => { new JsonWriter(out, cache).text('[').graph(g).text(']\n') }
  }
  return undefined
}
