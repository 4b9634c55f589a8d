/**
 * Graph elements as they cross process boundaries (REST, WebSocket, agents, UI).
 * Field names and order are protocol: spec/api.md §1.1, spec/topology.md §1.1.
 */

/** Free-form metadata; nested objects and arrays allowed. */
export type Metadata = Record<string, unknown>

/** A node in upstream's JSON spelling. */
export interface WireNode {
  ID: string
  Metadata: Metadata
  /** host_id of the producer; "" allowed */
  Host: string
  /** "<service>.<hostID>", e.g. "agent.node1" (spec/api.md §1.2) */
  Origin: string
  /** ms since epoch; null = Go zero time */
  CreatedAt: number | null
  UpdatedAt: number | null
  /** always serialised; null on live elements */
  DeletedAt: number | null
  Revision: number
}

/** An edge: a node plus its two endpoints (node IDs). */
export interface WireEdge extends WireNode {
  Parent: string
  Child: string
}

/** Whole graph, as in GET /api/topology, Sync, SyncReply. Upstream sends null for empty lists. */
export interface WireGraph {
  Nodes: WireNode[] | null
  Edges: WireEdge[] | null
}

/** One Ops entry of a NodePartiallyUpdated / EdgePartiallyUpdated message (spec/api.md §4.4). */
export interface PartialOp {
  /** 1 = set, 2 = delete */
  Type: 1 | 2
  /** dotted metadata path, e.g. "Captures.State" */
  Key: string
  Value?: unknown
}

/** Obj of NodePartiallyUpdated / EdgePartiallyUpdated. */
export interface PartialUpdate {
  ID: string
  UpdatedAt: number
  Revision: number
  /** null when the change was a full replace */
  Ops: PartialOp[] | null
}
