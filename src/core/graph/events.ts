/**
 * Change events a Graph emits, in order. Type names match the wire message types so that
 * the analyzer forwards them to subscribers without translation (spec/api.md §4.4).
 */
import type { PartialOp } from '../../wire/index.js'
import type { Edge, Node } from './elements.js'

export type GraphEvent =
  | { seq: number; type: 'NodeAdded' | 'NodeDeleted'; node: Node }
  | { seq: number; type: 'NodeUpdated'; node: Node; /** null when the whole metadata was replaced */ ops: PartialOp[] | null }
  | { seq: number; type: 'EdgeAdded' | 'EdgeDeleted'; edge: Edge }
  | { seq: number; type: 'EdgeUpdated'; edge: Edge; ops: PartialOp[] | null }

export type GraphEventType = GraphEvent['type']

/** Receives every change, synchronously and in `seq` order. */
export type GraphListener = (event: GraphEvent) => void
