/**
 * The typed AST of a Gremlin query (spec/api.md §5.2). Every node keeps the offset where it
 * starts in the query text, so evaluation errors can point at it too.
 */

/** Predicates of spec/api.md §5.3, in canonical spelling. */
export const PREDICATE_NAMES = [
  'NE', 'NEE', 'LT', 'GT', 'LTE', 'GTE', 'Inside', 'Outside', 'Between', 'Within', 'Without', 'Regex', 'IPV4Range',
] as const
export type PredicateName = (typeof PREDICATE_NAMES)[number]

/** Bare keywords usable as parameters besides TRUE/FALSE (which become booleans). */
export type BareKeyword = 'ASC' | 'DESC' | 'NOW' | 'FOREVER'

/** One step parameter. */
export type Param =
  | { type: 'string'; value: string; offset: number }
  /** `integer` is false for literals with a dot or beyond int64 (upstream parses those as float64) */
  | { type: 'number'; value: number; integer: boolean; offset: number }
  | { type: 'boolean'; value: boolean; offset: number }
  | { type: 'keyword'; value: BareKeyword; offset: number }
  | { type: 'predicate'; name: PredicateName; args: Param[]; offset: number }
  /** `Metadata(k, v, …)`, used by ShortestPathTo */
  | { type: 'metadata'; args: Param[]; offset: number }

/** One step: `name` is the canonical spelling (`has` and `HAS` both give `Has`; `At` gives `Context`). */
export interface Step {
  name: string
  /** the name as the user wrote it */
  written: string
  params: Param[]
  offset: number
  /** false only for a bare `G` step */
  parens: boolean
}

/** A parsed query: the steps after the leading `G`. */
export interface GremlinQuery {
  text: string
  steps: Step[]
}

/** Short human form of a parameter for error messages. */
export function describeParam(p: Param): string {
  switch (p.type) {
    case 'string': return `'${p.value}'`
    case 'number': return String(p.value)
    case 'boolean': return p.value ? 'TRUE' : 'FALSE'
    case 'keyword': return p.value
    case 'predicate': return `${p.name}(…)`
    case 'metadata': return 'Metadata(…)'
  }
}
