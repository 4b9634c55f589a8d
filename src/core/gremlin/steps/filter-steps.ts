/** Steps that keep, reorder or label part of a list: Has…, Dedup, Limit, Range, Sort, As, Select. */
import type { GraphElement } from '../../graph/index.js'
import type { Param, Step } from '../ast.js'
import { elementField } from '../fields.js'
import { objectAccessor, paramsFilter } from '../match.js'
import type { StepDef, Traversal } from '../traversal.js'
import { checks, elementFilter, evalError, intParam, notApplicable } from './common.js'

function filterStep(name: string, op: 'and' | 'or'): StepDef {
  return {
    name,
    exec(input, step) {
      switch (input.kind) {
        case 'nodes': { const f = elementFilter(step.params, op, name); return { ...input, nodes: input.nodes.filter(f) } }
        case 'edges': { const f = elementFilter(step.params, op, name); return { ...input, edges: input.edges.filter(f) } }
        case 'value':
          if (input.result === 'values' || input.result === 'valuemap') return filterValues(input, step, op)
      }
      throw notApplicable(step, input, 'nodes, edges, flows, sockets or values')
    },
  }
}

/** Has() after Values()/ValueMap(): keeps the map-valued entries that match. */
function filterValues(input: Extract<Traversal, { kind: 'value' }>, step: Step, op: 'and' | 'or'): Traversal {
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
  const f = paramsFilter<Record<string, unknown>>(step.params, op, step.name, objectAccessor)
  const list = Array.isArray(input.value) ? input.value : []
  return { ...input, value: list.filter((v) => isMap(v) && f(v)) }
}

/** `Has(k, v, …)`: keeps elements matching every key/value pair. */
export const Has = filterStep('Has', 'and')
/** `HasEither(k, v, …)`: keeps elements matching any key/value pair. */
export const HasEither = filterStep('HasEither', 'or')
/** `HasKey(k)`: keeps elements that have the key. */
export const HasKey: StepDef = { ...filterStep('HasKey', 'and'), check: checks.oneString }

/** `HasNot(k)`: keeps elements without the key. */
export const HasNot: StepDef = {
  name: 'HasNot',
  check: checks.oneString,
  exec(input, step) {
    const has = elementFilter(step.params, 'and', 'HasNot')
    if (input.kind === 'nodes') return { ...input, nodes: input.nodes.filter((n) => !has(n)) }
    if (input.kind === 'edges') return { ...input, edges: input.edges.filter((e) => !has(e)) }
    throw notApplicable(step, input, 'nodes, edges or flows')
  },
}

/** Identity of an element for Dedup: its ID, or the JSON of the values of the given keys (undefined: keep). */
function dedupKey(el: GraphElement, keys: readonly string[]): string | undefined {
  if (keys.length === 0) return el.ID
  const values: unknown[] = []
  for (const k of keys) {
    const f = elementField(el, k)
    if (f.found) values.push(f.value)
  }
  return values.length ? JSON.stringify(values) : undefined
}

