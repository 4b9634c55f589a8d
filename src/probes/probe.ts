/**
 * What every topology probe implements and receives (STYLE.md §6; upstream
 * `probe/bundle.go`'s Handler is just Start/Stop).
 */
import type { Graph, Node } from '../core/graph/index.js'
import type { Clock, Logger } from '../core/ports.js'
import type { VethLinker } from './netlink/veth-linker.js'

/** A probe: started once, stopped once. */
export interface Probe {
  start(): Promise<void>
  stop(): Promise<void>
}

/**
 * The slice of `agent` configuration probes read (structurally `ResolvedConfig['agent']`;
 * adapters do not import src/config).
 */
export interface ProbeConfig {
  readonly topology: {
    readonly netns: { readonly run_path: string }
    readonly socketinfo: { readonly host_update: number }
    readonly netlink: { readonly metrics_update: number }
  }
}

/** Everything a probe gets: the agent graph, its host node, config, logging, time. */
export interface ProbeContext {
  graph: Graph
  host: Node
  config: ProbeConfig
  log: Logger
  clock: Clock
  /** veth ends of every namespace, shared by the netlink and netns probes */
  veths: VethLinker
}
