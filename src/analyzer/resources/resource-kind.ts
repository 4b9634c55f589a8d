/**
 * What the generic CRUD routes (spec/api.md §3.1) need to know about one resource type.
 */
import type { ResolvedConfig } from '../../config/index.js'
import type { Graph } from '../../core/graph/index.js'
import type { FlowStore } from '../../core/gremlin/index.js'
import type { ResourceStore } from './resource-store.js'

/** A stored resource: a JSON object with a server-assigned UUID. */
export type Resource = { UUID: string } & Record<string, unknown>

/** Everything a resource kind may consult. */
export interface ResourceContext {
  graph: Graph
  config: ResolvedConfig
  flows: FlowStore | undefined
  now(): number
  /** compiles a BPF filter: the compiler's complaint, or undefined when it compiles (or cannot be checked) */
  checkBpf(filter: string): Promise<string | undefined>
}

/** One resource type. */
export interface ResourceKind {
  /** path segment and RBAC object: capture, alert, … */
  name: string
  /** checks a body and builds the stored JSON (field order = upstream's); throws HttpError 400 */
  build(body: unknown, uuid: string, ctx: ResourceContext): Resource
  /** checks that wait on another program (BPF compile); throws HttpError 400 */
  check?(r: Resource, ctx: ResourceContext): Promise<void>
  /** extra create checks against the store (duplicates ⇒ 409) */
  checkCreate?(r: Resource, store: ResourceStore, ctx: ResourceContext): void
  /** fields computed on read (capture Count) */
  decorate?(r: Resource, ctx: ResourceContext): Resource
  /** PATCH allowed (captures, injections and rules are not updatable) */
  updatable: boolean
}

/** `capture` ⇒ `Capture`, as upstream titles resources in messages. */
export function titleOf(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1)
}
