/**
 * Steps that walk edges: Out/In/Both (nodes → nodes), OutE/InE/BothE (nodes → edges),
 * OutV/InV/BothV (edges → nodes). Duplicates are kept, as upstream does.
 */
import type { Edge, GraphElement, Node } from '../../graph/index.js'
import type { Step } from '../ast.js'
import type { GraphSource, StepDef, Traversal } from '../traversal.js'
import { checkSize, notApplicable, optionalFilter } from './common.js'

type Filter = ((el: GraphElement) => boolean) | undefined

/** Edges touching a node, each once (a self-loop is both out and in). */
export function nodeEdges(g: GraphSource, id: string): Edge[] {
  const out = g.outEdges(id)
  const inn = g.inEdges(id)
  if (inn.length === 0) return out
  return out.concat(inn.filter((e) => e.Parent !== id))
}

function nodesIn(input: Traversal, step: Step): Extract<Traversal, { kind: 'nodes' }> {
  if (input.kind !== 'nodes') throw notApplicable(step, input, 'nodes')
  return input
}

function push(out: Node[], n: Node | undefined, f: Filter): void {
  if (n && (!f || f(n))) out.push(n)
}

function walk(name: string, pick: (g: GraphSource, n: Node, f: Filter, out: Node[]) => void): StepDef {
  return {
    name,
    exec(input, step, ctx) {
      const { g, nodes } = nodesIn(input, step)
      const f = optionalFilter(step.params, name)
      const out: Node[] = []
      for (const n of nodes) { pick(g, n, f, out); checkSize(out.length, name, ctx) }
      return { kind: 'nodes', g, nodes: out }
    },
  }
}

/** `Out([k, v, …])`: children through outgoing edges. */
export const Out = walk('Out', (g, n, f, out) => { for (const e of g.outEdges(n.ID)) push(out, g.getNode(e.Child), f) })
/** `In([k, v, …])`: parents through incoming edges. */
export const In = walk('In', (g, n, f, out) => { for (const e of g.inEdges(n.ID)) push(out, g.getNode(e.Parent), f) })
/** `Both([k, v, …])`: neighbours through edges either way. */
export const Both = walk('Both', (g, n, f, out) => {
  for (const e of g.outEdges(n.ID)) push(out, g.getNode(e.Child), f)
  for (const e of g.inEdges(n.ID)) if (e.Parent !== n.ID) push(out, g.getNode(e.Parent), f)
})

function walkEdges(name: string, pick: (g: GraphSource, n: Node) => Edge[]): StepDef {
  return {
    name,
    exec(input, step, ctx) {
      const { g, nodes } = nodesIn(input, step)
      const f = optionalFilter(step.params, name)
      const out: Edge[] = []
      for (const n of nodes) {
        for (const e of pick(g, n)) if (!f || f(e)) out.push(e)
        checkSize(out.length, name, ctx)
      }
      return { kind: 'edges', g, edges: out }
    },
  }
}

/** `OutE([k, v, …])`: edges leaving the nodes. */
export const OutE = walkEdges('OutE', (g, n) => g.outEdges(n.ID))
/** `InE([k, v, …])`: edges entering the nodes. */
export const InE = walkEdges('InE', (g, n) => g.inEdges(n.ID))
/** `BothE([k, v, …])`: edges leaving or entering the nodes. */
export const BothE = walkEdges('BothE', (g, n) => nodeEdges(g, n.ID))

// Quirk (api spec §5.4): Skydive-specific directions, OutV = Child and InV = Parent.
function endpoints(name: string, ends: ReadonlyArray<'Parent' | 'Child'>): StepDef {
  return {
    name,
    exec(input, step, ctx) {
      if (input.kind !== 'edges') throw notApplicable(step, input, 'edges')
      const f = optionalFilter(step.params, name)
      const out: Node[] = []
      for (const e of input.edges) for (const end of ends) push(out, input.g.getNode(e[end]), f)
      checkSize(out.length, name, ctx)
      return { kind: 'nodes', g: input.g, nodes: out }
    },
  }
}

/** `OutV([k, v, …])`: the Child end of each edge. */
export const OutV = endpoints('OutV', ['Child'])
/** `InV([k, v, …])`: the Parent end of each edge. */
export const InV = endpoints('InV', ['Parent'])
/** `BothV([k, v, …])`: both ends of each edge. */
export const BothV = endpoints('BothV', ['Parent', 'Child'])
