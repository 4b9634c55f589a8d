/**
 * Metric arithmetic of upstream `common.Metric` (topology/metrics.go `InterfaceMetric`,
 * flow/flow.go `FlowMetric`): add, split at a time by ratio, and the time-slice aggregation
 * of `gremlin/traversal/metrics.go`. Counters are int64 upstream: ratios truncate toward zero.
 */

/** An interface or flow metric: counters plus Start/Last in ms. */
export type Metric = Record<string, unknown>

/**
 * `flow`: FlowMetric (four counters, always written; the rest, RTT included, is dropped by
 * arithmetic as upstream's Add does); `interface`: InterfaceMetric / sFlow / OVS counters
 * (every numeric field but Start/Last; zero fields omitted, as Go's omitempty does).
 */
export type MetricKind = 'flow' | 'interface'

const FLOW_COUNTERS = ['ABPackets', 'ABBytes', 'BAPackets', 'BABytes'] as const

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/** Start and Last of a metric (0 when missing, as Go's zero value). */
export const startOf = (m: Metric): number => num(m.Start)
export const lastOf = (m: Metric): number => num(m.Last)

/** Names of the counters of `m`. */
export function counters(m: Metric, kind: MetricKind): string[] {
  if (kind === 'flow') return [...FLOW_COUNTERS]
  return Object.keys(m).filter((k) => k !== 'Start' && k !== 'Last' && typeof m[k] === 'number')
}

/** A metric built from counter values, Start and Last, in upstream's JSON field order. */
function make(values: Map<string, number>, start: number, last: number, kind: MetricKind): Metric {
  const out: Metric = {}
  for (const [k, v] of values) if (kind === 'flow' || v !== 0) out[k] = v
  if (kind === 'flow' || start !== 0) out.Start = start
  if (kind === 'flow' || last !== 0) out.Last = last
  return out
}

function valuesOf(m: Metric, kind: MetricKind, f: (v: number) => number = (v) => v): Map<string, number> {
  return new Map(counters(m, kind).map((k) => [k, f(num(m[k]))]))
}

/** `a.Add(b)`: counters summed, Start and Last of `a`. */
export function addMetrics(a: Metric, b: Metric, kind: MetricKind): Metric {
  const values = valuesOf(a, kind)
  for (const [k, v] of valuesOf(b, kind)) values.set(k, (values.get(k) ?? 0) + v)
  return make(values, startOf(a), lastOf(a), kind)
}

/** True when every counter is zero. */
function isZero(m: Metric, kind: MetricKind): boolean {
  return counters(m, kind).every((k) => num(m[k]) === 0)
}

/** A normalised copy (arithmetic field set) of a metric with new Start/Last. */
export function withTimes(m: Metric, start: number, last: number, kind: MetricKind): Metric {
  return make(valuesOf(m, kind), start, last, kind)
}

/**
 * `m.Split(cut)`: the parts before and after `cut`, counters shared by the ratio of time.
 * The interface part after the cut is computed by its own ratio (truncation may lose a unit);
 * the flow part after the cut is the remainder (nothing lost), as upstream does.
 */
export function splitMetric(m: Metric, cut: number, kind: MetricKind): [Metric | undefined, Metric | undefined] {
  const start = startOf(m)
  const last = lastOf(m)
  if (cut < start) return [undefined, m]
  if (cut > last || start === last || cut === last) return [m, undefined]
  if (cut === start) return [undefined, m]
  const duration = last - start
  const before = valuesOf(m, kind, (v) => Math.trunc(v * ((cut - start) / duration)))
  const after = kind === 'flow'
    ? new Map([...valuesOf(m, kind)].map(([k, v]) => [k, v - (before.get(k) ?? 0)]))
    : valuesOf(m, kind, (v) => Math.trunc(v * ((last - cut) / duration)))
  return [make(before, start, cut, kind), make(after, cut, last, kind)]
}

/** upstream `slice`: the parts of m before, inside and after [start, last). */
function slice(m: Metric, start: number, last: number, kind: MetricKind): [Metric | undefined, Metric | undefined] {
  const [, rest] = splitMetric(m, start, kind)
  if (!rest || isZero(rest, kind)) return [undefined, undefined]
  const [inside, after] = splitMetric(rest, last, kind)
  // A slice too small for the ratio to leave anything: the whole metric counts in it.
  if (inside && isZero(inside, kind) && startOf(m) >= start && startOf(m) < last) return [m, undefined]
  return [inside, after]
}

/**
 * Adds one element's metrics (sorted by Start) into the slices of `result`: slice j covers
 * [start + j·len, start + (j+1)·len) clipped to `last` (upstream `aggregateMetrics`).
 */
function aggregateInto(metrics: readonly Metric[], start: number, last: number, len: number, result: Array<Metric | undefined>, kind: MetricKind): void {
  const pending = [...metrics]
  let sStart = start
  let sLast = start + len
  let i = 0
  let j = 0
  while (j < result.length && i < pending.length) {
    if (sLast > last) sLast = last
    const [inside, after] = slice(pending[i]!, sStart, sLast, kind)
    if (inside) {
      const cur = result[j]
      result[j] = cur ? addMetrics(cur, inside, kind) : withTimes(inside, sStart, sLast, kind)
      if (after && !isZero(after, kind)) pending[i] = after
      else i++
    } else {
      sStart += len
      sLast += len
      j++
    }
  }
}

/**
 * Upstream `Aggregates`: the metrics of every element summed per time slice of `sliceMs`,
 * from the earliest Start to the latest Last (no time context: the memory graph keeps no
 * history), metrics spanning slices shared by ratio; empty slices left out.
 * Throws RangeError (caught by the caller) past `maxSlices`.
 */
export function aggregateMetrics(byKey: ReadonlyMap<string, readonly Metric[]>, sliceMs: number, kind: MetricKind, maxSlices: number): Metric[] {
  let start = 0
  let last = 0
  for (const list of byKey.values()) {
    for (const m of list) {
      // Quirk (upstream metrics.go): a zero Start is replaced by the next metric's, so it never wins.
      if (start === 0 || start > startOf(m)) start = startOf(m)
      if (last < lastOf(m)) last = lastOf(m)
    }
  }
  const steps = Math.ceil((last - start) / sliceMs)
  if (steps > maxSlices) throw new RangeError(`${steps} slices of ${sliceMs / 1000} s are more than ${maxSlices}`)
  const result: Array<Metric | undefined> = new Array<Metric | undefined>(Math.max(steps, 0)).fill(undefined)
  for (const list of byKey.values()) {
    aggregateInto([...list].sort((a, b) => startOf(a) - startOf(b)), start, last, sliceMs, result, kind)
  }
  return result.filter((m): m is Metric => m !== undefined)
}
