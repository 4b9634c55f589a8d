/** The built-in steps of upstream `traversal_parser.go` (spec/api.md §5.4), in one list. */
import { Dedup, Has, HasEither, HasKey, HasNot, Limit, Range, Sort, As, Select } from './steps/filter-steps.js'
import { Both, BothE, BothV, In, InE, InV, Out, OutE, OutV } from './steps/move-steps.js'
import { ShortestPathTo, SubGraph } from './steps/path-steps.js'
import { Context, E, G, V } from './steps/source-steps.js'
import { Count, Keys, Sum, ValueMap, Values } from './steps/value-steps.js'
import type { StepDef } from './traversal.js'

/** Every core step. */
export const CORE_STEPS: readonly StepDef[] = [
  G, V, E, Context,
  Has, HasEither, HasKey, HasNot, Dedup, Limit, Range, Sort, As, Select,
  Out, In, Both, OutE, InE, BothE, OutV, InV, BothV,
  Count, Values, ValueMap, Keys, Sum,
  ShortestPathTo, SubGraph,
]

/** Step table keyed by upper-cased name and aliases; later definitions of a name win. */
export function stepTable(steps: readonly StepDef[]): Map<string, StepDef> {
  const table = new Map<string, StepDef>()
  for (const s of steps) for (const n of [s.name, ...(s.aliases ?? [])]) table.set(n.toUpperCase(), s)
  return table
}
