/**
 * The in-memory, event-based graph engine (upstream `graffiti/graph`): nodes and edges,
 * revisions, cascade deletes, origins, a metadata index and an ordered change stream.
 * Pure: time comes from the injected Clock.
 */
import type { Metadata, PartialOp, PartialUpdate } from '../../wire/index.js'
import { SkydiveError } from '../errors.js'
import type { Clock } from '../ports.js'
import { type Edge, type EdgeInput, type Node, type NodeInput, makeEdge, makeNode } from './elements.js'
import type { GraphEvent, GraphListener } from './events.js'
import { DEFAULT_INDEXED_KEYS, MetadataIndex } from './metadata-index.js'
import { cloneJson, deepEqual, deletePath, getPathValues, setPath } from './metadata.js'

export interface GraphOptions {
  clock: Clock
  /** host_id stamped on locally created elements (spec/topology.md §1.3) */
  host?: string
  /** origin stamped on locally created elements, e.g. "agent.node1" */
  origin?: string
  /** metadata keys with a lookup index */
  indexedKeys?: readonly string[]
}

/** A metadata replacement carrying its own revision, as in NodeUpdated/EdgeUpdated messages. */
export interface RevisedMetadata {
  ID: string
  Metadata: Metadata
  UpdatedAt?: number | null
  Revision: number
}

/**
 * A graph of nodes and edges.
 * @example
 * const g = new Graph({ clock: systemClock, host: 'node1', origin: 'agent.node1' })
 * const host = g.addNode({ ID: genID(), Metadata: { Type: 'host', Name: 'node1' } })
 * g.subscribe((ev) => console.log(ev.type))
 */
export class Graph {
  readonly host: string
  readonly origin: string
  readonly #clock: Clock
  readonly #nodes = new Map<string, Node>()
  readonly #edges = new Map<string, Edge>()
  /**
   * Edges by the node they leave (node is Parent) and enter (node is Child). Arrays rather
   * than Sets: degrees are small, and a Set per node costs ~100 bytes more.
   */
  readonly #out = new Map<string, Edge[]>()
  readonly #in = new Map<string, Edge[]>()
  readonly #index: MetadataIndex
  /** element IDs by Origin, so deleteOrigin (agent Sync, disconnect) does not scan the graph */
  readonly #nodesByOrigin = new Map<string, Set<string>>()
  readonly #edgesByOrigin = new Map<string, Set<string>>()
  readonly #listeners = new Set<GraphListener>()
  /** events not yet delivered to every listener, in seq order */
  readonly #pending: GraphEvent[] = []
  #delivering = false
  #seq = 0

  constructor(opts: GraphOptions) {
    this.#clock = opts.clock
    this.host = opts.host ?? ''
    this.origin = opts.origin ?? ''
    this.#index = new MetadataIndex(opts.indexedKeys ?? DEFAULT_INDEXED_KEYS)
  }

  /** Current time of the injected clock, in ms. */
  now(): number {
    return this.#clock.now()
  }

  // ---- reads ------------------------------------------------------------------------------

  getNode(id: string): Node | undefined {
    return this.#nodes.get(id)
  }

  getEdge(id: string): Edge | undefined {
    return this.#edges.get(id)
  }

  get nodeCount(): number {
    return this.#nodes.size
  }

  get edgeCount(): number {
    return this.#edges.size
  }

  /** Every node, in insertion order. */
  nodes(): IterableIterator<Node> {
    return this.#nodes.values()
  }

  /** Every edge, in insertion order. */
  edges(): IterableIterator<Edge> {
    return this.#edges.values()
  }

  /** True when lookups on `key` use the index. */
  isIndexed(key: string): boolean {
    return this.#index.has(key)
  }

