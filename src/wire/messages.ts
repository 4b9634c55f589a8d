/**
 * WebSocket envelope, same shape as upstream's StructMessage (spec/api.md §4.3).
 */
import type { PartialUpdate, WireEdge, WireGraph, WireNode } from './graph.js'

/** Generic envelope; `Obj` is namespace/type specific. */
export interface Envelope<N extends string = string, T extends string = string, O = unknown> {
  Namespace: N
  Type: T
  /** per-message id; replies reuse the request's UUID */
  UUID?: string
  /** HTTP-like status, 200 normally */
  Status?: number
  Obj: O
}

/** Messages of the `Graph` namespace (spec/api.md §4.4). */
export type GraphMessage =
  | Envelope<'Graph', 'SyncRequest', { GremlinFilter?: string | null; Time?: number } | null>
  | Envelope<'Graph', 'Sync' | 'SyncReply', WireGraph>
  | Envelope<'Graph', 'NodeAdded' | 'NodeUpdated' | 'NodeDeleted', WireNode>
  | Envelope<'Graph', 'EdgeAdded' | 'EdgeUpdated' | 'EdgeDeleted', WireEdge>
  | Envelope<'Graph', 'NodePartiallyUpdated' | 'EdgePartiallyUpdated', PartialUpdate>

/** Graph message type names. */
export const GRAPH_MESSAGE_TYPES = [
  'SyncRequest', 'Sync', 'SyncReply',
  'NodeAdded', 'NodeUpdated', 'NodeDeleted', 'NodePartiallyUpdated',
  'EdgeAdded', 'EdgeUpdated', 'EdgeDeleted', 'EdgePartiallyUpdated',
] as const
export type GraphMessageType = (typeof GRAPH_MESSAGE_TYPES)[number]
