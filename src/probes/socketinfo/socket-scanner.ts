/**
 * One socket scan: the agent's namespace's /proc/net/{tcp,tcp6,udp,udp6} joined with the
 * inode → process table (spec/topology.md §2.3). Entries without an owning process are
 * dropped, as upstream does.
 */
import { readFileSync } from 'node:fs'
import type { Metadata } from '../../wire/index.js'
import { parseProcNet, type ProcSocket } from './proc-net.js'
import { ProcessTable } from './process-table.js'

const FILES = [['tcp', 'TCP'], ['tcp6', 'TCP'], ['udp', 'UDP'], ['udp6', 'UDP']] as const

/** Reads sockets with their processes; keeps the process cache between scans. */
export class SocketScanner {
  readonly #table: ProcessTable
  readonly #netDir: string

  /** `netDir` is /proc/net: the reader's own network namespace (/proc/self/net). */
  constructor(opts: { procRoot?: string; netDir?: string } = {}) {
    this.#table = new ProcessTable(opts.procRoot)
    this.#netDir = opts.netDir ?? '/proc/net'
  }

  /** Counters of the last process walk. */
  get stats() {
    return this.#table.lastStats
  }

  /** The `Sockets` array, in /proc/net order. */
  scan(): Metadata[] {
    const raw: ProcSocket[] = []
    for (const [file, proto] of FILES) {
      let text: string
      try {
        text = readFileSync(`${this.#netDir}/${file}`, 'latin1')
      } catch {
        continue // e.g. IPv6 disabled
      }
      for (const s of parseProcNet(text, proto)) raw.push(s)
    }
    const inodes = new Set<number>()
    for (const s of raw) if (s.inode) inodes.add(s.inode)
    const owners = this.#table.resolve(inodes)
    const out: Metadata[] = []
    for (const s of raw) {
      const p = s.inode ? owners.get(s.inode) : undefined
      if (!p) continue
      out.push({
        Protocol: s.Protocol, LocalAddress: s.LocalAddress, LocalPort: s.LocalPort,
        RemoteAddress: s.RemoteAddress, RemotePort: s.RemotePort, State: s.State,
        Process: p.exe, Pid: p.pid, Name: p.name,
      })
    }
    return out
  }
}

/** True when two Sockets arrays hold the same entries in the same order. */
export function sameSockets(a: readonly Metadata[], b: readonly Metadata[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x['LocalPort'] !== y['LocalPort'] || x['RemotePort'] !== y['RemotePort'] || x['Pid'] !== y['Pid'] ||
      x['State'] !== y['State'] || x['LocalAddress'] !== y['LocalAddress'] || x['RemoteAddress'] !== y['RemoteAddress'] ||
      x['Protocol'] !== y['Protocol'] || x['Name'] !== y['Name'] || x['Process'] !== y['Process']) return false
  }
  return true
}
