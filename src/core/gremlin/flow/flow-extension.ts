/**
 * The flow steps, as upstream's analyzer registers them through GremlinTraversalExtension:
 * Flows(), Sockets(), Metrics(), Group()/MoreThan(), RawPackets()/BPF() and the flow-only steps
 * CaptureNode/Node and Aggregates.
 * Flows come from the FlowStore of the query context.
 */
import type { Node } from '../../graph/index.js'
import type { Param } from '../ast.js'
import { checks, evalError, notApplicable } from '../steps/common.js'
import type { Flow, GremlinExtension, StepDef } from '../traversal.js'
import { flowFilter } from './flow-fields.js'
import { FlowTraversal } from './flow-traversal.js'
import { Group, MoreThan } from './group-traversal.js'
import { type Metric, MetricsTraversal, checkAggregates } from './metrics-traversal.js'
import { BPF, RawPackets } from './raw-packets-traversal.js'
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

/**
 * Metrics() keys and where each sits in node metadata. Upstream accepts 'LastUpdateMetric',
 * 'SFlow.LastUpdateMetric' and 'sflow'; spec/api.md §5.4 also names 'SFlow' and 'Ovs'
 * (OVS interface counters, spec/topology.md §2.5).
 */
const METRIC_PATHS: Record<string, readonly string[]> = {
  LastUpdateMetric: ['LastUpdateMetric'],
  SFlow: ['SFlow', 'LastUpdateMetric'],
  sflow: ['SFlow', 'LastUpdateMetric'],
  'SFlow.LastUpdateMetric': ['SFlow', 'LastUpdateMetric'],
  Ovs: ['Ovs', 'LastUpdateMetric'],
  'Ovs.LastUpdateMetric': ['Ovs', 'LastUpdateMetric'],
}

/** Parse-time check of Metrics([key]). */
const checkMetrics = (ps: readonly Param[]) =>
  ps.length > 1 || (ps[0] && (ps[0].type !== 'string' || !Object.hasOwn(METRIC_PATHS, ps[0].value)))
    ? "at most one key: 'LastUpdateMetric', 'SFlow' or 'Ovs'"
    : undefined

function metadataAt(n: Node, path: readonly string[]): unknown {
  let cur: unknown = n.Metadata
  for (const k of path) cur = cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>)[k] : undefined
  return cur
}

/** `<nodes>.Metrics([key])`: the metric at key (default LastUpdateMetric) keyed by node ID. */
export const Metrics: StepDef = {
  name: 'Metrics',
  check: checkMetrics,
  exec(input, step) {
    if (input.kind !== 'nodes') throw notApplicable(step, input, 'nodes or flows')
    const key = step.params[0]?.type === 'string' ? step.params[0].value : 'LastUpdateMetric'
    const path = METRIC_PATHS[key]!
    const byKey = new Map<string, Metric[]>()
    for (const n of input.nodes) {
      const m = metadataAt(n, path)
      if (m === undefined || m === null) continue
      if (typeof m !== 'object' || Array.isArray(m)) {
        throw evalError(`Cannot read metrics of node '${n.ID}': Metadata.${path.join('.')} is ${JSON.stringify(m)}, not a metric object`)
      }
      if (!byKey.has(n.ID)) byKey.set(n.ID, [m as Metric])
    }
    return new MetricsTraversal(byKey, 'interface')
  },
}

/** Steps that only flows or metrics answer; reaching the definition means the input was wrong. */
function onlyOn(name: string, appliesTo: string, extra: Pick<StepDef, 'aliases' | 'check'> = {}): StepDef {
  return { name, ...extra, exec: (input, step) => { throw notApplicable(step, input, appliesTo) } }
}

/** The flow steps as an extension. */
export const flowExtension: GremlinExtension = {
  steps: [Flows, Sockets, Metrics, Group, MoreThan, RawPackets, BPF, onlyOn('CaptureNode', 'flows', { aliases: ['Node'] }), onlyOn('Aggregates', 'metrics', { check: checkAggregates })],
}
