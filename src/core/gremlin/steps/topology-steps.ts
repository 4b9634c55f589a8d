/**
 * Descendants, Ascendants, Neighbors: the extension steps of upstream
 * `gremlin/traversal/{descendants,ascendants,neighbors}.go` (spec/api.md §5.4).
 */
import type { Edge, Node } from '../../graph/index.js'
import type { Param, Step } from '../ast.js'
import type { GraphSource, GremlinExtension, StepDef } from '../traversal.js'
import { elementFilter, intParam, notApplicable } from './common.js'
import { nodeEdges } from './move-steps.js'

const OWNERSHIP: Param[] = [
  { type: 'string', value: 'RelationType', offset: 0 },
  { type: 'string', value: 'ownership', offset: 0 },
]

/** `([k, v, …][, depth])`: an OR filter on edges (default RelationType ownership) and a depth. */
function parseArgs(step: Step, defaultDepth: number): { edgeOk: (e: Edge) => boolean; depth: number } {
  const ps = step.params
  const hasDepth = ps.length % 2 === 1
  const pairs = hasDepth ? ps.slice(0, -1) : ps
  const depth = hasDepth ? intParam(ps[ps.length - 1]!, step.name, 'the depth') : defaultDepth
  return { edgeOk: elementFilter(pairs.length ? pairs : OWNERSHIP, 'or', step.name), depth }
}

type Next = (g: GraphSource, n: Node, edgeOk: (e: Edge) => boolean) => Array<string>

/** Start nodes, then breadth-first the nodes `next` reaches, up to `depth` levels (0 = unlimited when `zeroIsAll`). */
function expand(name: string, defaultDepth: number, zeroIsAll: boolean, next: Next): StepDef {
  return {
    name,
    exec(input, step) {
      if (input.kind !== 'nodes') throw notApplicable(step, input, 'nodes')
      const { g } = input
      const { edgeOk, depth } = parseArgs(step, defaultDepth)
      const limit = depth === 0 && zeroIsAll ? Infinity : depth
      const seen = new Set<string>()
      const out: Node[] = []
      let frontier: Node[] = []
      for (const n of input.nodes) if (!seen.has(n.ID)) { seen.add(n.ID); out.push(n); frontier.push(n) }
      for (let level = 0; level < limit && frontier.length; level++) {
        const nextFrontier: Node[] = []
        for (const n of frontier) {
          for (const id of next(g, n, edgeOk)) {
            if (seen.has(id)) continue
            const m = g.getNode(id)
            if (!m) continue
            seen.add(id)
            out.push(m)
            nextFrontier.push(m)
          }
        }
        frontier = nextFrontier
      }
      return { kind: 'nodes', g, nodes: out }
    },
  }
}

const children: Next = (g, n, ok) => g.outEdges(n.ID).filter(ok).map((e) => e.Child)
const parents: Next = (g, n, ok) => g.inEdges(n.ID).filter(ok).map((e) => e.Parent)
const both: Next = (g, n, ok) => nodeEdges(g, n.ID).filter(ok).map((e) => (e.Parent === n.ID ? e.Child : e.Parent))

/** `Descendants([k, v, …][, depth])`: nodes below, through ownership edges by default. */
export const Descendants = expand('Descendants', 1, true, children)
/** `Ascendants([k, v, …][, depth])`: nodes above, through ownership edges by default. */
export const Ascendants = expand('Ascendants', 1, true, parents)
/** Neighbors: depth 0 = the start nodes only (spec/api.md §5.4). */
export const Neighbors = expand('Neighbors', 1, false, both)

/** The topology helper steps as an extension. */
export const topologyExtension: GremlinExtension = { steps: [Descendants, Ascendants, Neighbors] }
