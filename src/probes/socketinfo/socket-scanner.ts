/**
 * One socket scan: /proc/net/{tcp,tcp6,udp,udp6} of the network namespaces the scanner covers
 * joined with the inode → process table (spec/topology.md §2.3). By default (scope `auto`, see
 * net-namespaces.ts) a scanner in the host's namespace covers every namespace that has a
 * process, one parse each (its own first, then the others by namespace inode); a scanner in
 * any other namespace covers only its own. The inode → process table is global (fd links), so
 * processes are found across namespaces. A socket inode belongs to one namespace, so the
 * entries are one per (namespace, socket): the same address and port in two namespaces are two
 * entries, and a namespace listed twice is not. Entries without an owning process are
 * dropped, as upstream does. Unchanged sockets keep their (frozen) entry object from the
 * previous scan, and an unchanged scan returns the previous array itself, so comparing two
 * scans is a reference check and the publisher can reuse their JSON text.
 * Written for 20,000 sockets every few seconds: a rescan allocates nothing per unchanged
 * socket and no structure sized by the socket count (they are kept and reused).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import type { Metadata, Socket } from '../../wire/index.js'
import { type NamespaceScope, NetNamespaces } from './net-namespaces.js'
import { type ProcNetVisitor, visitLines } from './proc-net.js'
import { type ProcessInfo, ProcessTable, type ResolveStats } from './process-table.js'

const FILES = [['tcp', 'TCP'], ['tcp6', 'TCP'], ['udp', 'UDP'], ['udp6', 'UDP']] as const

/** What the scanner remembers of one socket inode between scans. */
interface Slot {
  inode: number
  /** Sockets entry of the last scan; null: no owner known */
  entry: Metadata | null
  /** scan that last saw the inode */
  seen: number
}

/** The fields of a socket line whose owner is not known yet, waiting for the process walk. */
type Fields = Omit<Socket, 'Process' | 'Name' | 'Pid'>

/** Counters of the last scan. */
export interface ScanStats extends ResolveStats {
  /** namespaces read besides the scanner's own */
  otherNamespaces: number
  /** /proc/<pid>/ns/net links read */
  netnsReadlinks: number
}

/** Reads sockets with their processes; keeps the process cache between scans. */
export class SocketScanner {
  readonly #table: ProcessTable
  readonly #netDir: string
  readonly #procRoot: string
  readonly #namespaces: NetNamespaces
  #ephemeral: readonly [number, number] | undefined
  readonly #buf = Buffer.allocUnsafe(64 * 1024)
  /** every socket inode of the last scan */
  readonly #slots = new Map<number, Slot>()
  /** slots of the current scan in /proc/net order (reused: #count is the socket count) */
  readonly #order: Slot[] = []
  #count = 0
  #scanNo = 0
  /** sockets of this scan without a known owner, by inode */
  readonly #pending = new Map<number, Fields>()
  #proto = ''
  /** the array returned by the last scan */
  #last: Metadata[] = []
  readonly #visit: ProcNetVisitor = (la, lp, ra, rp, st, inode) => this.#line(la, lp, ra, rp, st, inode)

  /**
   * `netDir` is /proc/net: the reader's own network namespace (/proc/self/net). `namespaces`
   * (default `auto`: every namespace when in the host's, else its own) is for tests.
   */
  constructor(opts: { procRoot?: string; netDir?: string; namespaces?: NamespaceScope } = {}) {
    this.#procRoot = opts.procRoot ?? '/proc'
    this.#table = new ProcessTable(this.#procRoot)
    this.#netDir = opts.netDir ?? '/proc/net'
    this.#namespaces = new NetNamespaces(this.#procRoot, opts.namespaces ?? 'auto')
  }

  /** True when the scanner reads every network namespace, not only its own. */
  get allNamespaces(): boolean {
    return this.#namespaces.all
  }

