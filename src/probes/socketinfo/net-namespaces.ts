/**
 * Which network namespaces a socket scan reads (spec/topology.md §2.3).
 *
 * The rule: an agent in the host's network namespace (its /proc/self/ns/net is the namespace
 * of /proc/1/ns/net) reports the sockets of every network namespace that has a process, like
 * upstream, which parses tcp, tcp6, udp and udp6 under every /proc/<pid>/net, each namespace
 * once. An agent in any other namespace reports only its own: one agent per simulated host
 * (one per namespace) must not report its neighbours' sockets, or the flow matrix gets rows
 * from other hosts. Where /proc/1/ns/net cannot be read (pid 1 may be protected even from root),
 * the two namespaces are compared by the inode of their net/tcp files, which upstream uses to
 * tell namespaces apart; where neither can be read, the agent keeps to its own.
 *
 * The namespace of each process is read once per (pid, start time) and once more at the next
 * scan that sees it (`ip netns exec` forks in the root namespace and moves before it execs,
 * keeping pid and start time), then cached: a warm rescan reads one /proc/<pid>/ns/net per
 * other namespace, to check the process chosen to read it through is still there.
 * Quirk (topology spec §2.3): upstream also reads /proc/<pid>/task/<tid>/net; we read the
 * namespace of a process's main thread only (a thread that moved alone is not followed).
 */
import { statSync } from 'node:fs'
import { readLink } from './proc-fd.js'
import type { ProcessTable } from './process-table.js'

/** `auto`: the rule above; `all`: every namespace with a process; `own`: the reader's only. */
export type NamespaceScope = 'auto' | 'all' | 'own'

/** What is known of one process's network namespace. */
interface Member {
  start: number
  /** namespace inode; 0 when unreadable (gone, zombie, not ours to read) */
  ns: number
  /** times ns was read for this (pid, start) */
  reads: number
  seen: number
}

const NONE: readonly string[] = Object.freeze([])

/** The /proc/<pid>/net directories of the other namespaces to read, one live process each. */
export class NetNamespaces {
  readonly #proc: string
  readonly #scope: NamespaceScope
  #all: boolean | undefined
  /** the reader's own namespace inode */
  #self = 0
  readonly #members = new Map<number, Member>()
  /** namespace inode → pids in it */
  readonly #byNs = new Map<number, Set<number>>()
  /** namespace inode → the pid its files were read through last, and that directory */
  readonly #reps = new Map<number, { pid: number; dir: string }>()
  readonly #dirs: string[] = []
  #scan = 0
  /** /proc/<pid>/ns/net links read by the last others() */
  readlinks = 0

  constructor(procRoot: string, scope: NamespaceScope) {
    this.#proc = procRoot
    this.#scope = scope
  }

  /** True when every namespace is read (the scope resolved on first use). */
  get all(): boolean {
    if (this.#all === undefined) {
      this.#self = this.#nsOf('self')
      this.#all = this.#scope === 'all' || (this.#scope === 'auto' && this.#self !== 0 && this.#inInitNamespace())
    }
    return this.#all
  }

  /** How many namespaces the last others() returned besides the reader's own. */
  get count(): number {
    return this.#dirs.length
  }

  /**
   * The net directories of every namespace other than the reader's, ordered by namespace
   * inode (a stable order keeps the Sockets array stable); call after `table.refresh()`.
   * The array is reused by the next call.
   */
  others(table: ProcessTable): readonly string[] {
    this.readlinks = 0
    if (!this.all) return NONE
    const scan = ++this.#scan
    table.forEachProcess((pid, start) => {
      const m = this.#members.get(pid)
      if (m === undefined || m.start !== start) {
        if (m) this.#move(pid, m, 0)
        const fresh: Member = { start, ns: 0, reads: 0, seen: scan }
        this.#members.set(pid, fresh)
        this.#read(pid, fresh)
      } else {
        m.seen = scan
        if (m.reads < 2) this.#read(pid, m)
      }
    })
    this.#members.forEach((m, pid) => {
      if (m.seen !== scan) {
        this.#move(pid, m, 0)
        this.#members.delete(pid)
      }
    })
    this.#dirs.length = 0
    const done = new Set<number>()
    // A representative found in another namespace than cached moves there: pick again
    // until every namespace known has been tried once.
    for (let again = true; again;) {
      again = false
      const ids = [...this.#byNs.keys()].filter((ns) => ns !== this.#self && !done.has(ns)).sort((a, b) => a - b)
      for (const ns of ids) {
        done.add(ns)
        const dir = this.#representative(ns, () => { again = true })
        if (dir !== undefined) this.#dirs.push(dir)
      }
    }
    for (const ns of this.#reps.keys()) if (!this.#byNs.has(ns)) this.#reps.delete(ns)
    return this.#dirs
  }

  /** The net directory of a live process still in `ns` (the last one used when it is), or undefined. */
  #representative(ns: number, moved: () => void): string | undefined {
    const last = this.#reps.get(ns)
    const pids = this.#byNs.get(ns)
    if (last && pids?.has(last.pid) && this.#check(last.pid, ns, moved)) return last.dir
    if (!pids) return undefined
    for (const pid of [...pids]) {
      if (pid === last?.pid || !this.#check(pid, ns, moved)) continue
      const dir = `${this.#proc}/${pid}/net`
      this.#reps.set(ns, { pid, dir })
      return dir
    }
    this.#reps.delete(ns)
    return undefined
  }

  /** Re-reads the namespace of `pid`: true when it is still `ns`, else records where it is. */
  #check(pid: number, ns: number, moved: () => void): boolean {
    const m = this.#members.get(pid)!
    const now = this.#nsOf(pid)
    this.readlinks++
    if (now === ns) return true
    this.#move(pid, m, now)
    if (now !== 0) moved()
    return false
  }

  #read(pid: number, m: Member): void {
    this.readlinks++
    m.reads++
    this.#move(pid, m, this.#nsOf(pid))
  }

  /** Files `pid` under namespace `ns` (0: none). */
  #move(pid: number, m: Member, ns: number): void {
    if (m.ns === ns && (ns === 0 || this.#byNs.get(ns)?.has(pid))) return
    const old = this.#byNs.get(m.ns)
    if (old) {
      old.delete(pid)
      if (old.size === 0) this.#byNs.delete(m.ns)
    }
    m.ns = ns
    if (ns === 0) return
    const set = this.#byNs.get(ns)
    if (set) set.add(pid)
    else this.#byNs.set(ns, new Set([pid]))
  }

  /** True when the reader's network namespace is that of pid 1. */
  #inInitNamespace(): boolean {
    const init = this.#nsOf(1)
    if (init !== 0) return init === this.#self
    const ino = (path: string) => statSync(path, { throwIfNoEntry: false })?.ino
    try {
      const own = ino(`${this.#proc}/self/net/tcp`)
      return own !== undefined && own === ino(`${this.#proc}/1/net/tcp`)
    } catch {
      return false // not ours to read
    }
  }

  /** Inode of the network namespace of a /proc entry (`net:[4026531840]`), 0 when unreadable. */
  #nsOf(pid: number | 'self'): number {
    const link = readLink(`${this.#proc}/${pid}/ns/net`)
    return link?.startsWith('net:[') ? Number(link.slice(5, -1)) || 0 : 0
  }
}
