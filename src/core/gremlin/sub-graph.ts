/**
 * A read-only graph built by SubGraph(): the selected nodes and edges of another graph, the
 * same objects, so a query can go on from it (`G.V().SubGraph().V()…`) as upstream allows.
 */
import { type Edge, type Node, getPathValues } from '../graph/index.js'
import type { GraphSource } from './traversal.js'

/** An in-memory GraphSource over given nodes and edges; edges need both ends present. */
export class SubGraph implements GraphSource {
  readonly #nodes = new Map<string, Node>()
  readonly #edges = new Map<string, Edge>()
  readonly #out = new Map<string, Edge[]>()
  readonly #in = new Map<string, Edge[]>()

  constructor(nodes: Iterable<Node>, edges: Iterable<Edge>) {
    for (const n of nodes) this.#nodes.set(n.ID, n)
    for (const e of edges) {
      if (this.#edges.has(e.ID) || !this.#nodes.has(e.Parent) || !this.#nodes.has(e.Child)) continue
      this.#edges.set(e.ID, e)
      push(this.#out, e.Parent, e)
      push(this.#in, e.Child, e)
    }
  }

  getNode(id: string): Node | undefined { return this.#nodes.get(id) }
  getEdge(id: string): Edge | undefined { return this.#edges.get(id) }
  nodes(): Iterable<Node> { return this.#nodes.values() }
  edges(): Iterable<Edge> { return this.#edges.values() }
  outEdges(nodeId: string): Edge[] { return this.#out.get(nodeId) ?? [] }
  inEdges(nodeId: string): Edge[] { return this.#in.get(nodeId) ?? [] }
  get nodeCount(): number { return this.#nodes.size }
  get edgeCount(): number { return this.#edges.size }
  isIndexed(): boolean { return false }

  nodesBy(key: string, value: string): Node[] {
    return [...this.#nodes.values()].filter((n) =>
      getPathValues(n.Metadata, key).some((v) => v === value || (Array.isArray(v) && v.includes(value))))
  }

  /** Lists sorted by CreatedAt, as a whole graph serialises (spec/topology.md §1.1). */
  toWire(): { Nodes: Node[]; Edges: Edge[] } {
    const byCreated = (a: Node, b: Node) => (a.CreatedAt ?? 0) - (b.CreatedAt ?? 0)
    return { Nodes: [...this.#nodes.values()].sort(byCreated), Edges: [...this.#edges.values()].sort(byCreated) }
  }
}

function push(m: Map<string, Edge[]>, key: string, e: Edge): void {
  const list = m.get(key)
  if (list) list.push(e)
  else m.set(key, [e])
}
