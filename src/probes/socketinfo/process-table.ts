/**
 * Socket inode → owning process, from /proc/<pid>/fd links `socket:[inode]` (upstream
 * socketinfo /proc mode). Walking every fd is the expensive part, so what was learnt is cached
 * by (pid, start time): a rescan walks new processes, then only new fd numbers of known ones,
 * then the likely owners of what is still unknown (an fd number was reused) and processes with
 * few fds, and re-reads the big ones only when a socket stayed without owner over two scans.
 * Synchronous on purpose: 20,000 readlinks through libuv's thread pool cost several times more.
 * A scan is `refresh()`, `owner()` per socket, `learn()` for the unknown ones, `retainOrphans()`.
 */
import { readdirSync } from 'node:fs'
import { fdDirSize, readLink, socketInode } from './proc-fd.js'
import { ProcStatReader } from './proc-stat.js'

/** Processes with at most this many fds are re-read whole before any full walk. */
const SMALL_PROCESS_FDS = 64

/** Free fd numbers read when looking for a process's new fds, before listing them instead. */
const PROBE_MISSES = 64

/** A process as Sockets entries name it. */
export interface ProcessInfo {
  pid: number
  /** executable path (`readlink /proc/<pid>/exe`), "" for kernel threads */
  exe: string
  /** command name from /proc/<pid>/stat */
  name: string
}

interface Entry extends ProcessInfo {
  /** start time (field 22 of stat, clock ticks since boot), to tell a restarted process from the one we knew */
  start: number
  /** fd number → socket inode (0: not a socket); undefined until first walked */
  fds: Map<number, number> | undefined
  /**
   * The size of /proc/<pid>/fd is its open fd count (Linux ≥ 6.2): it matched the listing at
   * the last walk (older kernels report 0)
   */
  countsFds: boolean
  /** scan that last saw the process alive */
  seen: number
}

/** Counters of the last scan, for benchmarks and debugging. */
export interface ResolveStats {
  processes: number
  walkedProcesses: number
  readlinks: number
  fullWalk: boolean
}

/**
 * Caching inode → process resolver. `procRoot` and `fdCount` (the size of a /proc/<pid>/fd
 * directory: its fd count on Linux ≥ 6.2) are for tests only.
 */
export class ProcessTable {
  readonly #proc: string
  readonly #fdCount: (dir: string) => number
  readonly #entries = new Map<number, Entry>()
  readonly #owner = new Map<number, number>()
  /** inodes no process held at the last full walk: not searched again */
  readonly #orphans = new Set<number>()
  /** inodes the previous scan left unknown */
  #unknownBefore = new Set<number>()
  /** inodes this scan left unknown so far */
  #unknown = new Set<number>()
  #scan = 0
  #dropped = 0
  readonly #stat: ProcStatReader
  /** some /proc/<pid>/fd had its fd count as size: the kernel counts fds */
  #kernelCountsFds = false
  lastStats: ResolveStats = { processes: 0, walkedProcesses: 0, readlinks: 0, fullWalk: false }

  constructor(procRoot = '/proc', fdCount = fdDirSize) {
    this.#proc = procRoot
    this.#fdCount = fdCount
    this.#stat = new ProcStatReader(procRoot)
  }

  /**
   * Learns the owners of the given socket inodes; returns the lookup (one whole scan, for
   * callers holding a set of inodes). Inodes no process holds resolve to undefined.
   */
  resolve(inodes: ReadonlySet<number>, likelyOwners?: (missing: number[]) => Iterable<number>): (inode: number) => ProcessInfo | undefined {
    this.refresh()
    const missing = [...inodes].filter((i) => this.owner(i) === undefined)
    this.learn(missing, likelyOwners)
    this.retainOrphans((i) => inodes.has(i))
    return (inode) => this.owner(inode) ?? undefined
  }

  /** Starts a scan: notes new processes, drops dead or restarted ones (pid reuse is caught by the start time). */
  refresh(): void {
    const scan = ++this.#scan
    this.#unknownBefore = this.#unknown
    this.#unknown = new Set()
    this.lastStats = { processes: 0, walkedProcesses: 0, readlinks: 0, fullWalk: false }
    let names: string[]
    try {
      names = readdirSync(this.#proc)
    } catch {
      names = []
    }
    let alive = 0
    for (const n of names) {
      const c = n.charCodeAt(0)
      if (c < 48 || c > 57) continue
      const pid = Number(n)
      const start = this.#stat.read(pid)
      if (start < 0) continue
      alive++
      const old = this.#entries.get(pid)
      if (old && old.start === start) {
        old.seen = scan
        continue
      }
      if (old) this.#forget(old)
      this.#entries.set(pid, {
        pid, start, name: this.#stat.name(), exe: readLink(`${this.#proc}/${pid}/exe`) ?? '', fds: undefined, countsFds: false, seen: scan,
      })
    }
    for (const e of this.#entries.values()) if (e.seen !== scan) this.#forget(e)
    this.lastStats.processes = alive
  }

