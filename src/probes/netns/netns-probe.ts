/**
 * The netns probe (spec/topology.md §2.8): a `netns` node for every network namespace under
 * `agent.topology.netns.run_path` (watched) and every namespace a running process is in,
 * owned by the host node, each with its own netlink listener. Identity is the namespace
 * file's (device, inode): several paths to one namespace share one node; the agent's own
 * namespace is the host node itself.
 */
import { type FSWatcher, watch } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { genID } from '../../core/graph/index.js'
import { addOwnershipLink, withTID } from '../../core/topology/index.js'
import { IP_HELPER_ENV } from '../netlink/ip-runner.js'
import { NamespaceListener } from '../netlink/namespace-listener.js'
import type { Probe, ProbeContext } from '../probe.js'

/** How often namespaces of processes are looked for (no event tells us). */
const PROCESS_SCAN_MS = 5000
const RESCAN_DEBOUNCE_MS = 20

interface Registered {
  nodeId: string
  /** every file known to lead to this namespace; the first one names the node */
  paths: Set<string>
  listener: NamespaceListener
  /** path the listener dumps through */
  listenerPath: string
}

async function nsKey(path: string): Promise<string | undefined> {
  try {
    const st = await stat(path)
    return `${st.dev}:${st.ino}`
  } catch {
    return undefined
  }
}

/** True when the process was started by this agent, or is an `ip` helper of any agent. */
async function isAgentHelper(pid: string): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  // Fields after the last ')' (comm may contain spaces): state ppid ...
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  if (ppid === process.pid) return true
  const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '')
  return `\0${environ}`.includes(`\0${IP_HELPER_ENV}=1\0`)
}

/** Network namespaces of the host, live. */
export class NetnsProbe implements Probe {
  readonly #ctx: ProbeContext
  readonly #byKey = new Map<string, Registered>()
  readonly #pathKey = new Map<string, string>()
  #ownKey: string | undefined
  #watcher: FSWatcher | undefined
  #timer: NodeJS.Timeout | undefined
  #scanTimer: NodeJS.Timeout | undefined
  #queue: Promise<void> = Promise.resolve()
  #stopped = false

  constructor(ctx: ProbeContext) {
    this.#ctx = ctx
  }

