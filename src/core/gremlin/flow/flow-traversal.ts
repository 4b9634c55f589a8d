/**
 * A list of flows and the generic steps on it (upstream `gremlin/traversal/flows.go`):
 * Has, HasEither, HasKey, HasNot, Dedup, Sort, Limit, Range, Count, Values, Keys, Sum,
 * In/Out/Both, CaptureNode, Sockets, Metrics.
 */
import type { Node } from '../../graph/index.js'
import type { Step } from '../ast.js'
import { flattenKeys } from '../fields.js'
import { checks, elementFilter, evalError, intParam } from '../steps/common.js'
import { sortBy, sortParams } from '../steps/filter-steps.js'
import { isEmptyCollection, orNull } from '../steps/value-steps.js'
import type { CustomTraversal, EvalContext, Flow, GremlinResult, Traversal } from '../traversal.js'
import { flowField, flowFilter } from './flow-fields.js'
import { type Metric, MetricsTraversal } from './metrics-traversal.js'
import { flowSockets } from './flow-sockets.js'

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

export class FlowTraversal implements CustomTraversal {
  readonly kind = 'custom'
  readonly label = 'flows'

  constructor(readonly flows: Flow[]) {}

  #with(flows: Flow[]): FlowTraversal {
    return new FlowTraversal(flows)
  }

  run(step: Step, ctx: EvalContext): Traversal | undefined {
    const ps = step.params
    switch (step.name) {
      case 'Has':
      case 'HasKey':
      case 'HasEither': return this.#with(this.flows.filter(flowFilter(ps, step.name === 'HasEither' ? 'or' : 'and', step.name)))
      case 'HasNot': { const has = flowFilter(ps, 'and', 'HasNot'); return this.#with(this.flows.filter((f) => !has(f))) }
      case 'Dedup': return this.#dedup(step)
      case 'Sort': {
        const { desc, key } = sortParams(ps, 'Last')
        return this.#with(sortBy(this.flows, (f) => { const v = flowField(f, key); return v.found ? v.value : undefined }, desc))
      }
      case 'Limit': return this.#with(this.flows.slice(0, intParam(ps[0]!, 'Limit', 'the count')))
      case 'Range': {
        const from = intParam(ps[0]!, 'Range', 'the start')
        return this.#with(this.flows.slice(from, Math.max(from, intParam(ps[1]!, 'Range', 'the end'))))
      }
      case 'Count': return { kind: 'value', g: ctx.root, result: 'count', value: this.flows.length }
      case 'Values': return this.#values(step, ctx)
      case 'Keys': {
        const keys = new Set<string>()
        for (const f of this.flows) flattenKeys(f, '', keys)
        return { kind: 'value', g: ctx.root, result: 'keys', value: orNull([...keys]) }
      }
      case 'Sum': return this.#sum(step, ctx)
      case 'In': return this.#nodesByMac(step, ctx, ['A'])
      case 'Out': return this.#nodesByMac(step, ctx, ['B'])
      case 'Both': return this.#nodesByMac(step, ctx, ['A', 'B'])
      case 'CaptureNode': return this.#captureNodes(step, ctx)
      case 'Sockets': return flowSockets(this.flows, ctx)
      case 'Metrics': return this.#metrics(step)
      default: return undefined
    }
  }

  /** LastUpdateMetric per flow UUID, or Metric for a flow not yet updated by the table's ticker. */
  #metrics(step: Step): Traversal {
    const key = step.params[0]
    // Quirk (upstream flows.go): FlowMetrics ignores the key; we refuse the node-only ones.
    if (key?.type === 'string' && key.value !== 'LastUpdateMetric') {
      throw evalError(`Cannot run Metrics('${key.value}') on flows: flows have only 'LastUpdateMetric' metrics`, 'use Metrics() on flows')
    }
    const byKey = new Map<string, Metric[]>()
    for (const f of this.flows) {
      const m = f.LastUpdateMetric ?? f.Metric
      const id = str(f.UUID)
      if (id && m && typeof m === 'object' && !Array.isArray(m)) byKey.set(id, [m as Metric])
    }
    return new MetricsTraversal(byKey, 'flow')
  }

  /** Quirk (upstream flow/set.go): Dedup without key deduplicates on TrackingID, not UUID. */
  #dedup(step: Step): Traversal {
    const key = step.params[0]?.type === 'string' ? step.params[0].value : 'TrackingID'
    const seen = new Set<string>()
    return this.#with(this.flows.filter((f) => {
      const v = flowField(f, key)
      if (!v.found) return true
      const k = JSON.stringify(v.value) ?? ''
      if (seen.has(k)) return false
      seen.add(k)
      return true
    }))
  }

  #values(step: Step, ctx: EvalContext): Traversal {
    const problem = checks.oneString(step.params)
    if (problem) throw evalError(`Cannot run Values() on flows: expected ${problem}`)
    const key = (step.params[0] as { value: string }).value
    const out: unknown[] = []
    for (const f of this.flows) {
      const v = flowField(f, key)
      if (v.found && !isEmptyCollection(v.value)) out.push(v.value)
    }
    return { kind: 'value', g: ctx.root, result: 'values', value: orNull(out) }
  }

  #sum(step: Step, ctx: EvalContext): Traversal {
    const key = step.params[0]
    if (key?.type !== 'string') throw evalError(`Cannot run Sum() on flows without a key: give one such as Sum('Metric.ABBytes')`)
    let total = 0
    for (const f of this.flows) {
      const v = flowField(f, key.value)
      if (!v.found) continue
      if (typeof v.value !== 'number') {
        throw evalError(`Cannot sum '${key.value}' of flow '${String(f.UUID)}': its value ${JSON.stringify(v.value)} is not a number`)
      }
      total += v.value
    }
    return { kind: 'value', g: ctx.root, result: 'number', value: total }
  }

  /** Nodes whose MAC or PeerIntfMAC is the Link.A (In) / Link.B (Out) of a flow. */
  #nodesByMac(step: Step, ctx: EvalContext, sides: ReadonlyArray<'A' | 'B'>): Traversal {
    const filter = step.params.length ? elementFilter(step.params, 'and', step.name) : undefined
    const macs = new Set<string>()
    for (const f of this.flows) {
      for (const side of sides) { const mac = str(flowField(f, `Link.${side}`).value); if (mac) macs.add(mac) }
    }
    const nodes: Node[] = []
    if (macs.size) {
      for (const n of ctx.root.nodes()) {
        const md = n.Metadata
        if ((macs.has(md.MAC as string) || macs.has(md.PeerIntfMAC as string)) && (!filter || filter(n))) nodes.push(n)
      }
    }
    return { kind: 'nodes', g: ctx.root, nodes }
  }

  /** The node each flow was captured on: TID = flow.NodeTID. */
  #captureNodes(step: Step, ctx: EvalContext): Traversal {
    const filter = step.params.length ? elementFilter(step.params, 'and', step.name) : undefined
    const nodes: Node[] = []
    const seen = new Set<string>()
    for (const f of this.flows) {
      const tid = str(f.NodeTID)
      if (!tid) continue
      for (const n of ctx.root.nodesBy('TID', tid)) {
        if (seen.has(n.ID) || (filter && !filter(n))) continue
        seen.add(n.ID)
        nodes.push(n)
      }
    }
    return { kind: 'nodes', g: ctx.root, nodes }
  }

  result(): GremlinResult {
    return { kind: 'flows', json: this.flows }
  }
}
