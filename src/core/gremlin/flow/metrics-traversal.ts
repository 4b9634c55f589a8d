/**
 * The result of Metrics(): metric objects keyed by node ID or flow UUID, then Sum, Count,
 * Keys, Aggregates (upstream `gremlin/traversal/metrics.go`).
 */
import type { Step } from '../ast.js'
import { flattenKeys } from '../fields.js'
import { evalError, intParam } from '../steps/common.js'
import { orNull } from '../steps/value-steps.js'
import type { CustomTraversal, EvalContext, GremlinResult, Traversal } from '../traversal.js'

/** An interface or flow metric: counters plus Start/Last in ms. */
export type Metric = Record<string, unknown>

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/** Adds counters of `b` into `a`; Start keeps the earliest, Last the latest. */
function addMetric(a: Metric, b: Metric): void {
  for (const [k, v] of Object.entries(b)) {
    if (typeof v !== 'number') continue
    if (k === 'Start') a.Start = a.Start === undefined ? v : Math.min(num(a.Start), v)
    else if (k === 'Last') a.Last = a.Last === undefined ? v : Math.max(num(a.Last), v)
    else a[k] = num(a[k]) + v
  }
}

export class MetricsTraversal implements CustomTraversal {
  readonly kind = 'custom'
  readonly label = 'metrics'

  constructor(readonly byKey: Map<string, Metric[]>, readonly summed?: Metric) {}

  #all(): Metric[] {
    return [...this.byKey.values()].flat()
  }

  run(step: Step, ctx: EvalContext): Traversal | undefined {
    switch (step.name) {
      case 'Count': return { kind: 'value', g: ctx.root, result: 'count', value: this.#all().length }
      case 'Keys': {
        const keys = new Set<string>()
        for (const m of this.#all()) flattenKeys(m, '', keys)
        return { kind: 'value', g: ctx.root, result: 'keys', value: orNull([...keys]) }
      }
      case 'Sum': {
        const key = step.params[0]
        if (!key) {
          const total: Metric = {}
          for (const m of this.#all()) addMetric(total, m)
          return new MetricsTraversal(new Map(), total)
        }
        if (key.type !== 'string') throw evalError('Cannot run Sum() on metrics: the key must be a string such as \'ABBytes\'')
        let total = 0
        for (const m of this.#all()) total += num(m[key.value])
        return { kind: 'value', g: ctx.root, result: 'number', value: total }
      }
      case 'Aggregates': return this.#aggregate(step)
      default: return undefined
    }
  }

  /** Sums the metrics into time slices of `sliceSeconds` (default 30) by their Start time. */
  #aggregate(step: Step): Traversal {
    const p = step.params[0]
    const sliceMs = (p ? intParam(p, 'Aggregates', 'the slice length') : 30) * 1000
    if (sliceMs <= 0) throw evalError('Cannot run Aggregates(0): the slice length must be at least 1 second')
    const slices = new Map<number, Metric>()
    for (const m of this.#all()) {
      const start = Math.floor(num(m.Start) / sliceMs) * sliceMs
      let s = slices.get(start)
      if (!s) slices.set(start, (s = {}))
      addMetric(s, m)
      s.Start = start
      s.Last = start + sliceMs
    }
    const aggregated = [...slices.entries()].sort((a, b) => a[0] - b[0]).map(([, m]) => m)
    return new MetricsTraversal(new Map([['Aggregated', aggregated]]))
  }

  /** `[]` or `[{"<id>": [metric…]}]`; after Sum() without key, the summed metric object. */
  result(): GremlinResult {
    if (this.summed) return { kind: 'metrics', json: this.summed }
    return { kind: 'metrics', json: this.byKey.size ? [Object.fromEntries(this.byKey)] : [] }
  }
}
