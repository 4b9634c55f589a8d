/**
 * What flows between steps while a query runs, and the shape of a step definition. Core steps
 * and extensions (flows, topology helpers) are all `StepDef`s; states an extension invents
 * are `CustomTraversal`s that run the steps they understand, as upstream dispatches a step to
 * the method of the same name on the previous step's value (`invokeStepFnc`).
 */
import type { Edge, Node } from '../graph/index.js'
import type { Param, Step } from './ast.js'

/** The read side of a graph a query needs; `Graph` satisfies it, so does a SubGraph result. */
export interface GraphSource {
  getNode(id: string): Node | undefined
  getEdge(id: string): Edge | undefined
  nodes(): Iterable<Node>
  edges(): Iterable<Edge>
  outEdges(nodeId: string): Edge[]
  inEdges(nodeId: string): Edge[]
  isIndexed(key: string): boolean
  nodesBy(key: string, value: string): Node[]
  readonly nodeCount: number
  readonly edgeCount: number
  toWire(): { Nodes: Node[]; Edges: Edge[] }
}

/** A flow as JSON (spec/flows.md §1, spec/api.md §3.5). */
export type Flow = Record<string, unknown>

/** Where `Flows()` reads flows from. The analyzer's flow table implements it. */
export interface FlowStore {
  flows(): Iterable<Flow>
}

/** Kinds of query results (the `kind` of GremlinResult). */
export type ResultKind =
  | 'graph' | 'nodes' | 'edges' | 'paths' | 'count' | 'number' | 'values' | 'valuemap' | 'keys'
  | 'flows' | 'sockets' | 'metrics' | 'groups' | 'nexthops' | 'rawpackets'

/** Outcome of a query. */
export interface GremlinResult {
  kind: ResultKind
  /** exactly the JSON of spec/api.md §3.4; holds live graph elements: serialise before mutating the graph */
  json: unknown
  /** set when kind === 'graph' (dot output, subscriber filters) */
  graph?: { Nodes: Node[]; Edges: Edge[] }
}

/** A state produced by an extension step. */
export interface CustomTraversal {
  readonly kind: 'custom'
  /** what it holds, for error messages: "flows", "sockets" */
  readonly label: string
  /** Runs `step` on this state; undefined when this state has no such step. */
  run(step: Step, ctx: EvalContext): Traversal | undefined
  /** The query result when the query ends here. */
  result(): GremlinResult
}

/** The value between two steps. `g` is the graph the elements come from. */
export type Traversal =
  | { kind: 'graph'; g: GraphSource }
  | { kind: 'nodes'; g: GraphSource; nodes: Node[] }
  | { kind: 'edges'; g: GraphSource; edges: Edge[] }
  | { kind: 'paths'; g: GraphSource; paths: Node[][] }
  | { kind: 'value'; g: GraphSource; result: 'count' | 'number' | 'values' | 'valuemap' | 'keys'; value: unknown }
  | CustomTraversal

/** What a step sees besides its input. */
export interface EvalContext {
  readonly root: GraphSource
  readonly flows: FlowStore | undefined
  /** node sets labelled by As() */
  readonly labels: Map<string, Node[]>
  /** The step after the current one (for folding V().Has() into an index lookup). */
  peek(): Step | undefined
  /** Marks the next step as done by the current one. */
  consume(): void
  /** Now in ms, for time contexts. */
  now(): number
  /**
   * Most elements one step may produce. Steps that keep duplicates (Both, Out…) grow
   * geometrically when chained; past this a query is a mistake, not a question.
   */
  readonly maxStepElements: number
}

/** A step: how to check its parameters when parsing, how to run it. */
export interface StepDef {
  /** canonical spelling, e.g. "ShortestPathTo" */
  name: string
  /** other spellings, e.g. "At" for Context */
  aliases?: readonly string[]
  /** Parse-time check of the parameters: an "expected …" text, or undefined when fine. */
  check?(params: readonly Param[]): string | undefined
  /** Runs the step. Throws SkydiveError when it does not apply to `input`. */
  exec(input: Traversal, step: Step, ctx: EvalContext): Traversal
}

/**
 * A set of extra steps, as upstream's `GremlinTraversalExtension`: the analyzer registers
 * the flow steps this way, and later issues add theirs (NextHop, RawPackets…).
 */
export interface GremlinExtension {
  readonly steps: readonly StepDef[]
}
