/**
 * Topology answers (element lists, graphs) as chunks of JSON bytes, big elements taken from
 * the ElementJsonCache. The bytes are exactly `JSON.stringify(value) + "\n"`: upstream clients
 * parse them, and element field order (ID, Metadata, Host, Origin, CreatedAt, UpdatedAt,
 * DeletedAt, Revision[, Parent, Child]) is the stored objects' own.
 */
import type { Edge, Node } from '../../core/graph/index.js'
import type { GremlinResult } from '../../core/gremlin/index.js'
import type { ElementJsonCache } from './element-json-cache.js'

/** Collects text and cached bytes; runs of text become one Buffer. */
class JsonChunks {
  readonly chunks: Buffer[] = []
  #text: string[] = []

  constructor(readonly cache: ElementJsonCache) {}

  text(s: string): this {
    this.#text.push(s)
    return this
  }

  /** `[a,b,...]`; entries that are not objects (never the case for graph results) are stringified as is. */
  list(items: readonly unknown[]): this {
    this.text('[')
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.text(',')
      const item = items[i]
      if (item !== null && typeof item === 'object' && typeof (item as Node).ID === 'string') {
        const json = this.cache.encode(item as Node | Edge)
        if (typeof json === 'string') this.text(json)
        else {
          this.#flush()
          this.chunks.push(json)
        }
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

  finish(): Buffer[] {
    this.text('\n')
    this.#flush()
    return this.chunks
  }

  #flush(): void {
    if (this.#text.length === 0) return
    this.chunks.push(Buffer.from(this.#text.join(''), 'utf8'))
    this.#text = []
  }
}

const isWireGraph = (v: unknown): v is { Nodes: Node[]; Edges: Edge[] } =>
  v !== null && typeof v === 'object' && Object.keys(v).join(',') === 'Nodes,Edges' &&
  Array.isArray((v as { Nodes: unknown }).Nodes) && Array.isArray((v as { Edges: unknown }).Edges)

/** A whole graph (`GET /api/topology`) as JSON chunks. */
export function graphAnswer(cache: ElementJsonCache, g: { Nodes: readonly Node[]; Edges: readonly Edge[] }): Buffer[] {
  return new JsonChunks(cache).graph(g).finish()
}

/**
 * A Gremlin result as JSON chunks when it is made of graph elements (nodes, edges, a graph),
 * undefined for any other result (counts, values, flows...), which the caller stringifies.
 */
export function resultAnswer(cache: ElementJsonCache, result: GremlinResult): Buffer[] | undefined {
  const json = result.json
  if ((result.kind === 'nodes' || result.kind === 'edges') && Array.isArray(json)) return new JsonChunks(cache).list(json).finish()
  if (result.kind === 'graph' && Array.isArray(json) && json.length === 1 && isWireGraph(json[0])) {
    return new JsonChunks(cache).text('[').graph(json[0]).text(']').finish()
  }
  return undefined
}
