/**
 * The socketinfo probe: the host node's `Sockets`, replaced every
 * `agent.topology.socketinfo.host_update` seconds when they changed (spec/topology.md §2.3).
 * Which namespaces (net-namespaces.ts): an agent in the host's network namespace (its
 * /proc/self/ns/net is that of /proc/1/ns/net) reports the sockets of every network namespace
 * that has a process, each parsed once through one of its processes' /proc/<pid>/net, as the
 * spec says upstream does. Quirk (topology spec §2.3): an agent in any other namespace (one
 * agent per simulated host, `ip netns exec NS skydive agent`) reports only its own namespace's
 * sockets, so neighbouring simulated hosts do not show each other's sockets (upstream would
 * report every namespace from every such agent, and the flow matrix would get their rows).
 */
import type { Metadata } from '../../wire/index.js'
import type { Probe, ProbeContext } from '../probe.js'
import { SocketScanner } from './socket-scanner.js'

/** Sockets of the agent's namespace (every namespace from the host's) with their processes. */
export class SocketInfoProbe implements Probe {
  readonly #ctx: ProbeContext
  readonly #scanner = new SocketScanner()
  #last: Metadata[] | undefined
  #timer: NodeJS.Timeout | undefined

  constructor(ctx: ProbeContext) {
    this.#ctx = ctx
  }

  async start(): Promise<void> {
    this.#ctx.log.debug('Sockets scanned from', { namespaces: this.#scanner.allNamespaces ? 'every network namespace' : 'the agent\'s own network namespace' })
    this.#tick()
    const every = Math.max(1, this.#ctx.config.topology.socketinfo.host_update) * 1000
    this.#timer = setInterval(() => this.#tick(), every)
    this.#timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
  }

  #tick(): void {
    const cpu = process.cpuUsage()
    try {
      const sockets = this.#scanner.scan()
      // The scanner returns the previous array itself when no entry changed.
      const same = sockets === this.#last
      const scanned = process.cpuUsage(cpu)
      let updateMs = 0
      if (!same) {
        this.#last = sockets
        const { graph, host } = this.#ctx
        const node = graph.getNode(host.ID)
        // A whole-metadata replace stores the array as is: setNodeKey would deep-copy 20,000
        // entries on every change. Entries are never mutated (the scanner makes new ones).
        // Publishers serialise the update synchronously: its CPU time is theirs.
        if (node) graph.setNodeMetadata(host.ID, { ...node.Metadata, Sockets: sockets })
        const all = process.cpuUsage(cpu)
        updateMs = (all.user + all.system - scanned.user - scanned.system) / 1000
      }
      this.#ctx.log.debug('Sockets scanned', {
        count: sockets.length, changed: !same, cpuMs: Math.round((scanned.user + scanned.system) / 1000),
        updateCpuMs: Math.round(updateMs), ...this.#scanner.stats,
      })
    } catch (err) {
      this.#ctx.log.warn('Cannot scan sockets', { error: (err as Error).message })
    }
  }
}
