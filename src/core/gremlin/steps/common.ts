/** Helpers shared by the step definitions: errors, element filters, integer parameters. */
import type { GraphElement } from '../../graph/index.js'
import { SkydiveError } from '../../errors.js'
import { type Param, type Step, describeParam } from '../ast.js'
import { elementAccessor } from '../fields.js'
import { paramsFilter } from '../match.js'
import type { EvalContext, Traversal } from '../traversal.js'

/** What a traversal holds, for messages: "nodes", "edges", "the graph"… */
export function labelOf(t: Traversal): string {
  switch (t.kind) {
    case 'graph': return 'the graph'
    case 'nodes': return 'nodes'
    case 'edges': return 'edges'
    case 'paths': return 'paths'
    case 'value': return t.result === 'count' || t.result === 'number' ? 'a number' : t.result === 'keys' ? 'keys' : 'values'
    case 'custom': return t.label
  }
}

/** A gremlin-eval error. */
export function evalError(message: string, hint?: string): SkydiveError {
  return new SkydiveError('gremlin-eval', message, hint)
}

/** The error for a step that does not apply to what the previous step produced. */
export function notApplicable(step: Step, input: Traversal, appliesTo: string): SkydiveError {
  return evalError(`Cannot run ${step.written}() on ${labelOf(input)}: ${step.name}() applies to ${appliesTo}`)
}

/** Fails when a step's output passed `ctx.maxStepElements`. */
export function checkSize(length: number, step: string, ctx: EvalContext): void {
  if (length > ctx.maxStepElements) {
    throw evalError(`Cannot run ${step}(): it produces more than ${ctx.maxStepElements} elements`, 'add Dedup() between steps or filter earlier')
  }
}

/** AND/OR filter over graph elements from Has-style parameters. */
export function elementFilter(params: readonly Param[], op: 'and' | 'or', step: string): (el: GraphElement) => boolean {
  return paramsFilter<GraphElement>(params, op, step, elementAccessor)
}

/** Filter of the optional parameters of Out(), InE()…: none = everything. */
export function optionalFilter(params: readonly Param[], step: string): ((el: GraphElement) => boolean) | undefined {
  return params.length === 0 ? undefined : elementFilter(params, 'and', step)
}

/** A parameter that must be a non-negative integer (Limit, Range, depths). */
export function intParam(p: Param, step: string, what: string): number {
  if (p.type !== 'number' || !p.integer) throw evalError(`Cannot use ${describeParam(p)} as ${what} of ${step}(): expected an integer`)
  return p.value
}

/** Parse-time check helpers: each returns what was expected, or undefined when fine. */
export const checks = {
  none: (ps: readonly Param[]) => (ps.length ? 'no arguments' : undefined),
  oneString: (ps: readonly Param[]) => (ps.length !== 1 || ps[0]!.type !== 'string' ? 'one string key' : undefined),
  strings: (min: number) => (ps: readonly Param[]) =>
    ps.length < min || ps.some((p) => p.type !== 'string') ? `${min > 0 ? `at least ${min} ` : ''}string key${min === 1 ? '' : 's'}` : undefined,
  count: (n: number) => (ps: readonly Param[]) => (ps.length !== n ? `${n} argument${n > 1 ? 's' : ''}` : undefined),
}
