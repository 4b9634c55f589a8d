/** Steps that start from a graph: G, V, E, Context (spec/api.md §5.4, §5.6). */
import type { Node } from '../../graph/index.js'
import { SkydiveError } from '../../errors.js'
import type { Param } from '../ast.js'
import type { GraphSource, StepDef, Traversal } from '../traversal.js'
import { resolveTimeContext } from '../time-context.js'
import { elementFilter, notApplicable } from './common.js'

const idParam = (ps: readonly Param[]) =>
  ps.length > 1 || (ps[0] && ps[0].type !== 'string') ? 'at most one string ID' : undefined

function graphOf(input: Traversal, root: GraphSource): GraphSource {
  return input.kind === 'custom' ? root : input.g
}

/** `G` in the middle of a query goes back to the graph, as upstream's G step does. */
export const G: StepDef = {
  name: 'G',
  exec: (input, _step, ctx) => ({ kind: 'graph', g: graphOf(input, ctx.root) }),
}

/**
 * Nodes a following `Has(k, 'v', …)` could match, from the metadata index when one of its
 * string-valued keys is indexed: the whole filter still runs on them, so results equal a scan.
 */
function indexedCandidates(g: GraphSource, params: readonly Param[]): Node[] | undefined {
  let best: Node[] | undefined
  for (let i = 0; i + 1 < params.length; i += 2) {
    const k = params[i]!
    const v = params[i + 1]!
    if (k.type !== 'string') continue
    const key = k.value.startsWith('Metadata.') ? k.value.slice(9) : k.value
    if (!g.isIndexed(key)) continue
    let found: Node[] | undefined
    if (v.type === 'string') found = g.nodesBy(key, v.value)
    else if (v.type === 'predicate' && v.name === 'Within' && v.args.every((a) => a.type === 'string')) {
      const seen = new Set<Node>()
      for (const a of v.args) for (const n of g.nodesBy(key, (a as { value: string }).value)) seen.add(n)
      found = [...seen]
    }
    if (found && (!best || found.length < best.length)) best = found
  }
  return best
}

/** `V([id])`: every node of the graph, or the one with that ID. */
export const V: StepDef = {
  name: 'V',
  check: idParam,
  exec(input, step, ctx) {
    if (input.kind !== 'graph') throw notApplicable(step, input, 'the graph (G.V())')
    const g = input.g
    const id = step.params[0]
    if (id?.type === 'string') {
      const node = g.getNode(id.value)
      if (!node) throw new SkydiveError('node-not-found', `Node '${id.value}' does not exist`)
      return { kind: 'nodes', g, nodes: [node] }
    }
    const next = ctx.peek()
    if (next?.name === 'Count' && next.params.length === 0) {
      ctx.consume()
      return { kind: 'value', g, result: 'count', value: g.nodeCount }
    }
    // Folding of spec/api.md §5.4: V().Has(…) is one lookup, through the index when possible.
    if (next?.name === 'Has' && next.params.length >= 2) {
      ctx.consume() // first, so that an error in the filter points at the Has step
      const filter = elementFilter(next.params, 'and', 'Has')
      const candidates = indexedCandidates(g, next.params) ?? g.nodes()
      const nodes: Node[] = []
      for (const n of candidates) if (filter(n)) nodes.push(n)
      return { kind: 'nodes', g, nodes }
    }
    return { kind: 'nodes', g, nodes: [...g.nodes()] }
  },
}

/** `E([id])`: every edge of the graph, or the one with that ID. */
export const E: StepDef = {
  name: 'E',
  check: idParam,
  exec(input, step, ctx) {
    if (input.kind !== 'graph') throw notApplicable(step, input, 'the graph (G.E())')
    const g = input.g
    const id = step.params[0]
    if (id?.type === 'string') {
      const edge = g.getEdge(id.value)
      if (!edge) throw new SkydiveError('edge-not-found', `Edge '${id.value}' does not exist`)
      return { kind: 'edges', g, edges: [edge] }
    }
    const next = ctx.peek()
    if (next?.name === 'Count' && next.params.length === 0) {
      ctx.consume()
      return { kind: 'value', g, result: 'count', value: g.edgeCount }
    }
    return { kind: 'edges', g, edges: [...g.edges()] }
  },
}

/** Time travel. The memory graph keeps no history, so every Context fails once its arguments are valid. */
export const Context: StepDef = {
  name: 'Context',
  aliases: ['At'],
  check: (ps) => (ps.length < 1 || ps.length > 2 ? 'a time and an optional duration' : undefined),
  exec(input, step, ctx) {
    if (input.kind !== 'graph') throw notApplicable(step, input, 'the graph: write G.Context(…).V()…')
    resolveTimeContext(step.params, ctx.now())
    // Quirk (api spec §5.6): upstream's memory backend rejects even Context(NOW).
    throw new SkydiveError('no-history', 'Backend does not support history',
      'time travel needs a history backend; query the live graph without Context()/At()')
  },
}