  /** Counters of the last scan. */
  get stats(): ScanStats {
    return { ...this.#table.lastStats, otherNamespaces: this.#namespaces.count, netnsReadlinks: this.#namespaces.readlinks }
  }

  /** The `Sockets` array, in /proc/net order; the previous array itself when nothing changed. */
  scan(): Metadata[] {
    const scanNo = ++this.#scanNo
    this.#table.refresh()
    this.#count = 0
    this.#readNamespace(this.#netDir)
    for (const dir of this.#namespaces.others(this.#table)) this.#readNamespace(dir)
    const n = this.#count
    if (this.#order.length > n) this.#order.length = n
    if (this.#slots.size > n) {
      const gone: number[] = []
      this.#slots.forEach((s, inode) => {
        if (s.seen === scanNo) return
        this.#slots.delete(inode)
        gone.push(inode)
      })
      this.#table.closed(gone)
    }
    if (this.#pending.size) this.#resolvePending()
    this.#table.retainOrphans((inode) => this.#slots.has(inode))
    return this.#collect()
  }

  /** Visits the socket files of one namespace's net directory. */
  #readNamespace(dir: string): void {
    for (const [file, proto] of FILES) {
      if (file === 'tcp6' && this.#noTcp6(dir)) continue
      this.#proto = proto
      this.#visitFile(`${dir}/${file}`, this.#visit)
    }
  }

  /** One owned socket line (visitor of the /proc/net files). */
  #line(la: string, lp: number, ra: string, rp: number, st: string, inode: number): void {
    let slot = this.#slots.get(inode)
    if (slot === undefined) {
      slot = { inode, entry: null, seen: this.#scanNo }
      this.#slots.set(inode, slot)
    } else if (slot.seen === this.#scanNo) {
      return // listed twice (the table changed while read, or a namespace read twice): keep the first
    } else {
      slot.seen = this.#scanNo
    }
    this.#order[this.#count++] = slot
    const owner = this.#table.owner(inode)
    if (owner === undefined) {
      this.#pending.set(inode, { Protocol: this.#proto, LocalAddress: la, LocalPort: lp, RemoteAddress: ra, RemotePort: rp, State: st })
    } else {
      slot.entry = owner && entryFor(slot.entry, this.#proto, la, lp, ra, rp, st, owner)
    }
  }

  /** Walks /proc for the owners of new sockets, then fixes what the walk changed. */
  #resolvePending(): void {
    const table = this.#table
    const likely = (missing: number[]) => this.#likelyOwners(missing)
    const dropped = table.droppedOwners
    table.learn([...this.#pending.keys()], likely)
    if (table.droppedOwners !== dropped) {
      // The walk saw fds closed or reused: sockets it took an owner from (passed to another
      // process) get their new owner, or go.
      const lost: number[] = []
      for (let i = 0; i < this.#count; i++) {
        const s = this.#order[i]!
        if (s.entry !== null && !this.#pending.has(s.inode) && table.owner(s.inode) === undefined) lost.push(s.inode)
      }
      if (lost.length) table.learn(lost, likely)
      for (let i = 0; i < this.#count; i++) {
        const s = this.#order[i]!
        const e = s.entry
        if (e === null || this.#pending.has(s.inode)) continue
        const p = table.owner(s.inode)
        if (p && p.pid === e['Pid'] && p.exe === e['Process'] && p.name === e['Name']) continue
        s.entry = p ? Object.freeze({ ...e, Process: p.exe, Pid: p.pid, Name: p.name }) : null
      }
    }
    this.#pending.forEach((f, inode) => {
      const s = this.#slots.get(inode)!
      const p = table.owner(inode)
      s.entry = p ? entryFor(s.entry, f.Protocol, f.LocalAddress, f.LocalPort, f.RemoteAddress, f.RemotePort, f.State, p) : null
    })
    this.#pending.clear()
  }

  /** The entries of this scan in order; the last array when every entry is the same object. */
  #collect(): Metadata[] {
    const last = this.#last
    let out: Metadata[] | undefined
    let k = 0
    for (let i = 0; i < this.#count; i++) {
      const e = this.#order[i]!.entry
      if (e === null) continue
      if (out === undefined) {
        if (last[k] === e) {
          k++
          continue
        }
        // Sized once: grown by push, a 20,000-entry array leaves ~2× its size of old copies
        // in V8's large-object space, garbage until the next full GC.
        out = new Array<Metadata>(this.#count)
        for (let j = 0; j < k; j++) out[j] = last[j]!
      }
      out[k++] = e
    }
    if (out === undefined) {
      if (k === last.length) return last
      out = last.slice(0, k)
    }
    out.length = k
    this.#last = out
    return out
  }

  /**
   * Pids holding a listening socket on the local port of a still unknown socket (a server's
   * accepted connection), or a socket to the same remote endpoint when that is a service port
   * (a client reconnecting). Ephemeral ports do not count: with 20,000 sockets most of them
   * are in use somewhere, and their holders would be re-read for nothing.
   */
  #likelyOwners(missing: readonly number[]): number[] {
    const [low, high] = this.#ephemeralPorts()
    const ports = new Set<number>()
    /** remote address → remote ports */
    const remotes = new Map<string, Set<number>>()
    for (const inode of missing) {
      const f = this.#pending.get(inode) ?? this.#slots.get(inode)?.entry
      if (!f) continue
      ports.add(f['LocalPort'] as number)
      const ra = f['RemoteAddress'] as string
      const rp = f['RemotePort'] as number
      if (!rp || (rp >= low && rp <= high)) continue
      const rps = remotes.get(ra)
      if (rps) rps.add(rp)
      else remotes.set(ra, new Set([rp]))
    }
    const pids = new Set<number>()
    for (let i = 0; i < this.#count; i++) {
      const e = this.#order[i]!.entry
      if (e === null) continue
      const listens = e['State'] === 'LISTEN' || (e['Protocol'] === 'UDP' && e['RemotePort'] === 0)
      if ((listens && ports.has(e['LocalPort'] as number)) || remotes.get(e['RemoteAddress'] as string)?.has(e['RemotePort'] as number)) {
        pids.add(e['Pid'] as number)
      }
    }
    return [...pids]
  }

  /** The namespace's ephemeral port range (net.ipv4.ip_local_port_range), read once. */
  #ephemeralPorts(): readonly [number, number] {
    if (this.#ephemeral) return this.#ephemeral
    let range: [number, number] = [32768, 60999] // the kernel default
    try {
      const [low, high] = readFileSync(`${this.#procRoot}/sys/net/ipv4/ip_local_port_range`, 'latin1').trim().split(/\s+/).map(Number)
      if (low && high && low <= high) range = [low, high]
    } catch {
      // not Linux procfs (tests): the default
    }
    this.#ephemeral = range
    return range
  }

  /**
   * True when sockstat6 counts no TCP6 socket in use: then tcp6 lists nothing a process holds
   * (only TIME_WAIT and SYN_RECV lines, inode 0), yet reading it costs a walk of the whole TCP
   * hash, IPv4 sockets included (~7 ms of kernel time with 20,000 sockets).
   */
  #noTcp6(dir: string): boolean {
    let fd: number
    try {
      fd = openSync(`${dir}/sockstat6`, 'r')
    } catch {
      return false
    }
    let n: number
    try {
      n = readSync(fd, this.#buf, 0, 4096, 0)
    } finally {
      closeSync(fd)
    }
    return /^TCP6: inuse 0$/m.test(this.#buf.toString('latin1', 0, n))
  }

  /**
   * Streams a /proc/net file through a small reusable buffer (a 20,000-socket file is 3 MB):
   * complete lines are parsed, a cut last line moves to the front. Absent files (IPv6
   * disabled) are skipped.
   */
  #visitFile(path: string, visit: ProcNetVisitor): void {
    let fd: number
    try {
      fd = openSync(path, 'r')
    } catch {
      return
    }
    try {
      const b = this.#buf
      let filled = 0
      let header = true
      for (;;) {
        const n = readSync(fd, b, filled, b.length - filled, null)
        const end = filled + n
        let from = 0
        if (header) {
          const nl = b.indexOf(10, 0)
          if (nl < 0 || nl >= end) { if (n === 0) return; filled = end; continue }
          from = nl + 1
          header = false
        }
        const rest = visitLines(b, from, end, false, visit, n > 0)
        if (n === 0) return
        b.copy(b, 0, rest, end)
        filled = end - rest
        if (filled === b.length) return // a line longer than the buffer: not /proc/net
      }
    } finally {
      closeSync(fd)
    }
  }
}

/** `old` when it says the same, else a new frozen entry. */
function entryFor(old: Metadata | null, proto: string, la: string, lp: number, ra: string, rp: number, st: string, p: ProcessInfo): Metadata {
  if (old && old['Pid'] === p.pid && old['State'] === st && old['LocalPort'] === lp && old['RemotePort'] === rp &&
    old['LocalAddress'] === la && old['RemoteAddress'] === ra && old['Protocol'] === proto && old['Process'] === p.exe &&
    old['Name'] === p.name) return old
  return Object.freeze({ Protocol: proto, LocalAddress: la, LocalPort: lp, RemoteAddress: ra, RemotePort: rp, State: st, Process: p.exe, Pid: p.pid, Name: p.name })
}

/** True when two Sockets arrays hold the same entries in the same order. */
export function sameSockets(a: readonly Metadata[], b: readonly Metadata[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x === y) continue
    if (x['LocalPort'] !== y['LocalPort'] || x['RemotePort'] !== y['RemotePort'] || x['Pid'] !== y['Pid'] ||
      x['State'] !== y['State'] || x['LocalAddress'] !== y['LocalAddress'] || x['RemoteAddress'] !== y['RemoteAddress'] ||
      x['Protocol'] !== y['Protocol'] || x['Name'] !== y['Name'] || x['Process'] !== y['Process']) return false
  }
  return true
}
