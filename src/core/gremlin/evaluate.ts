/**
 * Runs a parsed query step by step (upstream `GremlinTraversalSequence.Exec`). A state made
 * by an extension gets the first chance to run a step; otherwise the step's definition runs.
 */
import { SkydiveError } from '../errors.js'
import type { GremlinQuery, Step } from './ast.js'
import { GremlinEvalError } from './syntax-error.js'
import type { EvalContext, FlowStore, GraphSource, GremlinResult, StepDef, Traversal } from './traversal.js'

/** Evaluates `query` on `graph`; throws SkydiveError. */
export function evaluate(query: GremlinQuery, table: ReadonlyMap<string, StepDef>,
  env: { graph: GraphSource; flows?: FlowStore | undefined; now: () => number; maxStepElements: number }): GremlinResult {
  const steps = query.steps
  let i = 0
  const ctx: EvalContext = {
    root: env.graph,
    flows: env.flows,
    labels: new Map(),
    peek: () => steps[i + 1],
    consume: () => { i++ },
    now: env.now,
    maxStepElements: env.maxStepElements,
  }
  let state: Traversal = { kind: 'graph', g: env.graph }
  for (; i < steps.length; i++) {
    try {
      state = runStep(state, steps[i]!, table, ctx)
    } catch (err) {
      // steps[i], not the step started with: a folded step (V().Has()) fails at its own place
      throw positioned(err, query, steps[i]!)
    }
  }
  return toResult(state)
}

function runStep(state: Traversal, step: Step, table: ReadonlyMap<string, StepDef>, ctx: EvalContext): Traversal {
  if (state.kind === 'custom') {
    const next: Traversal | undefined = state.run(step, ctx)
    if (next) return next
  }
  // The parser only accepts names of the table, so the lookup cannot fail.
  return table.get(step.name.toUpperCase())!.exec(state, step, ctx)
}

/**
 * A step's 'gremlin-eval' error, prefixed with the step's position. Other codes (node-not-found,
 * no-history) keep upstream's exact texts, which clients compare (spec/api.md §3.3).
 */
function positioned(err: unknown, query: GremlinQuery, step: Step): unknown {
  if (!(err instanceof SkydiveError) || err.code !== 'gremlin-eval' || err instanceof GremlinEvalError) return err
  return new GremlinEvalError(query.text, step.offset, err.message, err.hint, { cause: err })
}

/** The JSON of spec/api.md §3.4 for the final state. */
export function toResult(state: Traversal): GremlinResult {
  switch (state.kind) {
    case 'graph': {
      const graph = state.g.toWire()
      return { kind: 'graph', json: [graph], graph }
    }
    case 'nodes': return { kind: 'nodes', json: state.nodes }
    case 'edges': return { kind: 'edges', json: state.edges }
    case 'paths': return { kind: 'paths', json: state.paths }
    case 'value': return { kind: state.result, json: state.value }
    case 'custom': return state.result()
  }
}