  get #runPath(): string {
    return this.#ctx.config.topology.netns.run_path
  }

  async start(): Promise<void> {
    this.#ownKey = await nsKey('/proc/self/ns/net')
    this.#watchRunPath()
    await this.#serial(() => this.#scanRunPath())
    await this.#serial(() => this.#scanProcesses())
    this.#scanTimer = setInterval(() => void this.#serial(() => this.#scanProcesses()), PROCESS_SCAN_MS)
    this.#scanTimer.unref()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#watcher?.close()
    clearTimeout(this.#timer)
    clearInterval(this.#scanTimer)
    await this.#queue
    await Promise.all([...this.#byKey.values()].map((r) => r.listener.stop()))
  }

  /** Runs graph-changing work one job at a time, in order. */
  #serial(job: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(() => (this.#stopped ? undefined : job())).catch((err: unknown) => {
      this.#ctx.log.warn('Network namespace scan failed', { error: (err as Error).message })
    })
    return this.#queue
  }

  /** Watches the run path, or its parent until the run path is created (by `ip netns add`). */
  #watchRunPath(): void {
    if (this.#stopped) return
    const dir = this.#runPath
    try {
      this.#watcher = watch(dir, () => this.#scheduleRescan())
      this.#watcher.on('error', () => this.#rewatch())
    } catch {
      try {
        this.#watcher = watch(dirname(dir), (_ev, name) => {
          if (name === basename(dir)) this.#rewatch()
        })
        this.#watcher.on('error', () => undefined)
      } catch (err) {
        this.#ctx.log.warn('Cannot watch network namespace directory', { path: dir, error: (err as Error).message })
      }
    }
  }

  #rewatch(): void {
    this.#watcher?.close()
    this.#watcher = undefined
    this.#watchRunPath()
    this.#scheduleRescan()
  }

  #scheduleRescan(): void {
    if (this.#timer || this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.#serial(() => this.#scanRunPath())
    }, RESCAN_DEBOUNCE_MS)
  }

  async #scanRunPath(): Promise<void> {
    const dir = this.#runPath
    let names: string[] = []
    try {
      names = await readdir(dir)
    } catch { /* absent until the first `ip netns add` */ }
    const present = new Set(names.map((n) => join(dir, n)))
    for (const path of [...this.#pathKey.keys()]) {
      if (path.startsWith(dir + '/') && !present.has(path)) await this.#unregister(path)
    }
    for (const path of present) {
      const key = await nsKey(path)
      // An entry whose bind mount is gone stats as a plain file of the tmpfs: not a namespace.
      if (key && this.#isNamespace(key) && this.#pathKey.get(path) !== key) await this.#register(path, basename(path), key)
    }
  }

  async #scanProcesses(): Promise<void> {
    const seen = new Set<string>()
    for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
      const path = `/proc/${pid}/ns/net`
      const key = await nsKey(path)
      if (!key || key === this.#ownKey) continue
      if (this.#pathKey.get(path) === key) {
        seen.add(path)
        continue
      }
      // `ip monitor`/dump helpers (ours, or another agent's on this host) sit in the namespaces
      // they watch: counting them would keep a deleted namespace alive forever.
      if (await isAgentHelper(pid)) continue
      seen.add(path)
      if (this.#byKey.has(key)) {
        this.#addPath(path, key)
        continue
      }
      const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => 'process')).trim()
      await this.#register(path, `${comm}-${pid}`, key)
    }
    for (const path of [...this.#pathKey.keys()]) {
      if (path.startsWith('/proc/') && !seen.has(path)) await this.#unregister(path)
    }
  }

  /** Namespace files all live on the nsfs device, the agent's own namespace's. */
  #isNamespace(key: string): boolean {
    return this.#ownKey !== undefined && key.split(':')[0] === this.#ownKey.split(':')[0]
  }

  #addPath(path: string, key: string): void {
    this.#byKey.get(key)?.paths.add(path)
    this.#pathKey.set(path, key)
  }

  async #register(path: string, name: string, key: string): Promise<void> {
    if (key === this.#ownKey) return
    const old = this.#pathKey.get(path)
    if (old !== undefined && old !== key) await this.#unregister(path)
    if (this.#byKey.has(key)) return this.#addPath(path, key)
    const { graph, host, log } = this.#ctx
    const [dev, ino] = key.split(':').map(Number)
    const hostTID = host.Metadata['TID']
    const node = graph.addNode({
      ID: genID(),
      Metadata: withTID(typeof hostTID === 'string' ? hostTID : undefined,
        { Name: name, Type: 'netns', Path: path, Inode: ino, Device: dev }),
    })
    addOwnershipLink(graph, host.ID, node.ID)
    const listener = new NamespaceListener({
      graph, rootId: node.ID, nsPath: path, veths: this.#ctx.veths, log,
      metricsUpdateSeconds: this.#ctx.config.topology.netlink.metrics_update,
    })
    this.#byKey.set(key, { nodeId: node.ID, paths: new Set([path]), listener, listenerPath: path })
    this.#pathKey.set(path, key)
    log.info('Network namespace added', { name, path })
    try {
      await listener.start()
    } catch (err) {
      log.warn('Cannot list interfaces of network namespace', { path, error: (err as Error).message })
    }
  }

  async #unregister(path: string): Promise<void> {
    const key = this.#pathKey.get(path)
    this.#pathKey.delete(path)
    const reg = key !== undefined ? this.#byKey.get(key) : undefined
    if (!reg || key === undefined) return
    reg.paths.delete(path)
    const next = reg.paths.values().next()
    if (!next.done) {
      if (reg.listenerPath === path) {
        reg.listenerPath = next.value
        reg.listener.setPath(next.value)
      }
      return
    }
    this.#byKey.delete(key)
    await reg.listener.stop({ clear: true })
    this.#ctx.graph.deleteNode(reg.nodeId)
    this.#ctx.log.info('Network namespace removed', { path })
  }
}
