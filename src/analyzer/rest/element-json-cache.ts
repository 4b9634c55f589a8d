/**
 * The JSON bytes of big graph elements, kept per live element and Revision, so that a query
 * answer made of the same host nodes (flow-matrix's `G.V().Has('Type', 'host').HasKey('Sockets')`,
 * ~38 KB per host with 200 sockets) is a join of cached bytes instead of a fresh
 * `JSON.stringify` + UTF-8 encoding of tens of megabytes.
 */
import type { Edge, Graph, GraphEvent, Node } from '../../core/graph/index.js'

/** What an element's JSON must weigh to be cached: below it, stringifying is cheap. */
const MIN_CACHED_CHARS = 4096
/** Bytes of JSON kept at most; the oldest entries go first past it. */
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024

interface Entry {
  el: Node | Edge
  revision: number
  bytes: Buffer
}

/** Cached JSON of big graph elements. */
export interface ElementJsonCache {
  /**
   * The element's JSON: cached bytes for a big live element (Buffer), its text otherwise.
   * `JSON.stringify(el)` exactly, so answers stay byte-identical.
   */
  encode(el: Node | Edge): Buffer | string
  /** Bytes held (for tests and diagnostics). */
  readonly bytes: number
  /** Entries held. */
  readonly size: number
  /** Stops following the graph and drops every entry. */
  close(): void
}

/**
 * Creates the cache of `graph`. An entry is used only while it belongs to the element object
 * the graph holds under that ID and carries its Revision; the graph's change events drop it
 * at once (updates, deletes), so memory is not held for stale text. Copies of elements (time
 * contexts, deleted elements) are never cached: nothing would tell when they change.
 */
export function createElementJsonCache(graph: Graph, opts: { maxBytes?: number } = {}): ElementJsonCache {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  // Nodes and edges may share an ID; keep them apart.
  const nodes = new Map<string, Entry>()
  const edges = new Map<string, Entry>()
  let bytes = 0

  const drop = (map: Map<string, Entry>, id: string): void => {
    const e = map.get(id)
    if (!e) return
    bytes -= e.bytes.length
    map.delete(id)
  }
  const unsubscribe = graph.subscribe((ev: GraphEvent) => {
    // Added needs nothing: a re-added ID is a new object, which fails the identity check.
    if (ev.type === 'NodeUpdated' || ev.type === 'NodeDeleted') drop(nodes, ev.node.ID)
    else if (ev.type === 'EdgeUpdated' || ev.type === 'EdgeDeleted') drop(edges, ev.edge.ID)
  })
  const evict = (): void => {
    // Map order is insertion order: the oldest nodes go first, then the oldest edges
    for (const map of [nodes, edges]) {
      for (const id of map.keys()) {
        if (bytes <= maxBytes) return
        drop(map, id)
      }
    }
  }

  return {
    encode(el) {
      const isEdge = 'Parent' in el
      const map = isEdge ? edges : nodes
      const hit = map.get(el.ID)
      if (hit && hit.el === el && hit.revision === el.Revision) return hit.bytes
      const text = JSON.stringify(el)
      const live = isEdge ? graph.getEdge(el.ID) === el : graph.getNode(el.ID) === el
      if (!live || text.length < MIN_CACHED_CHARS || text.length > maxBytes) return text
      if (hit) drop(map, el.ID)
      // At or over 4 KiB Buffer.from takes its own memory, not a slice of the shared 8 KiB
      // pool that one small cached entry would keep alive whole.
      const encoded = Buffer.from(text, 'utf8')
      map.set(el.ID, { el, revision: el.Revision, bytes: encoded })
      bytes += encoded.length
      if (bytes > maxBytes) evict()
      return encoded
    },
    get bytes() { return bytes },
    get size() { return nodes.size + edges.size },
    close() {
      unsubscribe()
      nodes.clear()
      edges.clear()
      bytes = 0
    },
  }
}
