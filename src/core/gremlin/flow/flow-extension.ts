/**
 * The flow steps, as upstream's analyzer registers them through GremlinTraversalExtension:
 * Flows(), Sockets(), Metrics() and the flow-only steps CaptureNode/Node and Aggregates.
 * Flows come from the FlowStore of the query context.
 */
import type { Node } from '../../graph/index.js'
import { checks, evalError, notApplicable } from '../steps/common.js'
import type { Flow, GremlinExtension, StepDef } from '../traversal.js'
import { flowFilter } from './flow-fields.js'
import { FlowTraversal } from './flow-traversal.js'
import { type Metric, MetricsTraversal } from './metrics-traversal.js'
import { type Socket, SocketsTraversal } from './sockets-traversal.js'

/** `G.Flows([k, v…])`: every flow; `<nodes>.Flows()`: flows captured on them (NodeTID = TID). */
export const Flows: StepDef = {
  name: 'Flows',
  exec(input, step, ctx) {
    if (input.kind !== 'graph' && input.kind !== 'nodes') throw notApplicable(step, input, 'the graph or nodes')
    const filter = step.params.length ? flowFilter(step.params, 'and', 'Flows') : undefined
    let tids: Set<string> | undefined
    if (input.kind === 'nodes') {
      tids = new Set(input.nodes.map((n) => n.Metadata.TID).filter((t): t is string => typeof t === 'string' && t !== ''))
    }
    const flows: Flow[] = []
    if (ctx.flows && (!tids || tids.size)) {
      for (const f of ctx.flows.flows()) {
        if (tids && !tids.has(f.NodeTID as string)) continue
        if (!filter || filter(f)) flows.push(f)
      }
    }
    return new FlowTraversal(flows)
  },
}

/** `<nodes>.Sockets()`: Metadata.Sockets keyed by node ID (on flows, FlowTraversal answers). */
export const Sockets: StepDef = {
  name: 'Sockets',
  check: checks.none,
  exec(input, step) {
    if (input.kind !== 'nodes') throw notApplicable(step, input, 'nodes or flows')
    const byKey = new Map<string, Socket[]>()
    for (const n of input.nodes) {
      const s = n.Metadata.Sockets
      if (Array.isArray(s) && s.length) byKey.set(n.ID, s as Socket[])
    }
    return new SocketsTraversal(byKey, false)
  },
}

const METRIC_KEYS = new Set(['LastUpdateMetric', 'SFlow', 'Ovs'])

/** `<nodes>.Metrics([key])`: Metadata.<key> (default LastUpdateMetric) keyed by node ID. */
export const Metrics: StepDef = {
  name: 'Metrics',
  check: (ps) => (ps.length > 1 || (ps[0] && ps[0].type !== 'string') ? "at most one key: 'LastUpdateMetric', 'SFlow' or 'Ovs'" : undefined),
  exec(input, step) {
    if (input.kind !== 'nodes') throw notApplicable(step, input, 'nodes or flows')
    const key = step.params[0]?.type === 'string' ? step.params[0].value : 'LastUpdateMetric'
    if (!METRIC_KEYS.has(key)) throw evalError(`Cannot read metrics '${key}': expected 'LastUpdateMetric', 'SFlow' or 'Ovs'`)
    const byKey = new Map<string, Metric[]>()
    for (const n of input.nodes as Node[]) {
      const m = n.Metadata[key]
      if (m !== null && typeof m === 'object' && !Array.isArray(m)) byKey.set(n.ID, [m as Metric])
    }
    return new MetricsTraversal(byKey)
  },
}

/** Steps that only flows or metrics answer; reaching the definition means the input was wrong. */
function onlyOn(name: string, appliesTo: string, aliases?: string[]): StepDef {
  return { name, ...(aliases ? { aliases } : {}), exec: (input, step) => { throw notApplicable(step, input, appliesTo) } }
}

/** The flow steps as an extension. */
export const flowExtension: GremlinExtension = {
  steps: [Flows, Sockets, Metrics, onlyOn('CaptureNode', 'flows', ['Node']), onlyOn('Aggregates', 'metrics')],
}
