/** ShortestPathTo (nodes → paths) and SubGraph (nodes, edges or paths → graph). */
import type { Edge, GraphElement, Node } from '../../graph/index.js'
import type { Param } from '../ast.js'
import { SubGraph as SubGraphSource } from '../sub-graph.js'
import type { GraphSource, StepDef } from '../traversal.js'
import { elementFilter, evalError, notApplicable, optionalFilter } from './common.js'

/** The matcher of a `Metadata(k, v, …)` parameter: AND of its pairs, predicates allowed. */
function metadataFilter(p: Param): (el: GraphElement) => boolean {
  if (p.type !== 'metadata') throw evalError('Cannot run ShortestPathTo(): its arguments must be Metadata(…)')
  if (p.args.length === 0) return () => true
  if (p.args.length % 2 !== 0) {
    throw evalError(`Cannot use Metadata() with ${p.args.length} arguments: params should be a list of key,value`)
  }
  return elementFilter(p.args, 'and', 'Metadata')
}

/** Breadth-first search over edges in both directions from `start` to the first node matching `target`. */
export function shortestPath(g: GraphSource, start: Node, target: (n: Node) => boolean,
  edgeOk: ((e: Edge) => boolean) | undefined): Node[] | undefined {
  const prev = new Map<string, Node | null>([[start.ID, null]])
  const queue: Node[] = [start]
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!
    if (target(node)) {
      const path: Node[] = []
      for (let n: Node | null | undefined = node; n; n = prev.get(n.ID)) path.push(n)
      return path.reverse()
    }
    // Out-edges then in-edges; no closure per node (this loop runs once per reachable node).
    const out = g.outEdges(node.ID)
    const inn = g.inEdges(node.ID)
    for (let k = 0; k < out.length + inn.length; k++) {
      const e = k < out.length ? out[k]! : inn[k - out.length]!
      const otherId = k < out.length ? e.Child : e.Parent
      if (prev.has(otherId) || (edgeOk && !edgeOk(e))) continue
      const other = g.getNode(otherId)
      if (!other) continue
      prev.set(otherId, node)
      queue.push(other)
    }
  }
  return undefined
}

/** `ShortestPathTo(Metadata(…)[, Metadata(…)])`: from each node, the shortest path to a matching node. */
export const ShortestPathTo: StepDef = {
  name: 'ShortestPathTo',
  check: (ps) => {
    if (ps.length < 1 || ps.length > 2) return 'one or two Metadata(…) arguments'
    return ps.every((p) => p.type === 'metadata') ? undefined : 'Metadata(…) arguments only'
  },
  exec(input, step) {
    if (input.kind !== 'nodes') throw notApplicable(step, input, 'nodes')
    const target = metadataFilter(step.params[0]!)
    const edgeOk = step.params[1] ? metadataFilter(step.params[1]) : undefined
    const paths: Node[][] = []
    for (const n of input.nodes) {
      const path = shortestPath(input.g, n, target, edgeOk)
      if (path) paths.push(path)
    }
    return { kind: 'paths', g: input.g, paths }
  },
}

/** `SubGraph([k, v, …])`: the elements in hand as a graph to query further. */
export const SubGraph: StepDef = {
  name: 'SubGraph',
  exec(input, step) {
    const edgeOk = optionalFilter(step.params, 'SubGraph')
    const keep = (e: Edge) => !edgeOk || edgeOk(e)
    switch (input.kind) {
      case 'nodes':
      case 'paths': {
        const nodes = input.kind === 'nodes' ? input.nodes : input.paths.flat()
        const ids = new Set(nodes.map((n) => n.ID))
        const edges: Edge[] = []
        for (const n of nodes) for (const e of input.g.outEdges(n.ID)) if (ids.has(e.Child) && keep(e)) edges.push(e)
        return { kind: 'graph', g: new SubGraphSource(nodes, edges) }
      }
      case 'edges': {
        const edges = input.edges.filter(keep)
        const nodes: Node[] = []
        for (const e of edges) {
          for (const id of [e.Parent, e.Child]) { const n = input.g.getNode(id); if (n) nodes.push(n) }
        }
        return { kind: 'graph', g: new SubGraphSource(nodes, edges) }
      }
    }
    throw notApplicable(step, input, 'nodes, edges or paths')
  },
}
