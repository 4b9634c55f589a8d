/**
 * Runs a parsed query step by step (upstream `GremlinTraversalSequence.Exec`). A state made
 * by an extension gets the first chance to run a step; otherwise the step's definition runs.
 */
import type { GremlinQuery } from './ast.js'
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
    const step = steps[i]!
    if (state.kind === 'custom') {
      const next: Traversal | undefined = state.run(step, ctx)
      if (next) { state = next; continue }
    }
    // The parser only accepts names of the table, so the lookup cannot fail.
    state = table.get(step.name.toUpperCase())!.exec(state, step, ctx)
  }
  return toResult(state)
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
