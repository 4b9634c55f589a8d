/**
 * The socketinfo probe: the host node's `Sockets`, replaced every
 * `agent.topology.socketinfo.host_update` seconds when they changed (spec/topology.md §2.3).
 * Quirk (topology spec §2.3): upstream reads /proc/<pid>/net of every process, i.e. every
 * namespace; we read the agent's own namespace, so one agent per namespace (one per
 * simulated host) reports that namespace's sockets without duplicates.
 */
import type { Metadata } from '../../wire/index.js'
import type { Probe, ProbeContext } from '../probe.js'
import { SocketScanner } from './socket-scanner.js'

/** Sockets of the agent's namespace with their processes. */
export class SocketInfoProbe implements Probe {
  readonly #ctx: ProbeContext
  readonly #scanner = new SocketScanner()
  #last: Metadata[] | undefined
  #timer: NodeJS.Timeout | undefined

  constructor(ctx: ProbeContext) {
    this.#ctx = ctx
  }

  async start(): Promise<void> {
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
