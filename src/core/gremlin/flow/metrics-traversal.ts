/**
 * The result of Metrics(): metric objects keyed by node ID or flow UUID, then Sum, Count,
 * Keys, Aggregates (upstream `gremlin/traversal/metrics.go`).
 */
import type { Param, Step } from '../ast.js'
import { flattenKeys } from '../fields.js'
import { evalError } from '../steps/common.js'
import { orNull } from '../steps/value-steps.js'
import { sortedObject } from '../sorted-object.js'
import type { CustomTraversal, EvalContext, GremlinResult, Traversal } from '../traversal.js'
import { type Metric, type MetricKind, addMetrics, aggregateMetrics, counters, lastOf, startOf, withTimes } from './metric-math.js'

export type { Metric, MetricKind } from './metric-math.js'

/** Counter names upstream's GetFieldInt64 knows (topology.InterfaceMetric, flow.FlowMetric). */
const KNOWN_COUNTERS: Record<MetricKind, readonly string[]> = {
  flow: ['ABPackets', 'ABBytes', 'BAPackets', 'BABytes'],
  interface: [
    'Collisions', 'Multicast', 'RxBytes', 'RxCompressed', 'RxCrcErrors', 'RxDropped', 'RxErrors', 'RxFifoErrors',
    'RxFrameErrors', 'RxLengthErrors', 'RxMissedErrors', 'RxOverErrors', 'RxPackets', 'TxAbortedErrors', 'TxBytes',
    'TxCarrierErrors', 'TxCompressed', 'TxDropped', 'TxErrors', 'TxFifoErrors', 'TxHeartbeatErrors', 'TxPackets', 'TxWindowErrors',
  ],
}

/** Parse-time check of Aggregates([seconds]). */
export const checkAggregates = (ps: readonly Param[]) =>
  ps.length > 1 || (ps[0] && (ps[0].type !== 'number' || !ps[0].integer || ps[0].value <= 0))
    ? 'at most one slice length, a positive whole number of seconds'
    : undefined

export class MetricsTraversal implements CustomTraversal {
  readonly kind = 'custom'
  readonly label = 'metrics'
  constructor(readonly byKey: Map<string, Metric[]>, readonly metricKind: MetricKind) {}

  #all(): Metric[] {
    return [...this.byKey.values()].flat()
  }

  run(step: Step, ctx: EvalContext): Traversal | undefined {
    switch (step.name) {
      // Quirk (upstream metrics.go): Count() counts the nodes or flows that have metrics, not
      // the metrics; after Aggregates() it is 1 (the one "Aggregated" entry).
      case 'Count': return { kind: 'value', g: ctx.root, result: 'count', value: this.byKey.size }
      case 'Keys': {
        const keys = new Set<string>()
        for (const m of this.#all()) flattenKeys(m, '', keys)
        return { kind: 'value', g: ctx.root, result: 'keys', value: orNull([...keys]) }
      }
      case 'Sum': return this.#sum(step, ctx)
      case 'Aggregates': return this.#aggregate(step, ctx)
      default: return undefined
    }
  }

  #sum(step: Step, ctx: EvalContext): Traversal {
    const key = step.params[0]
    if (!key) {
      let total: Metric | undefined
      for (const m of this.#all()) {
        total = total ? addMetrics(total, m, this.metricKind) : withTimes(m, startOf(m), lastOf(m), this.metricKind)
        // Start is the earliest, Last the latest of the metrics summed
        if (startOf(total) > startOf(m)) total = withTimes(total, startOf(m), lastOf(total), this.metricKind)
        if (lastOf(total) < lastOf(m)) total = withTimes(total, startOf(total), lastOf(m), this.metricKind)
      }
      return new SummedMetric(total ?? null)
    }
    if (key.type !== 'string') throw evalError(`Cannot run Sum(${key.type === 'number' ? key.value : '…'}) on metrics: the key must be a string such as 'RxBytes'`)
    const all = this.#all()
    // the counters upstream knows plus any other number the metrics carry (RTT of flow metrics)
    const known = new Set([...KNOWN_COUNTERS[this.metricKind], ...all.flatMap((m) => counters(m, 'interface'))])
    if (!known.has(key.value)) {
      throw evalError(`Cannot sum '${key.value}' of metrics: it is not a counter of these metrics`,
        `counters include ${KNOWN_COUNTERS[this.metricKind].slice(0, 4).map((k) => `'${k}'`).join(', ')}`)
    }
    let total = 0
    for (const m of all) total += typeof m[key.value] === 'number' ? (m[key.value] as number) : 0
    return { kind: 'value', g: ctx.root, result: 'number', value: total }
  }

  /** Sums the metrics into time slices of `sliceSeconds` (default 30), see aggregateMetrics. */
  #aggregate(step: Step, ctx: EvalContext): Traversal {
    const p = step.params[0]
    const sliceMs = (p?.type === 'number' ? p.value : 30) * 1000
    let aggregated: Metric[]
    try {
      aggregated = aggregateMetrics(this.byKey, sliceMs, this.metricKind, ctx.maxStepElements)
    } catch (err) {
      if (!(err instanceof RangeError)) throw err
      throw evalError(`Cannot run Aggregates(${sliceMs / 1000}): ${err.message}`, 'give a longer slice length in seconds')
    }
    return new MetricsTraversal(new Map([['Aggregated', aggregated]]), this.metricKind)
  }

  /** `[]` or `[{"<id>": [metric…]}]` (spec/api.md §3.4). */
  result(): GremlinResult {
    return { kind: 'metrics', json: this.byKey.size ? [sortedObject(this.byKey)] : [] }
  }
}

/** `Metrics().Sum()`: one metric object (null when there were none, as upstream's nil). */
class SummedMetric implements CustomTraversal {
  readonly kind = 'custom'
  readonly label = 'a summed metric'
  constructor(readonly total: Metric | null) {}

  run(): Traversal | undefined {
    return undefined
  }

  result(): GremlinResult {
    return { kind: 'metrics', json: this.total }
  }
}