function dedup<T>(items: readonly T[], keyOf: (t: T) => string | undefined): T[] {
  const seen = new Set<string>()
  return items.filter((t) => {
    const k = keyOf(t)
    if (k === undefined) return true
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** `Dedup([k, …])`: drops repeats, by ID or by the values of the given keys. */
export const Dedup: StepDef = {
  name: 'Dedup',
  check: (ps) => (ps.some((p) => p.type !== 'string') ? 'string keys only' : undefined),
  exec(input, step) {
    const keys = step.params.map((p) => (p as { value: string }).value)
    switch (input.kind) {
      case 'nodes': return { ...input, nodes: dedup(input.nodes, (n) => dedupKey(n, keys)) }
      case 'edges': return { ...input, edges: dedup(input.edges, (e) => dedupKey(e, keys)) }
      // Upstream: Dedup on paths gives the distinct nodes of all paths.
      case 'paths': return { kind: 'nodes', g: input.g, nodes: dedup(input.paths.flat(), (n) => dedupKey(n, keys)) }
      case 'value':
        if (Array.isArray(input.value)) return { ...input, value: dedup(input.value, (v) => JSON.stringify(v) ?? 'undefined') }
    }
    throw notApplicable(step, input, 'nodes, edges, paths, flows or values')
  },
}

/** Applies `[from, to)` to any list a traversal holds. */
export function sliceTraversal(input: Traversal, step: Step, from: number, to: number): Traversal {
  const end = Math.max(from, to)
  switch (input.kind) {
    case 'nodes': return { ...input, nodes: input.nodes.slice(from, end) }
    case 'edges': return { ...input, edges: input.edges.slice(from, end) }
    case 'paths': return { ...input, paths: input.paths.slice(from, end) }
    case 'value': if (Array.isArray(input.value)) return { ...input, value: input.value.slice(from, end) }
  }
  throw notApplicable(step, input, 'nodes, edges, paths, flows or values')
}

/** `Limit(n)`: the first n items. */
export const Limit: StepDef = {
  name: 'Limit',
  check: checks.count(1),
  exec: (input, step) => sliceTraversal(input, step, 0, intParam(step.params[0]!, 'Limit', 'the count')),
}

/** `Range(from, to)`: items from index `from` up to, not including, `to`. */
export const Range: StepDef = {
  name: 'Range',
  check: checks.count(2),
  exec: (input, step) =>
    sliceTraversal(input, step, intParam(step.params[0]!, 'Range', 'the start'), intParam(step.params[1]!, 'Range', 'the end')),
}

/** Sort parameters: `()`, `('k')`, `(ASC|DESC)`, `(ASC|DESC, 'k')`. */
export function sortParams(params: readonly Param[], defaultKey: string): { desc: boolean; key: string } {
  let desc = false
  let key = defaultKey
  for (const p of params) {
    if (p.type === 'keyword' && (p.value === 'ASC' || p.value === 'DESC')) desc = p.value === 'DESC'
    else if (p.type === 'string') key = p.value
  }
  return { desc, key }
}

const checkSort = (ps: readonly Param[]) => {
  const order = (p: Param) => p.type === 'keyword' && (p.value === 'ASC' || p.value === 'DESC')
  if (ps.length > 2) return 'at most an order and a key'
  if (ps.length === 2 && !(order(ps[0]!) && ps[1]!.type === 'string')) return 'ASC or DESC then a string key'
  if (ps.length === 1 && !(order(ps[0]!) || ps[0]!.type === 'string')) return 'ASC, DESC or a string key'
  return undefined
}

/**
 * Compares by number when the first value met is a number, else by string; elements without
 * the key go last whatever the order.
 */
export function sortBy<T>(items: readonly T[], valueOf: (t: T) => unknown, desc: boolean): T[] {
  const keyed = items.map((t) => ({ t, v: valueOf(t) }))
  const firstValue = keyed.find((k) => k.v !== undefined)?.v
  const numeric = typeof firstValue === 'number'
  const cmp = (a: unknown, b: unknown): number => {
    if (numeric) return (typeof a === 'number' ? a : Number(a)) - (typeof b === 'number' ? b : Number(b)) || 0
    const sa = typeof a === 'string' ? a : JSON.stringify(a)
    const sb = typeof b === 'string' ? b : JSON.stringify(b)
    return sa < sb ? -1 : sa > sb ? 1 : 0
  }
  return keyed
    .sort((x, y) => {
      if (x.v === undefined || y.v === undefined) return (x.v === undefined ? 1 : 0) - (y.v === undefined ? 1 : 0)
      return desc ? cmp(y.v, x.v) : cmp(x.v, y.v)
    })
    .map((k) => k.t)
}

/** `Sort([ASC|DESC], [k])`: orders nodes by a key (default CreatedAt). */
export const Sort: StepDef = {
  name: 'Sort',
  check: checkSort,
  exec(input, step) {
    if (input.kind !== 'nodes') throw notApplicable(step, input, 'nodes or flows')
    // Quirk (api spec §6): upstream's default key CreatedAt is looked up in Metadata and so does
    // not order; we sort by the element's CreatedAt, the obvious intent.
    const { desc, key } = sortParams(step.params, '@CreatedAt')
    return { ...input, nodes: sortBy(input.nodes, (n) => { const f = elementField(n, key); return f.found ? f.value : undefined }, desc) }
  },
}

/** `As(label)`: names the current nodes for a later Select. */
export const As: StepDef = {
  name: 'As',
  check: checks.oneString,
  exec(input, step, ctx) {
    if (input.kind !== 'nodes') throw notApplicable(step, input, 'nodes')
    ctx.labels.set((step.params[0] as { value: string }).value, input.nodes)
    return input
  },
}

/** `Select(label, …)`: the nodes labelled by earlier As steps. */
export const Select: StepDef = {
  name: 'Select',
  check: checks.strings(1),
  exec(input, step, ctx) {
    if (input.kind === 'custom') throw notApplicable(step, input, 'nodes')
    const nodes = step.params.flatMap((p) => {
      const name = (p as { value: string }).value
      const set = ctx.labels.get(name)
      if (!set) throw evalError(`Cannot select '${name}': no step labelled it`, `label nodes first with As('${name}')`)
      return set
    })
    return { kind: 'nodes', g: input.g, nodes }
  },
}