  /** Calls `fn` with the pid and start time of each process the last refresh() saw alive. */
  forEachProcess(fn: (pid: number, start: number) => void): void {
    for (const e of this.#entries.values()) fn(e.pid, e.start)
  }

  /** How many owners fd walks have dropped so far (fds closed or reused): when it grows, owners changed. */
  get droppedOwners(): number {
    return this.#dropped
  }

  /** Owner of a socket inode as far as known: undefined when unknown, null when no process holds it. */
  owner(inode: number): ProcessInfo | null | undefined {
    const pid = this.#owner.get(inode)
    if (pid !== undefined) return this.#entries.get(pid) ?? null
    return this.#orphans.has(inode) ? null : undefined
  }

  /**
   * Walks /proc for the owners of `missing` (inodes `owner()` did not know); may run more than
   * once a scan. `likelyOwners` names pids worth re-reading for inodes still unknown after the
   * cheap passes, before falling back to reading every fd.
   */
  learn(missing: readonly number[], likelyOwners?: (missing: number[]) => Iterable<number>): void {
    const stats = this.lastStats
    const isMissing = (i: number) => !this.#owner.has(i) && !this.#orphans.has(i)
    let left = missing.filter(isMissing)
    const anyMissing = () => (left = left.filter(isMissing)).length > 0
    if (anyMissing()) {
      // 1. processes never walked (new since the last scan)
      const fresh = new Set<Entry>()
      for (const e of this.#entries.values()) {
        if (!e.fds) {
          this.#walk(e, 'all', stats)
          fresh.add(e)
        }
      }
      // 2. fd numbers known processes opened since. A process with as many fds as we know of
      //    opened none, or reused a number (closed() and passes 3 to 5 see to that): its listing
      //    is not read (the four processes holding 20,000 sockets cost ~18 ms of readdir). One
      //    with more has its lowest unknown fd numbers read, where new fds go.
      const probed = new Set<Entry>()
      if (anyMissing()) {
        for (const e of this.#entries.values()) {
          if (fresh.has(e)) continue
          const count = this.#fdCount(`${this.#proc}/${e.pid}/fd`)
          if (e.countsFds && count === e.fds?.size) continue
          if (e.countsFds && e.fds && count > e.fds.size && this.#probe(e, e.fds, count - e.fds.size, stats)) probed.add(e)
          else this.#walk(e, 'new', stats, count)
        }
      }
      // 3. an fd number was reused for a new socket: re-read the likely owners first (the
      //    caller knows who holds sockets on the same port), then everything, once. A probed
      //    process may also have closed fds it was not seen to close (its count then hid new
      //    ones): its listing is read first.
      if (anyMissing() && likelyOwners) {
        const likely = [...new Set(likelyOwners(left))].map((pid) => this.#entries.get(pid)).filter((e): e is Entry => e !== undefined && !fresh.has(e))
        for (const e of likely) if (probed.has(e)) this.#walk(e, 'new', stats)
        for (const e of likely) {
          if (!anyMissing()) break
          this.#walk(e, 'all', stats)
          fresh.add(e)
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
      anyMissing()
      const persisting = left.filter((i) => this.#unknownBefore.has(i) || fresh.size === this.#entries.size)
      if (fresh.size === this.#entries.size) {
        // every process was just read whole (first scan): what is unknown has no owner
        for (const i of persisting) this.#orphans.add(i)
      } else if (persisting.length) {
        stats.fullWalk = true
        for (const e of this.#entries.values()) if (!fresh.has(e)) this.#walk(e, 'all', stats)
        for (const i of persisting) if (!this.#owner.has(i)) this.#orphans.add(i)
      }
    }
    for (const i of left) if (isMissing(i)) this.#unknown.add(i)
  }

  /**
   * Sockets gone since the last scan: re-reads the fds that held them, where a new socket
   * often sits now (the lowest free fd number is reused), for one readlink each instead of a
   * walk of the process.
   */
  closed(inodes: readonly number[]): void {
    const byPid = new Map<number, Set<number>>()
    for (const inode of inodes) {
      const pid = this.#owner.get(inode)
      if (pid === undefined) continue
      this.#owner.delete(inode)
      const set = byPid.get(pid)
      if (set) set.add(inode)
      else byPid.set(pid, new Set([inode]))
    }
    byPid.forEach((gone, pid) => {
      const e = this.#entries.get(pid)
      const fds = e?.fds
      if (!fds) return
      const reread: number[] = []
      fds.forEach((inode, fd) => {
        if (gone.has(inode)) reread.push(fd)
      })
      for (const fd of reread) {
        this.lastStats.readlinks++
        const target = readLink(`${this.#proc}/${pid}/fd/${fd}`)
        if (target === undefined) {
          fds.delete(fd)
          continue
        }
        const inode = socketInode(target)
        fds.set(fd, inode)
        if (inode && !this.#owner.has(inode)) this.#owner.set(inode, pid)
      }
    })
  }

  /** Ends a scan: forgets orphan inodes the scan no longer saw. */
  retainOrphans(present: (inode: number) => boolean): void {
    for (const i of this.#orphans) if (!present(i)) this.#orphans.delete(i)
  }

  #forget(e: Entry): void {
    this.#entries.delete(e.pid)
    e.fds?.forEach((inode) => {
      if (inode && this.#owner.get(inode) === e.pid) this.#owner.delete(inode)
    })
  }

  /** Reads the fd links of a process: all of them, or only fd numbers not seen before. Updates its fd map in place. */
  #walk(e: Entry, which: 'all' | 'new', stats: ResolveStats, count = this.#fdCount(`${this.#proc}/${e.pid}/fd`)): void {
    const dir = `${this.#proc}/${e.pid}/fd`
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      return // gone, or not ours to read
    }
    const fds = e.fds ?? new Map<number, number>()
    const before = fds.size
    let kept = 0
    for (const name of names) {
      const fd = Number(name)
      const known = fds.get(fd)
      if (known !== undefined) kept++
      let inode = which === 'new' ? known : undefined
      if (inode === undefined) {
        stats.readlinks++
        const target = readLink(`${dir}/${name}`)
        inode = target === undefined ? 0 : socketInode(target)
        fds.set(fd, inode)
        if (known && known !== inode) this.#drop(known, e.pid)
      }
      if (inode && !this.#owner.has(inode)) this.#owner.set(inode, e.pid)
    }
    if (kept < before) {
      // fds closed since the last walk
      const open = new Set(names.map(Number))
      fds.forEach((inode, fd) => {
        if (open.has(fd)) return
        fds.delete(fd)
        if (inode) this.#drop(inode, e.pid)
      })
    }
    e.fds = fds
    // A count of 0 is an empty directory only where the kernel counts fds (Linux ≥ 6.2):
    // kernel threads then need no listing on every scan.
    if (count > 0 && count === names.length) this.#kernelCountsFds = true
    e.countsFds = count === names.length && (count > 0 || this.#kernelCountsFds)
    stats.walkedProcesses++
  }

  /**
   * Finds the `need` fds a process opened since its last walk without listing its fds: the
   * kernel gives a new fd the lowest free number (POSIX), so they are the lowest numbers not
   * in the fd map. Reads a bounded number of free ones; false when it gave up (dup2() and
   * the like put fds anywhere), then the caller lists the fds.
   */
  #probe(e: Entry, fds: Map<number, number>, need: number, stats: ResolveStats): boolean {
    const dir = `${this.#proc}/${e.pid}/fd/`
    let misses = PROBE_MISSES + need
    for (let fd = 0; need > 0; fd++) {
      if (fds.has(fd)) continue
      stats.readlinks++
      const target = readLink(dir + fd)
      if (target === undefined) {
        if (--misses === 0) return false
        continue
      }
      const inode = socketInode(target)
      fds.set(fd, inode)
      if (inode && !this.#owner.has(inode)) this.#owner.set(inode, e.pid)
      need--
    }
    return true
  }

  /** Forgets that `pid` owns `inode` (its fd was closed or now holds something else). */
  #drop(inode: number, pid: number): void {
    if (this.#owner.get(inode) !== pid) return
    this.#owner.delete(inode)
    this.#dropped++
  }
}
