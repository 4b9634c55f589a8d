/**
 * Socket inode → owning process, from /proc/<pid>/fd links `socket:[inode]` (upstream
 * socketinfo /proc mode). Walking every fd is the expensive part, so what was learnt is cached
 * by (pid, start time): a rescan walks new processes, then only new fd numbers of known ones,
 * then the likely owners of what is still unknown (an fd number was reused) and processes with
 * few fds, and re-reads the big ones only when a socket stayed without owner over two scans.
 * Synchronous on purpose: 20,000 readlinks through libuv's thread pool cost several times more.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

/** Processes with at most this many fds are re-read whole before any full walk. */
const SMALL_PROCESS_FDS = 64

/** A process as Sockets entries name it. */
export interface ProcessInfo {
  pid: number
  /** executable path (`readlink /proc/<pid>/exe`), "" for kernel threads */
  exe: string
  /** command name from /proc/<pid>/stat */
  name: string
}

interface Entry extends ProcessInfo {
  start: string
  /** fd number → socket inode (0: not a socket); undefined until first walked */
  fds: Map<string, number> | undefined
}

/** Counters of the last resolve, for benchmarks and debugging. */
export interface ResolveStats {
  processes: number
  walkedProcesses: number
  readlinks: number
  fullWalk: boolean
}

/** Caching inode → process resolver. `procRoot` is for tests only. */
export class ProcessTable {
  readonly #proc: string
  readonly #entries = new Map<number, Entry>()
  readonly #owner = new Map<number, number>()
  /** inodes no process held at the last full walk: not searched again */
  #orphans = new Set<number>()
  /** inodes still unknown after the last scan */
  #unknown = new Set<number>()
  lastStats: ResolveStats = { processes: 0, walkedProcesses: 0, readlinks: 0, fullWalk: false }

  constructor(procRoot = '/proc') {
    this.#proc = procRoot
  }

  /**
   * Learns the owners of the given socket inodes; returns the lookup. Inodes no process
   * holds resolve to undefined. `likelyOwners` names pids worth re-reading for inodes still
   * unknown after the cheap passes, before falling back to reading every fd.
   */
  resolve(inodes: ReadonlySet<number>, likelyOwners?: (missing: number[]) => Iterable<number>): (inode: number) => ProcessInfo | undefined {
    const stats: ResolveStats = { processes: 0, walkedProcesses: 0, readlinks: 0, fullWalk: false }
    this.#refreshProcesses(stats)
    const anyMissing = () => {
      for (const i of inodes) if (!this.#owner.has(i) && !this.#orphans.has(i)) return true
      return false
    }
    if (anyMissing()) {
      // 1. processes never walked (new since the last scan)
      const fresh = new Set<Entry>()
      for (const e of this.#entries.values()) {
        if (!e.fds) {
          this.#walk(e, 'all', stats)
          fresh.add(e)
        }
      }
      // 2. fd numbers known processes opened since
      if (anyMissing()) for (const e of this.#entries.values()) if (!fresh.has(e)) this.#walk(e, 'new', stats)
      // 3. an fd number was reused for a new socket: re-read the likely owners first (the
      //    caller knows who holds sockets on the same port), then everything, once
      if (anyMissing() && likelyOwners) {
        const missing = [...inodes].filter((i) => !this.#owner.has(i) && !this.#orphans.has(i))
        for (const pid of new Set(likelyOwners(missing))) {
          const e = this.#entries.get(pid)
          if (e && !fresh.has(e)) {
            this.#walk(e, 'all', stats)
            fresh.add(e)
          }
        }
      }
      // 4. processes with few fds cost little to re-read whole: most reused fd numbers are there
      if (anyMissing()) {
        for (const e of this.#entries.values()) {
          if (!fresh.has(e) && (e.fds?.size ?? 0) <= SMALL_PROCESS_FDS) {
            this.#walk(e, 'all', stats)
            fresh.add(e)
          }
        }
      }
      // 5. the rest, only for sockets already unknown at the previous scan: a socket opened and closed
      // between two scans (busy hosts have many) must not cost a walk of every fd each time.
      const persisting = [...inodes].filter((i) => !this.#owner.has(i) && !this.#orphans.has(i) &&
        (this.#unknown.has(i) || fresh.size === this.#entries.size))
      if (fresh.size === this.#entries.size) {
        // every process was just read whole (first scan): what is unknown has no owner
        for (const i of persisting) this.#orphans.add(i)
      } else if (persisting.length) {
        stats.fullWalk = true
        for (const e of this.#entries.values()) if (!fresh.has(e)) this.#walk(e, 'all', stats)
        for (const i of persisting) if (!this.#owner.has(i)) this.#orphans.add(i)
      }
    }
    this.#unknown = new Set([...inodes].filter((i) => !this.#owner.has(i) && !this.#orphans.has(i)))
    for (const i of this.#orphans) if (!inodes.has(i)) this.#orphans.delete(i)
    this.lastStats = stats
    return (inode) => {
      const pid = this.#owner.get(inode)
      return pid === undefined ? undefined : this.#entries.get(pid)
    }
  }

  /** Drops dead or restarted processes (pid reuse is caught by the start time). */
  #refreshProcesses(stats: ResolveStats): void {
    const alive = new Set<number>()
    let names: string[]
    try {
      names = readdirSync(this.#proc)
    } catch {
      names = []
    }
    for (const n of names) {
      const c = n.charCodeAt(0)
      if (c < 48 || c > 57) continue
      const pid = Number(n)
      const stat = readText(`${this.#proc}/${pid}/stat`)
      if (stat === undefined) continue
      const close = stat.lastIndexOf(')')
      // field 22 (starttime) is the 20th after "state" which follows ") "
      const start = stat.slice(close + 2).split(' ')[19] ?? ''
      alive.add(pid)
      const old = this.#entries.get(pid)
      if (old && old.start === start) continue
      if (old) this.#forget(old)
      this.#entries.set(pid, {
        pid, start, name: stat.slice(stat.indexOf('(') + 1, close), exe: readLink(`${this.#proc}/${pid}/exe`) ?? '', fds: undefined,
      })
    }
    for (const e of [...this.#entries.values()]) if (!alive.has(e.pid)) this.#forget(e)
    stats.processes = alive.size
  }

  #forget(e: Entry): void {
    this.#entries.delete(e.pid)
    for (const inode of e.fds?.values() ?? []) if (inode && this.#owner.get(inode) === e.pid) this.#owner.delete(inode)
  }

  #walk(e: Entry, which: 'all' | 'new', stats: ResolveStats): void {
    const dir = `${this.#proc}/${e.pid}/fd`
    let fds: string[]
    try {
      fds = readdirSync(dir)
    } catch {
      return // gone, or not ours to read
    }
    const known = e.fds ?? new Map<string, number>()
    const next = new Map<string, number>()
    for (const fd of fds) {
      let inode = which === 'new' ? known.get(fd) : undefined
      if (inode === undefined) {
        stats.readlinks++
        const target = readLink(`${dir}/${fd}`)
        inode = target !== undefined && target.startsWith('socket:[') ? Number(target.slice(8, -1)) : 0
      }
      next.set(fd, inode)
      if (inode && !this.#owner.has(inode)) this.#owner.set(inode, e.pid)
    }
    for (const [fd, inode] of known) {
      if (inode && next.get(fd) !== inode && this.#owner.get(inode) === e.pid) this.#owner.delete(inode)
    }
    e.fds = next
    stats.walkedProcesses++
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1')
  } catch {
    return undefined
  }
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path)
  } catch {
    return undefined
  }
}