  /**
   * Nodes whose metadata `key` equals the string `value` (or, for an array, contains it).
   * Uses the index for indexed keys and scans otherwise.
   */
  nodesBy(key: string, value: string): Node[] {
    const ids = this.#index.lookup(key, value)
    if (ids) {
      const out: Node[] = []
      for (const id of ids) { const n = this.#nodes.get(id); if (n) out.push(n) }
      return out
    }
    const out: Node[] = []
    for (const n of this.#nodes.values()) {
      if (getPathValues(n.Metadata, key).some((v) => v === value || (Array.isArray(v) && v.includes(value)))) out.push(n)
    }
    return out
  }

  /** Edges where `nodeId` is the Parent (a copy: mutate through Graph methods). */
  outEdges(nodeId: string): Edge[] {
    return this.#out.get(nodeId)?.slice() ?? []
  }

  /** Edges where `nodeId` is the Child. */
  inEdges(nodeId: string): Edge[] {
    return this.#in.get(nodeId)?.slice() ?? []
  }

  /** Whole graph, lists sorted by CreatedAt (spec/topology.md §1.1). */
  toWire(): { Nodes: Node[]; Edges: Edge[] } {
    const byCreated = (a: Node, b: Node) => (a.CreatedAt ?? 0) - (b.CreatedAt ?? 0)
    return { Nodes: [...this.#nodes.values()].sort(byCreated), Edges: [...this.#edges.values()].sort(byCreated) }
  }

  // ---- change stream ----------------------------------------------------------------------

  /**
   * Follows every change in order. Events carry the live element (deleted ones a stamped
   * copy): serialise or copy it inside the callback if it must outlive it.
   * Returns the unsubscribe function.
   */
  subscribe(listener: GraphListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Events raised while listeners are being called (a listener that changes the graph) are
   * queued and delivered after the current one, so every listener sees `seq` order, as
   * upstream's `EventHandler.NotifyEvent` queues nested notifications.
   */
  #emit(ev: DistributiveOmit<GraphEvent, 'seq'>): void {
    this.#pending.push({ ...ev, seq: ++this.#seq } as GraphEvent)
    if (this.#delivering) return
    this.#delivering = true
    let i = 0
    try {
      for (; i < this.#pending.length; i++) {
        const event = this.#pending[i]!
        for (const l of this.#listeners) l(event)
      }
    } finally {
      // After a throwing listener, undelivered events wait for the next change, still in order.
      this.#pending.splice(0, Math.min(i + 1, this.#pending.length))
      this.#delivering = false
    }
  }

  // ---- local writes -----------------------------------------------------------------------

  /** Adds a node; fails with `element-conflict` when the ID exists. */
  addNode(input: NodeInput): Node {
    if (!input.ID) throw new TypeError('addNode: ID must be a non-empty string')
    if (this.#nodes.has(input.ID)) throw new SkydiveError('element-conflict', `Cannot add node "${input.ID}": ID conflict`)
    const node = makeNode(this.#fill(input))
    this.#nodes.set(node.ID, node)
    addTo(this.#nodesByOrigin, node.Origin, node.ID)
    this.#index.add(node.ID, node.Metadata)
    this.#emit({ type: 'NodeAdded', node })
    return node
  }

  /** Adds an edge; fails when the ID exists or an endpoint is missing. */
  addEdge(input: EdgeInput): Edge {
    if (!input.ID) throw new TypeError('addEdge: ID must be a non-empty string')
    if (this.#edges.has(input.ID)) throw new SkydiveError('element-conflict', `Cannot add edge "${input.ID}": ID conflict`)
    for (const end of [input.Parent, input.Child]) {
      if (!this.#nodes.has(end)) {
        throw new SkydiveError('node-not-found', `Cannot add edge "${input.ID}": node "${end}" does not exist`)
      }
    }
    const edge = makeEdge({ ...this.#fill(input), Parent: input.Parent, Child: input.Child })
    this.#edges.set(edge.ID, edge)
    addTo(this.#edgesByOrigin, edge.Origin, edge.ID)
    addEdgeTo(this.#out, edge.Parent, edge)
    addEdgeTo(this.#in, edge.Child, edge)
    this.#emit({ type: 'EdgeAdded', edge })
    return edge
  }

  #fill(input: NodeInput) {
    const now = this.#clock.now()
    const created = input.CreatedAt || now
    return {
      ID: input.ID,
      Metadata: input.Metadata ?? {},
      Host: input.Host ?? this.host,
      Origin: input.Origin ?? this.origin,
      CreatedAt: created,
      UpdatedAt: input.UpdatedAt || created,
      Revision: input.Revision ?? 1,
    }
  }

  /** Replaces a node's metadata; no-op (false) when deep-equal. Bumps Revision once. */
  setNodeMetadata(id: string, metadata: Metadata): boolean {
    const node = this.#mustNode(id)
    if (deepEqual(node.Metadata, metadata)) return false
    this.#replace(node, metadata, node.Revision + 1, null, 'node')
    return true
  }

  /** Replaces an edge's metadata; no-op (false) when deep-equal. */
  setEdgeMetadata(id: string, metadata: Metadata): boolean {
    const edge = this.#mustEdge(id)
    if (deepEqual(edge.Metadata, metadata)) return false
    this.#replace(edge, metadata, edge.Revision + 1, null, 'edge')
    return true
  }

  /**
   * Applies set/delete ops to a node's metadata as one transaction: one event listing the
   * ops that changed something, one Revision bump. Returns false when nothing changed.
   */
  patchNode(id: string, ops: readonly PartialOp[]): boolean {
    const node = this.#mustNode(id)
    return this.#patch(node, ops, node.Revision + 1, null, 'node')
  }

  /** Same as patchNode for an edge. */
  patchEdge(id: string, ops: readonly PartialOp[]): boolean {
    const edge = this.#mustEdge(id)
    return this.#patch(edge, ops, edge.Revision + 1, null, 'edge')
  }

  /** Sets one dotted metadata key on a node. */
  setNodeKey(id: string, key: string, value: unknown): boolean {
    return this.patchNode(id, [{ Type: 1, Key: key, Value: value }])
  }

  /** Deletes one dotted metadata key from a node. */
  deleteNodeKey(id: string, key: string): boolean {
    return this.patchNode(id, [{ Type: 2, Key: key }])
  }

  /** Replaces the metadata of a node (re-indexed) or edge, with one Revision and one event. */
  #replace(el: Node | Edge, metadata: Metadata, revision: number, updatedAt: number | null | undefined, kind: 'node' | 'edge'): void {
    if (kind === 'node') this.#index.remove(el.ID, el.Metadata)
    el.Metadata = metadata
    if (kind === 'node') this.#index.add(el.ID, el.Metadata)
    this.#touch(el, revision, updatedAt)
    if (kind === 'node') this.#emit({ type: 'NodeUpdated', node: el, ops: null })
    else this.#emit({ type: 'EdgeUpdated', edge: el as Edge, ops: null })
  }

  #patch(el: Node | Edge, ops: readonly PartialOp[], revision: number, updatedAt: number | null, kind: 'node' | 'edge'): boolean {
    // Re-index only when an op touches an indexed top-level key (metric updates do not).
    const indexed = kind === 'node' && ops.some((op) => this.#index.has(op.Key.split('.', 1)[0]!))
    if (indexed) this.#index.remove(el.ID, el.Metadata)
    const applied: PartialOp[] = []
    for (const op of ops) {
      const changed = op.Type === 1 ? setPath(el.Metadata, op.Key, cloneJson(op.Value)) : deletePath(el.Metadata, op.Key)
      if (changed) applied.push(op)
    }
    if (indexed) this.#index.add(el.ID, el.Metadata)
    if (applied.length === 0) return false
    this.#touch(el, revision, updatedAt)
    if (kind === 'node') this.#emit({ type: 'NodeUpdated', node: el, ops: applied })
    else this.#emit({ type: 'EdgeUpdated', edge: el as Edge, ops: applied })
    return true
  }

  #touch(el: Node, revision: number, updatedAt?: number | null): void {
    el.UpdatedAt = updatedAt || this.#clock.now()
    el.Revision = revision
  }

  /** Deletes a node and, first, all its edges, stamping them with the same DeletedAt. */
  deleteNode(id: string, deletedAt?: number | null): boolean {
    const node = this.#nodes.get(id)
    if (!node) return false
    const at = deletedAt || this.#clock.now()
    for (const e of [...(this.#out.get(id) ?? []), ...(this.#in.get(id) ?? [])]) this.deleteEdge(e.ID, at)
    this.#nodes.delete(id)
    removeFrom(this.#nodesByOrigin, node.Origin, id)
    this.#out.delete(id)
    this.#in.delete(id)
    this.#index.remove(id, node.Metadata)
    this.#emit({ type: 'NodeDeleted', node: { ...node, DeletedAt: at } })
    return true
  }

  /** Deletes an edge; false when unknown. */
  deleteEdge(id: string, deletedAt?: number | null): boolean {
    const edge = this.#edges.get(id)
    if (!edge) return false
    this.#edges.delete(id)
    removeFrom(this.#edgesByOrigin, edge.Origin, id)
    removeEdgeFrom(this.#out, edge.Parent, edge)
    removeEdgeFrom(this.#in, edge.Child, edge)
    this.#emit({ type: 'EdgeDeleted', edge: { ...edge, DeletedAt: deletedAt || this.#clock.now() } })
    return true
  }

  /** Deletes every node of `origin` (edges follow) and every remaining edge of that origin. */
  deleteOrigin(origin: string, deletedAt?: number | null): { nodes: number; edges: number } {
    const at = deletedAt || this.#clock.now()
    let nodes = 0
    let edges = 0
    for (const id of [...(this.#edgesByOrigin.get(origin) ?? [])]) if (this.deleteEdge(id, at)) edges++
    for (const id of [...(this.#nodesByOrigin.get(origin) ?? [])]) if (this.deleteNode(id, at)) nodes++
    return { nodes, edges }
  }

  // ---- remote writes: the revision rule ---------------------------------------------------

  /** Replaces a node's metadata if `u.Revision` is higher than the stored one (NodeUpdated). */
  applyNodeUpdate(u: RevisedMetadata): boolean {
    const node = this.#nodes.get(u.ID)
    if (!node || u.Revision <= node.Revision) return false
    this.#replace(node, u.Metadata, u.Revision, u.UpdatedAt, 'node')
    return true
  }

  /**
   * Replaces an edge's metadata if `u.Revision` is higher (EdgeUpdated).
   * Quirk (api spec §6): upstream does not store the new Revision of an EdgeUpdated; we do,
   * so the revision rule holds for edges too.
   */
  applyEdgeUpdate(u: RevisedMetadata): boolean {
    const edge = this.#edges.get(u.ID)
    if (!edge || u.Revision <= edge.Revision) return false
    this.#replace(edge, u.Metadata, u.Revision, u.UpdatedAt, 'edge')
    return true
  }

  /** Applies a NodePartiallyUpdated if its Revision is higher. */
  applyNodePartial(u: PartialUpdate): boolean {
    const node = this.#nodes.get(u.ID)
    if (!node || u.Revision <= node.Revision) return false
    return this.#patch(node, u.Ops ?? [], u.Revision, u.UpdatedAt, 'node')
  }

  /** Applies an EdgePartiallyUpdated if its Revision is higher. */
  applyEdgePartial(u: PartialUpdate): boolean {
    const edge = this.#edges.get(u.ID)
    if (!edge || u.Revision <= edge.Revision) return false
    return this.#patch(edge, u.Ops ?? [], u.Revision, u.UpdatedAt, 'edge')
  }

  #mustNode(id: string): Node {
    const n = this.#nodes.get(id)
    if (!n) throw new SkydiveError('node-not-found', `Node '${id}' does not exist`)
    return n
  }

  #mustEdge(id: string): Edge {
    const e = this.#edges.get(id)
    if (!e) throw new SkydiveError('edge-not-found', `Edge '${id}' does not exist`)
    return e
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

function removeFrom(m: Map<string, Set<string>>, key: string, id: string): void {
  const s = m.get(key)
  if (!s) return
  s.delete(id)
  if (s.size === 0) m.delete(key)
}

function addTo(m: Map<string, Set<string>>, key: string, id: string): void {
  let s = m.get(key)
  if (!s) m.set(key, (s = new Set()))
  s.add(id)
}

function addEdgeTo(m: Map<string, Edge[]>, key: string, e: Edge): void {
  const list = m.get(key)
  if (list) list.push(e)
  else m.set(key, [e])
}

function removeEdgeFrom(m: Map<string, Edge[]>, key: string, e: Edge): void {
  const list = m.get(key)
  if (!list) return
  const i = list.indexOf(e)
  if (i >= 0) list.splice(i, 1)
  if (list.length === 0) m.delete(key)
}
