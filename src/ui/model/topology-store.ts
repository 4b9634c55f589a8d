/**
 * The browser's copy of the analyzer graph, fed by /ws/subscriber messages (spec/api.md §4.6).
 * Pure and DOM-free so it is unit-tested under Node; the view reads it, never the wire.
 */
import type { GraphMessage, WireEdge, WireGraph, WireNode } from '../../wire/index.js'
import { applyOps } from './metadata-path.js'

/** What one message (or a batch of them) changed; the view redraws only these. */
export interface StoreChange {
  nodes: Set<string>
  edges: Set<string>
  /** true when the ownership tree changed (layout must re-run) */
  structure: boolean
  /** a partial update without Ops arrived: the element is stale until the next Sync */
  needsResync: boolean
}

/** An empty change set, to merge several messages into. */
export function emptyChange(): StoreChange {
  return { nodes: new Set(), edges: new Set(), structure: false, needsResync: false }
}

/** Graph state plus the ownership and incidence indexes the view needs. */
export class TopologyStore {
  readonly nodes = new Map<string, WireNode>()
  readonly edges = new Map<string, WireEdge>()
  /** child node ID -> ownership edge IDs whose Child it is (several only if a linker broke uniqueness) */
  #ownerEdges = new Map<string, Set<string>>()
  /** node ID -> IDs of every edge touching it */
  #incident = new Map<string, Set<string>>()

  /** The ownership parent of a node, or undefined for roots (hosts, fabric, orphans). */
  ownerOf(id: string): string | undefined {
    const set = this.#ownerEdges.get(id)
    if (!set) return undefined
    for (const e of set) {
      const edge = this.edges.get(e)
      if (edge && this.nodes.has(edge.Parent)) return edge.Parent
    }
    return undefined
  }

  /** IDs of the edges touching a node. */
  edgesOf(id: string): ReadonlySet<string> {
    return this.#incident.get(id) ?? new Set()
  }

  /** Applies one subscriber message into `change` (created when omitted). */
  apply(msg: GraphMessage, change: StoreChange = emptyChange()): StoreChange {
    switch (msg.Type) {
      case 'Sync':
      case 'SyncReply':
        if (msg.Status !== undefined && msg.Status !== 200) return change
        return this.replace(msg.Obj, change)
      case 'SyncRequest':
        return change
      case 'NodeAdded':
      case 'NodeUpdated':
        this.#putNode(msg.Obj, change)
        return change
      case 'NodeDeleted':
        this.#deleteNode(msg.Obj.ID, change)
        return change
      case 'EdgeAdded':
      case 'EdgeUpdated':
        this.#putEdge(msg.Obj, change)
        return change
      case 'EdgeDeleted':
        this.#deleteEdge(msg.Obj.ID, change)
        return change
      case 'NodePartiallyUpdated':
      case 'EdgePartiallyUpdated': {
        const isNode = msg.Type === 'NodePartiallyUpdated'
        const el = isNode ? this.nodes.get(msg.Obj.ID) : this.edges.get(msg.Obj.ID)
        if (!el) return change
        if (msg.Obj.Ops === null) {
          change.needsResync = true
          return change
        }
        const next = { ...el, Metadata: applyOps(el.Metadata, msg.Obj.Ops), Revision: msg.Obj.Revision, UpdatedAt: msg.Obj.UpdatedAt }
        if (isNode) this.#putNode(next, change)
        else this.#putEdge(next as WireEdge, change)
        return change
      }
      default: {
        const _exhaustive: never = msg
        return change
      }
    }
  }

  /** Replaces the whole graph (Sync/SyncReply), recording only real differences. */
  replace(graph: WireGraph, change: StoreChange = emptyChange()): StoreChange {
    const nodes = graph.Nodes ?? []
    const edges = graph.Edges ?? []
    const keepNodes = new Set(nodes.map((n) => n.ID))
    const keepEdges = new Set(edges.map((e) => e.ID))
    for (const id of [...this.edges.keys()]) if (!keepEdges.has(id)) this.#deleteEdge(id, change)
    for (const id of [...this.nodes.keys()]) if (!keepNodes.has(id)) this.#deleteNode(id, change)
    for (const n of nodes) {
      const old = this.nodes.get(n.ID)
      if (!old || old.Revision !== n.Revision || old.UpdatedAt !== n.UpdatedAt) this.#putNode(n, change)
    }
    for (const e of edges) {
      const old = this.edges.get(e.ID)
      if (!old || old.Revision !== e.Revision || old.UpdatedAt !== e.UpdatedAt) this.#putEdge(e, change)
    }
    return change
  }

  #putNode(n: WireNode, change: StoreChange): void {
    const old = this.nodes.get(n.ID)
    this.nodes.set(n.ID, n)
    change.nodes.add(n.ID)
    // A Type change moves the node between layout groups (e.g. netns-ness).
    if (!old || old.Metadata['Type'] !== n.Metadata['Type']) change.structure = true
  }

  #deleteNode(id: string, change: StoreChange): void {
    if (!this.nodes.delete(id)) return
    change.nodes.add(id)
    change.structure = true
    for (const e of [...(this.#incident.get(id) ?? [])]) this.#deleteEdge(e, change)
    this.#incident.delete(id)
    this.#ownerEdges.delete(id)
  }

  #putEdge(e: WireEdge, change: StoreChange): void {
    // Quirk (spec/api.md §4.5): an edge whose endpoint is unknown is dropped, as the analyzer does.
    if (!this.nodes.has(e.Parent) || !this.nodes.has(e.Child)) return
    const old = this.edges.get(e.ID)
    if (old) this.#unindexEdge(old)
    this.edges.set(e.ID, e)
    this.#indexEdge(e)
    change.edges.add(e.ID)
    if (isOwnership(e) || (old && isOwnership(old))) change.structure = true
  }

  #deleteEdge(id: string, change: StoreChange): void {
    const e = this.edges.get(id)
    if (!e) return
    this.edges.delete(id)
    this.#unindexEdge(e)
    change.edges.add(id)
    if (isOwnership(e)) change.structure = true
  }

  #indexEdge(e: WireEdge): void {
    for (const n of [e.Parent, e.Child]) {
      let s = this.#incident.get(n)
      if (!s) this.#incident.set(n, (s = new Set()))
      s.add(e.ID)
    }
    if (isOwnership(e)) {
      let s = this.#ownerEdges.get(e.Child)
      if (!s) this.#ownerEdges.set(e.Child, (s = new Set()))
      s.add(e.ID)
    }
  }

  #unindexEdge(e: WireEdge): void {
    this.#incident.get(e.Parent)?.delete(e.ID)
    this.#incident.get(e.Child)?.delete(e.ID)
    this.#ownerEdges.get(e.Child)?.delete(e.ID)
  }
}

/** True for containment edges (drawn as nesting, not as lines). */
export function isOwnership(e: WireEdge): boolean {
  return e.Metadata['RelationType'] === 'ownership'
}
