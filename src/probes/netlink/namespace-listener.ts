/**
 * One netlink listener per namespace (upstream `topology/probes/netlink`): an initial dump,
 * then `ip monitor` events trigger a debounced re-dump of what changed, so a link or address
 * change reaches the graph within tens of milliseconds. Counters refresh on their own timer.
 */
import type { Graph } from '../../core/graph/index.js'
import type { Logger } from '../../core/ports.js'
import type { NamespaceDump } from './ip-json.js'
import { dumpNamespace, type IpMonitor, monitorNamespace } from './ip-runner.js'
import { interfacesFromDump } from './interface-metadata.js'
import { InterfaceSync } from './interface-sync.js'
import type { DumpPart } from './monitor-line.js'
import type { VethLinker } from './veth-linker.js'

/** Options of a namespace listener. */
export interface NamespaceListenerOptions {
  graph: Graph
  /** node owning the namespace's interfaces: the host node, or a netns node */
  rootId: string
  /** namespace file; null = the agent's own namespace. May change later (setPath) */
  nsPath: string | null
  veths: VethLinker
  log: Logger
  /** `agent.topology.netlink.metrics_update`, seconds */
  metricsUpdateSeconds: number
}

/** Events arriving within this window are served by one dump. */
const DEBOUNCE_MS = 10
const MONITOR_RESTART_MS = 1000
const ALL_PARTS: readonly DumpPart[] = ['links', 'routes', 'neighbors']

/** Keeps one namespace's interfaces in the graph, live. */
export class NamespaceListener {
  readonly #o: NamespaceListenerOptions
  readonly #sync: InterfaceSync
  #dump: NamespaceDump = { links: [], routes: [], neighbors: [], nsids: [], drivers: {}, speeds: {} }
  #monitor: IpMonitor | undefined
  #pending = new Set<DumpPart>()
  #timer: NodeJS.Timeout | undefined
  #metricsTimer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  #stopped = false

  constructor(opts: NamespaceListenerOptions) {
    this.#o = opts
    this.#sync = new InterfaceSync(opts.graph, opts.rootId, opts.veths)
  }

  /**
   * Points later dumps at another file of the same namespace (a /proc/<pid>/ns/net path
   * dies with its process). The running monitor is inside the namespace already.
   */
  setPath(nsPath: string): void {
    this.#o.nsPath = nsPath
  }

  /** Dumps the namespace, then follows its events. Fails when iproute2 cannot run there. */
  async start(): Promise<void> {
    this.#startMonitor()
    try {
      await this.#refresh(new Set(ALL_PARTS))
    } catch (err) {
      await this.stop()
      throw err
    }
    const every = Math.max(1, this.#o.metricsUpdateSeconds) * 1000
    this.#metricsTimer = setInterval(() => void this.#metricsTick(), every)
    this.#metricsTimer.unref()
  }

  /** Stops listening; with `clear`, also deletes the namespace's interface nodes. */
  async stop(opts: { clear?: boolean } = {}): Promise<void> {
    this.#stopped = true
    this.#monitor?.stop()
    clearTimeout(this.#timer)
    clearInterval(this.#metricsTimer)
    await this.#running?.catch(() => undefined)
    if (opts.clear) this.#sync.clear()
  }

  #startMonitor(): void {
    this.#monitor = monitorNamespace(this.#o.nsPath, (part) => this.#schedule(part), (reason) => {
      if (this.#stopped) return
      // Ctrl-C signals the whole process group: `ip monitor` may die just before we are told
      // to stop, so say nothing until the restart is really due.
      setTimeout(() => {
        if (this.#stopped) return
        this.#o.log.warn('Netlink monitor stopped; restarting', { namespace: this.#o.nsPath ?? 'own', reason })
        this.#startMonitor()
        this.#scheduleAll()
      }, MONITOR_RESTART_MS).unref()
    })
    // Events between the first dump and the monitor's subscription would be lost: dump again
    // once the monitor surely listens.
    setTimeout(() => this.#scheduleAll(), 200).unref()
  }

  #scheduleAll(): void {
    for (const p of ALL_PARTS) this.#schedule(p)
  }

  #schedule(part: DumpPart): void {
    if (this.#stopped) return
    this.#pending.add(part)
    if (this.#timer || this.#running) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.#flush()
    }, DEBOUNCE_MS)
  }

  async #flush(): Promise<void> {
    if (this.#stopped || this.#pending.size === 0) return
    const parts = this.#pending
    this.#pending = new Set()
    try {
      await this.#refresh(parts)
    } catch (err) {
      this.#o.log.warn('Cannot refresh namespace', { namespace: this.#o.nsPath ?? 'own', error: (err as Error).message })
    }
    this.#rearm()
  }

  /** Dumps `parts` and applies them; with `metrics`, also refreshes the counters. */
  async #refresh(parts: ReadonlySet<DumpPart>, metrics = false): Promise<void> {
    const job = (async () => {
      const fresh = await dumpNamespace(this.#o.nsPath, parts)
      if (this.#stopped) return
      this.#dump = { ...this.#dump, ...fresh }
      const infos = interfacesFromDump(this.#dump)
      this.#sync.apply(infos)
      if (metrics) this.#sync.updateMetrics(infos, this.#o.graph.now())
    })()
    this.#running = job
    try {
      await job
    } finally {
      this.#running = undefined
    }
  }

  async #metricsTick(): Promise<void> {
    // Skipped while an event refresh runs: two dumps applied out of order could undo a change.
    if (this.#stopped || this.#running || this.#timer) return
    try {
      await this.#refresh(new Set(['links']), true)
    } catch (err) {
      this.#o.log.debug('Cannot refresh counters', { namespace: this.#o.nsPath ?? 'own', error: (err as Error).message })
    }
    this.#rearm()
  }

  /** Events that arrived during a dump wait in #pending with no timer: start one. */
  #rearm(): void {
    const next = this.#pending.values().next()
    if (!next.done) this.#schedule(next.value)
  }
}
