/** Steps that turn a list into values: Count, Values, ValueMap, Keys, Sum (spec/api.md §5.4). */
import type { Node } from '../../graph/index.js'
import type { Step } from '../ast.js'
import { ATTRIBUTE_KEYS, elementField, elementValues, flattenKeys } from '../fields.js'
import { toInt } from '../match.js'
import type { StepDef, Traversal } from '../traversal.js'
import { checks, evalError, notApplicable } from './common.js'

/** `Count()`: the number of items. */
export const Count: StepDef = {
  name: 'Count',
  check: checks.none,
  exec(input, step) {
    const g = input.kind === 'custom' ? undefined : input.g
    let n: number | undefined
    switch (input.kind) {
      case 'nodes': n = input.nodes.length; break
      case 'edges': n = input.edges.length; break
      case 'paths': n = input.paths.length; break
      case 'value': if (Array.isArray(input.value)) n = input.value.length; break
    }
    if (n === undefined || !g) throw notApplicable(step, input, 'nodes, edges, paths, flows, sockets, metrics or values')
    return { kind: 'value', g, result: 'count', value: n }
  },
}

function nodesOnly(input: Traversal, step: Step): Extract<Traversal, { kind: 'nodes' }> {
  if (input.kind === 'nodes') return input
  throw notApplicable(step, input, 'nodes, flows or sockets')
}

/** True for an empty array or object, which Values() skips as upstream does. */
export function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0
  return v !== null && typeof v === 'object' && Object.keys(v).length === 0
}

/** Quirk (api spec §6): upstream serialises an empty result of Values/ValueMap/Keys as null. */
export const orNull = (list: unknown[]): unknown[] | null => (list.length ? list : null)

/** `Values(k)`: the value of a key, one per node that has it (empty collections skipped). */
export const Values: StepDef = {
  name: 'Values',
  check: checks.oneString,
  exec(input, step) {
    const { g, nodes } = nodesOnly(input, step)
    const key = (step.params[0] as { value: string }).value
    const out: unknown[] = []
    for (const n of nodes) {
      const f = elementField(n, key)
      if (f.found && !isEmptyCollection(f.value)) out.push(f.value)
    }
    return { kind: 'value', g, result: 'values', value: orNull(out) }
  },
}

/** `ValueMap(k, …)`: per node, a map of those of the given keys it has. */
export const ValueMap: StepDef = {
  name: 'ValueMap',
  check: checks.strings(1),
  exec(input, step) {
    const { g, nodes } = nodesOnly(input, step)
    const keys = step.params.map((p) => (p as { value: string }).value)
    const out: Array<Record<string, unknown>> = []
    for (const n of nodes) {
      const m: Record<string, unknown> = {}
      let any = false
      for (const k of keys) {
        const f = elementField(n, k)
        if (f.found) { m[k] = f.value; any = true }
      }
      if (any) out.push(m)
    }
    return { kind: 'value', g, result: 'valuemap', value: orNull(out) }
  },
}

/** Attribute keys then flattened metadata keys of nodes, first-seen order. */
export function nodeKeys(nodes: readonly Node[]): string[] {
  if (nodes.length === 0) return []
  const keys = new Set<string>(ATTRIBUTE_KEYS)
  for (const n of nodes) flattenKeys(n.Metadata, '', keys)
  return [...keys]
}

/** `Keys()`: the attribute and metadata keys the nodes carry. */
export const Keys: StepDef = {
  name: 'Keys',
  check: checks.none,
  exec(input, step) {
    const { g, nodes } = nodesOnly(input, step)
    return { kind: 'value', g, result: 'keys', value: orNull(nodeKeys(nodes)) }
  },
}

/** `Sum(k)`: the sum of a numeric key over the nodes. */
export const Sum: StepDef = {
  name: 'Sum',
  check: (ps) => (ps.length > 1 || (ps[0] && ps[0].type !== 'string') ? 'at most one string key' : undefined),
  exec(input, step) {
    const { g, nodes } = nodesOnly(input, step)
    const key = step.params[0]
    if (key?.type !== 'string') throw evalError(`Cannot run Sum() on nodes without a key: give the key to add up, e.g. Sum('MTU')`)
    let total = 0
    // A path through a list (Sockets.LocalPort) adds every value found; upstream fails there.
    for (const n of nodes) {
      for (const v of elementValues(n, key.value).flat()) {
        const i = toInt(v)
        if (i === undefined) throw evalError(`Cannot sum '${key.value}' of node '${n.ID}': its value ${JSON.stringify(v)} is not a number`)
        total += i
      }
    }
    return { kind: 'value', g, result: 'number', value: total }
  },
}
