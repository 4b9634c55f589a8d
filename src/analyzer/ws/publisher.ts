/**
 * Publisher semantics (spec/api.md §4.5): how a graph message from an agent or an external
 * writer changes the analyzer's graph. Returns why a message was dropped, or undefined.
 */
import type { EdgeInput, Graph, NodeInput } from '../../core/graph/index.js'
import { edgeSchemaError, metadataError } from '../element-schema.js'
import type { InboundGraphMessage } from './graph-message.js'

type Writable = Exclude<InboundGraphMessage, { Type: 'SyncRequest' }>

/** Options of the endpoint the message came from. */
export interface PublishOptions {
  /** Origin stamped on every element: `<X-Client-Type>.<X-Host-ID>` */
  origin: string
  /** schema validation of §1.4 (/ws/publisher and /ws/pubsub, not agents) */
  validate: boolean
}

/** Applies one message; returns the reason when it is dropped. */
export function applyGraphMessage(graph: Graph, msg: Writable, opts: PublishOptions): string | undefined {
  const stamp = <T extends NodeInput>(el: T): T => ({ ...el, Origin: opts.origin })
  switch (msg.Type) {
    case 'Sync':
    case 'SyncReply': {
      if (opts.validate) {
        for (const n of msg.Obj.Nodes) { const e = nodeError(n); if (e) return `${msg.Type} node "${n.ID}": ${e}` }
        for (const ed of msg.Obj.Edges) { const e = edgeError(ed); if (e) return `${msg.Type} edge "${ed.ID}": ${e}` }
      }
      graph.deleteOrigin(opts.origin)
      for (const n of msg.Obj.Nodes) if (!graph.getNode(n.ID)) graph.addNode(stamp(n))
      let skipped = 0
      for (const e of msg.Obj.Edges) {
        if (graph.getEdge(e.ID)) continue
        if (!graph.getNode(e.Parent) || !graph.getNode(e.Child)) skipped++
        else graph.addEdge(stamp(e))
      }
      return skipped ? `${msg.Type}: ${skipped} edge(s) with an unknown Parent or Child were skipped` : undefined
    }
    case 'NodeAdded': {
      const err = opts.validate ? nodeError(msg.Obj) : undefined
      if (err) return `NodeAdded "${msg.Obj.ID}": ${err}`
      if (!graph.getNode(msg.Obj.ID)) graph.addNode(stamp(msg.Obj))
      return undefined
    }
    case 'EdgeAdded': {
      const err = opts.validate ? edgeError(msg.Obj) : undefined
      if (err) return `EdgeAdded "${msg.Obj.ID}": ${err}`
      if (graph.getEdge(msg.Obj.ID)) return undefined
      for (const end of [msg.Obj.Parent, msg.Obj.Child]) {
        if (!graph.getNode(end)) return `EdgeAdded "${msg.Obj.ID}": node "${end}" does not exist`
      }
      graph.addEdge(stamp(msg.Obj))
      return undefined
    }
    case 'NodeUpdated': {
      const err = opts.validate ? nodeError(msg.Obj) : undefined
      if (err) return `NodeUpdated "${msg.Obj.ID}": ${err}`
      graph.applyNodeUpdate({ ID: msg.Obj.ID, Metadata: msg.Obj.Metadata ?? {}, UpdatedAt: msg.Obj.UpdatedAt, Revision: msg.Obj.Revision ?? 0 })
      return undefined
    }
    case 'EdgeUpdated': {
      const err = opts.validate ? edgeError(msg.Obj) : undefined
      if (err) return `EdgeUpdated "${msg.Obj.ID}": ${err}`
      graph.applyEdgeUpdate({ ID: msg.Obj.ID, Metadata: msg.Obj.Metadata ?? {}, UpdatedAt: msg.Obj.UpdatedAt, Revision: msg.Obj.Revision ?? 0 })
      return undefined
    }
    case 'NodePartiallyUpdated':
      graph.applyNodePartial(msg.Obj)
      return undefined
    case 'EdgePartiallyUpdated':
      graph.applyEdgePartial(msg.Obj)
      return undefined
    case 'NodeDeleted':
      graph.deleteNode(msg.Obj.ID, msg.Obj.DeletedAt)
      return undefined
    case 'EdgeDeleted':
      graph.deleteEdge(msg.Obj.ID, msg.Obj.DeletedAt)
      return undefined
    default: {
      const _exhaustive: never = msg
      return `unexpected message ${String(_exhaustive)}`
    }
  }
}

function nodeError(n: NodeInput): string | undefined {
  return metadataError(n.Metadata ?? {})
}

function edgeError(e: EdgeInput): string | undefined {
  return edgeSchemaError({ ...e, Metadata: e.Metadata ?? {}, Origin: null })
}
