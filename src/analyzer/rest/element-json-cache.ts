/**
 * The JSON bytes of big graph elements, kept per live element and Revision, so that a query
 * answer made of the same host nodes (flow-matrix's `G.V().Has('Type', 'host').HasKey('Sockets')`,
 * ~38 KB per host with 200 sockets) is a join of cached bytes instead of a fresh
 * `JSON.stringify` + UTF-8 encoding of tens of megabytes.
 */
import type { Edge, Graph, Node } from '../../core/graph/index.js'

/** What an element's JSON must weigh to be cached: below it, stringifying is cheap. */
const MIN_CACHED_CHARS = 4096
/** Bytes cached before the cache starts over (see createElementJsonCache). */
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024

interface Entry {
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
  /** Bytes cached since the cache last started over (an upper bound of what it holds). */
  readonly bytes: number
}

/**
 * Creates the cache of `graph`. Entries hang off the element objects (a WeakMap): a deleted
 * element takes its entry with it, and an entry is used only while its Revision is the
 * element's, which every Graph change bumps. Nothing runs on graph changes, so ingest pays
 * nothing for the cache. Only the live element the graph holds under that ID is cached:
 * copies (time contexts) could change without a Revision. Past `maxBytes` cached, the cache
 * starts over empty (stale revisions and deleted elements are counted until then).
 */
export function createElementJsonCache(graph: Graph, opts: { maxBytes?: number } = {}): ElementJsonCache {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  let entries = new WeakMap<Node | Edge, Entry>()
  let bytes = 0

  return {
    encode(el) {
      const hit = entries.get(el)
      if (hit && hit.revision === el.Revision) return hit.bytes
      const text = JSON.stringify(el)
      if (text.length < MIN_CACHED_CHARS || text.length > maxBytes) return text
      const live = 'Parent' in el ? graph.getEdge(el.ID) === el : graph.getNode(el.ID) === el
      if (!live) return text
      // At or over 4 KiB Buffer.from takes its own memory, not a slice of the shared 8 KiB
      // pool that one small cached entry would keep alive whole.
      const encoded = Buffer.from(text, 'utf8')
      if (bytes + encoded.length > maxBytes) {
        entries = new WeakMap()
        bytes = 0
      }
      entries.set(el, { revision: el.Revision, bytes: encoded })
      bytes += encoded.length
      return encoded
    },
    get bytes() { return bytes },
  }
}
