/**
 * Starts an agent: the host node, the topology probes and one publisher connection per
 * analyzer. The only place that wires probes to the client (STYLE.md §1).
 */
import type { ResolvedConfig } from '../config/index.js'
import { Graph, type Node } from '../core/graph/index.js'
import type { Clock, Logger } from '../core/ports.js'
import { createTopologyPublisher, type TopologyPublisher } from '../client/index.js'
import { createHostNode, type Probe, type ProbeContext, TOPOLOGY_PROBES, VethLinker } from '../probes/index.js'
import { createStderrLogger, systemClock } from '../runtime/index.js'
import { keepHeapSmall } from './heap-keeper.js'
import { selectProbes } from './probe-names.js'

/** Optional parts a caller (allinone, tests) may supply. */
export interface AgentOptions {
  /** default: stderr logger at `logging.level` */
  logger?: Logger
  clock?: Clock
  /**
   * Alone in its process (not allinone, whose analyzer heap is bigger and busier): run a full
   * GC after a host node update once the heap grew by this many MB (see heap-keeper.ts).
   */
  heapSlackMB?: number
}

/** A running agent. */
export interface Agent {
  readonly graph: Graph
  readonly host: Node
  /** names of the probes started */
  readonly probes: readonly string[]
  /** analyzers currently connected */
  readonly connectedAnalyzers: number
  /** disconnects from the analyzers (which then drop this host's nodes), stops the probes */
  stop(): Promise<void>
}

/**
 * Starts an agent for `config.host_id`, publishing to `config.analyzers`.
 * @example
 * const agent = await startAgent(await loadConfig({ flags: { analyzers: ['127.0.0.1:8082'] } }))
 * await agent.stop()
 */
export async function startAgent(config: ResolvedConfig, opts: AgentOptions = {}): Promise<Agent> {
  const log = opts.logger ?? createStderrLogger('agent', config.logging.level)
  const clock = opts.clock ?? systemClock
  const hostId = config.host_id
  const selection = selectProbes(config.agent.topology.probes)
  for (const name of selection.skipped) log.warn(`Probe "${name}" is not available in this version; skipping it`)

  const graph = new Graph({ clock, host: hostId, origin: `agent.${hostId}` })
  const host = await createHostNode(graph, { hostId, metadata: config.agent.metadata })
  const ctx: ProbeContext = { graph, host, config: config.agent, log, clock, veths: new VethLinker(graph) }
  const started: Probe[] = []
  const stopProbes = () => Promise.all(started.map((p) => p.stop().catch(() => undefined)))
  try {
    for (const name of selection.probes) {
      const probe = TOPOLOGY_PROBES[name](ctx)
      await probe.start()
      started.push(probe)
    }
  } catch (err) {
    await stopProbes()
    throw err
  }

  let publisher: TopologyPublisher | undefined
  if (config.analyzers.length) {
    publisher = createTopologyPublisher({
      analyzers: config.analyzers, hostId, graph, log,
      username: config.agent.auth.cluster.username, password: config.agent.auth.cluster.password, tls: config.tls,
    })
  } else {
    log.warn('No analyzer configured (analyzers, --analyzer): the topology stays local to this agent')
  }
  const stopKeeper = opts.heapSlackMB === undefined ? undefined : keepHeapSmall(graph, host.ID, opts.heapSlackMB)
  log.info('Agent started', { hostId, probes: selection.probes.join(','), analyzers: config.analyzers.join(',') })

  return {
    graph,
    host,
    probes: selection.probes,
    get connectedAnalyzers() {
      return publisher?.connected ?? 0
    },
    async stop() {
      stopKeeper?.()
      await publisher?.stop()
      await stopProbes()
    },
  }
}
