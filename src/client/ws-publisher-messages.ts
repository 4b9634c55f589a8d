/**
 * Graph change events → the messages an agent pushes on /ws/agent/topology
 * (spec/api.md §0.b, §4.4): full elements for additions and deletions, partial updates
 * with their Ops for metadata changes, a full `*Updated` only when metadata was replaced.
 */
import type { GraphMessage } from '../wire/index.js'
import type { Graph, GraphEvent } from '../core/graph/index.js'

/** The message announcing one graph event. */
export function graphEventMessage(ev: GraphEvent): GraphMessage {
  switch (ev.type) {
    case 'NodeAdded':
    case 'NodeDeleted':
      return { Namespace: 'Graph', Type: ev.type, Obj: ev.node }
    case 'EdgeAdded':
    case 'EdgeDeleted':
      return { Namespace: 'Graph', Type: ev.type, Obj: ev.edge }
    case 'NodeUpdated':
      return ev.ops
        ? { Namespace: 'Graph', Type: 'NodePartiallyUpdated', Obj: { ID: ev.node.ID, UpdatedAt: ev.node.UpdatedAt ?? 0, Revision: ev.node.Revision, Ops: ev.ops } }
        : { Namespace: 'Graph', Type: 'NodeUpdated', Obj: ev.node }
    case 'EdgeUpdated':
      return ev.ops
        ? { Namespace: 'Graph', Type: 'EdgePartiallyUpdated', Obj: { ID: ev.edge.ID, UpdatedAt: ev.edge.UpdatedAt ?? 0, Revision: ev.edge.Revision, Ops: ev.ops } }
        : { Namespace: 'Graph', Type: 'EdgeUpdated', Obj: ev.edge }
    default: {
      const never: never = ev
      throw new TypeError(`Unknown graph event ${JSON.stringify(never)}`)
    }
  }
}

/** The `Sync` message carrying the whole local graph. */
export function syncMessage(graph: Graph): GraphMessage {
  return { Namespace: 'Graph', Type: 'Sync', Obj: graph.toWire() }
}
