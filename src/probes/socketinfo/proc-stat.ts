/**
 * Reader of /proc/<pid>/stat for the fields the process table needs, into one reused page
 * (no string per process: a scan reads the stat of every process on the host).
 */
import { closeSync, openSync, readSync } from 'node:fs'

/** Reads start times and command names from /proc/<pid>/stat. */
export class ProcStatReader {
  readonly #proc: string
  readonly #buf = Buffer.allocUnsafe(4096)
  #close = 0

  constructor(procRoot = '/proc') {
    this.#proc = procRoot
  }

  /** Start time (field 22, clock ticks since boot) of `pid`, or -1 when gone; keeps the file for name(). */
  read(pid: number): number {
    const b = this.#buf
    let n: number
    try {
      const fd = openSync(`${this.#proc}/${pid}/stat`, 'r')
      try {
        n = readSync(fd, b, 0, b.length, 0)
      } finally {
        closeSync(fd)
      }
    } catch {
      return -1
    }
    const close = b.lastIndexOf(41, n - 1) // ')': the name may hold spaces and parentheses
    if (close < 0) return -1
    this.#close = close
    // field 22 (starttime) is the 20th after "state", which follows ") "
    let i = close + 2
    for (let field = 0; field < 19 && i < n; i++) if (b[i] === 32) field++
    let start = 0
    for (; i < n && b[i]! >= 48 && b[i]! <= 57; i++) start = start * 10 + b[i]! - 48
    return start
  }

  /** Command name of the stat file read() read last. */
  name(): string {
    return this.#buf.toString('latin1', this.#buf.indexOf(40) + 1, this.#close)
  }
}
