/**
 * @module core/gremlin
 * The Gremlin dialect of Skydive (spec/api.md §5): lexer, parser to a typed AST, evaluator
 * over the graph, and the extension hook through which flow steps plug in. Pure: no I/O.
 */
import { SkydiveError } from '../errors.js'
import type { Graph } from '../graph/index.js'
import type { GremlinQuery } from './ast.js'
import { CORE_STEPS, stepTable } from './core-steps.js'
import { evaluate } from './evaluate.js'
import { flowExtension } from './flow/flow-extension.js'
import { parseQuery } from './parser.js'
import { nextHopExtension } from './steps/next-hop.js'
import { topologyExtension } from './steps/topology-steps.js'
import type { FlowStore, GremlinExtension, GremlinResult, StepDef } from './traversal.js'

export { GremlinEvalError, GremlinSyntaxError } from './syntax-error.js'
export type { GremlinQuery, Step, Param, PredicateName, BareKeyword } from './ast.js'
export type {
  FlowStore, Flow, GremlinResult, ResultKind, GremlinExtension, StepDef, Traversal, CustomTraversal, EvalContext, GraphSource,
} from './traversal.js'
export { resolveTimeContext } from './time-context.js'
export { CORE_STEPS } from './core-steps.js'
export { topologyExtension } from './steps/topology-steps.js'
export { nextHopExtension, NextHopTraversal, type NextHop } from './steps/next-hop.js'
export { flowExtension } from './flow/flow-extension.js'
export { FlowTraversal } from './flow/flow-traversal.js'
export { SocketsTraversal, type Socket } from './flow/sockets-traversal.js'
export { MetricsTraversal, type Metric } from './flow/metrics-traversal.js'

/**
 * Extensions every query gets: topology helpers, NextHop and flow steps (spec/api.md §5.4).
 * To add a step, pass `[...DEFAULT_EXTENSIONS, myExtension]` as
 * `extensions`; a step that works on flows checks `input instanceof FlowTraversal`.
 * @example
 * const protocols: GremlinExtension = { steps: [{
 *   name: 'Protocols',
 *   exec: (input, step, ctx) => {
 *     if (!(input instanceof FlowTraversal)) throw new SkydiveError('gremlin-eval', 'Cannot run Protocols() on nodes: it applies to flows')
 *     return { kind: 'value', g: ctx.root, result: 'values', value: input.flows.map((f) => f.Application) }
 *   },
 * }] }
 * runGremlin('G.Flows().Protocols()', { graph, flows, extensions: [...DEFAULT_EXTENSIONS, protocols] })
 */
export const DEFAULT_EXTENSIONS: readonly GremlinExtension[] = [topologyExtension, nextHopExtension, flowExtension]

/** What a query runs against. */
export interface GremlinContext {
  graph: Graph
  /** where Flows() reads; without it Flows() returns [] */
  flows?: FlowStore
  /** extra steps; replaces DEFAULT_EXTENSIONS when given (include them to keep flow steps) */
  extensions?: readonly GremlinExtension[]
  /** most elements one step may produce before the query fails (default 5,000,000) */
  maxStepElements?: number
}

/** Default of GremlinContext.maxStepElements. */
export const DEFAULT_MAX_STEP_ELEMENTS = 5_000_000

const tables = new WeakMap<readonly GremlinExtension[], Map<string, StepDef>>()

function tableFor(extensions: readonly GremlinExtension[]): Map<string, StepDef> {
  let t = tables.get(extensions)
  if (!t) tables.set(extensions, (t = stepTable([...CORE_STEPS, ...extensions.flatMap((e) => e.steps)])))
  return t
}

/**
 * Parses a query into its typed AST. Throws GremlinSyntaxError.
 * @example
 * parseGremlin("G.V().Has('Type', 'host')").steps.map((s) => s.name) // ['V', 'Has']
 */
export function parseGremlin(text: string, extensions: readonly GremlinExtension[] = DEFAULT_EXTENSIONS): GremlinQuery {
  return parseQuery(text, tableFor(extensions))
}

/**
 * Parses and runs a query. Throws SkydiveError only: GremlinSyntaxError for malformed text,
 * GremlinEvalError (positioned, code 'gremlin-eval') for a step that cannot run,
 * 'gremlin-eval' / 'node-not-found' / 'no-history' for evaluation problems.
 * @example
 * runGremlin("G.V().Has('Type', 'host').Count()", { graph }).json // 3
 */
export function runGremlin(text: string, ctx: GremlinContext): GremlinResult {
  try {
    const extensions = ctx.extensions ?? DEFAULT_EXTENSIONS
    const query = parseQuery(text, tableFor(extensions))
    return evaluate(query, tableFor(extensions), {
      graph: ctx.graph, flows: ctx.flows, now: () => ctx.graph.now(), maxStepElements: ctx.maxStepElements ?? DEFAULT_MAX_STEP_ELEMENTS,
    })
  } catch (err) {
    if (err instanceof SkydiveError) throw err
    // Contract: nothing but SkydiveError leaves the engine (e.g. RangeError on a huge result).
    throw new SkydiveError('gremlin-eval', `Cannot run query "${text.slice(0, 200)}": ${err instanceof Error ? err.message : String(err)}`,
      undefined, { cause: err })
  }
}
