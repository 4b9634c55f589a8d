/**
 * Parses /proc/net/{tcp,tcp6,udp,udp6} (spec/topology.md §2.3): addresses are hex words in
 * host (little-endian) order, ports big-endian hex, the state a hex kernel TCP state.
 * Written for 20,000-line files read every few seconds: it scans bytes instead of splitting
 * strings, skips lines no process can own (inode 0) and decodes each address once.
 */
import { formatIPv6 } from '../../core/flow/format.js'

/** One socket line, before its owner process is known. */
export interface ProcSocket {
  Protocol: 'TCP' | 'UDP'
  LocalAddress: string
  LocalPort: number
  RemoteAddress: string
  RemotePort: number
  State: string
  /** socket inode; 0 for sockets no process holds (TIME_WAIT...) */
  inode: number
}

/**
 * Kernel TCP state number → Skydive state name.
 * Quirk (topology spec §2.3): upstream's list has no CLOSE, so kernel state 7 (CLOSE) read as
 * TIME_WAIT and unconnected UDP sockets showed TIME_WAIT. We report CLOSE, the kernel's name:
 * skydive-flow-matrix recognises a UDP server by State CLOSE (api spec §0.a), so with the
 * upstream mapping no UDP service ever appeared in the matrix.
 */
const STATES = ['UNKNOWN', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT',
  'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING'] as const

const v4Cache = new Map<number, string>()
const v6Cache = new Map<string, string>()

/** Textual IP of a /proc/net hex address (8 hex digits for IPv4, 32 for IPv6). */
export function decodeAddress(hex: string): string {
  const b = Buffer.from(hex, 'latin1')
  return hex.length === 8 ? v4At(b, 0) : v6At(b, 0)
}

function hexVal(c: number): number {
  return c <= 57 ? c - 48 : (c | 0x20) - 87
}

function word(b: Uint8Array, at: number): number {
  let w = 0
  for (let i = 0; i < 8; i++) w = w * 16 + hexVal(b[at + i]!)
  return w
}

function v4At(b: Uint8Array, at: number): string {
  const w = word(b, at)
  let s = v4Cache.get(w)
  if (s === undefined) {
    s = `${w & 0xff}.${(w >>> 8) & 0xff}.${(w >>> 16) & 0xff}.${w >>> 24}`
    if (v4Cache.size > 100_000) v4Cache.clear()
    v4Cache.set(w, s)
  }
  return s
}

function v6At(b: Uint8Array, at: number): string {
  const key = Buffer.from(b.buffer, b.byteOffset + at, 32).toString('latin1')
  let s = v6Cache.get(key)
  if (s === undefined) {
    const bytes: number[] = []
    for (let i = 0; i < 4; i++) {
      const w = word(b, at + i * 8)
      bytes.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24)
    }
    // IPv4-mapped (::ffff:a.b.c.d) prints dotted, as Go's net.IP.String() (and the flows) do
    s = formatIPv6(Uint8Array.from(bytes), 0)
    if (v6Cache.size > 100_000) v6Cache.clear()
    v6Cache.set(key, s)
  }
  return s
}

/** Options of parseProcNet. */
export interface ParseOptions {
  /** keep lines with inode 0 (default false: no process owns them, Sockets drops them) */
  keepUnowned?: boolean
}

/** Receives the fields of one socket line; strings are shared, nothing is allocated per line. */
export type ProcNetVisitor = (localAddress: string, localPort: number, remoteAddress: string, remotePort: number,
  state: string, inode: number) => void

/**
 * Parses one /proc/net file given as text or bytes (the first `length` bytes of `input`).
 * Malformed lines are skipped.
 */
export function parseProcNet(input: string | Uint8Array, protocol: 'TCP' | 'UDP', length?: number, opts: ParseOptions = {}): ProcSocket[] {
  const out: ProcSocket[] = []
  visitProcNet(input, length, opts.keepUnowned === true, (la, lp, ra, rp, st, inode) => {
    out.push({ Protocol: protocol, LocalAddress: la, LocalPort: lp, RemoteAddress: ra, RemotePort: rp, State: st, inode })
  })
  return out
}

/** Calls `visit` for each socket line of a /proc/net file (owned lines only unless `keepUnowned`). */
export function visitProcNet(input: string | Uint8Array, length: number | undefined, keepUnowned: boolean, visit: ProcNetVisitor): void {
  const b = typeof input === 'string' ? Buffer.from(input, 'latin1') : input
  let i = 0
  while (i < (length ?? b.length) && b[i] !== 10) i++ // header line
  visitLines(b, i + 1, length ?? b.length, keepUnowned, visit)
}

/**
 * Calls `visit` for the complete lines in `b[from, to)`; returns the offset where an
 * unterminated last line starts (for chunked reading), or `to`.
 */
export function visitLines(b: Uint8Array, from: number, to: number, keepUnowned: boolean, visit: ProcNetVisitor, partialLast = false): number {
  // Buffer's indexOf is a memchr: twice as fast as a byte loop over 150-byte lines
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)
  let i = from
  while (i < to) {
    let lineEnd = buf.indexOf(10, i)
    if (lineEnd < 0 || lineEnd > to) lineEnd = to
    if (lineEnd === to && partialLast) return i
    visitLine(buf, i, lineEnd, keepUnowned, visit)
    i = lineEnd + 1
  }
  return to
}

/** Index of the next non-blank byte at or after `i`. */
function skipBlanks(b: Uint8Array, i: number, to: number): number {
  while (i < to && (b[i] === 32 || b[i] === 9)) i++
  return i
}

/** Index of the next blank byte at or after `i`. */
function skipToken(b: Uint8Array, i: number, to: number): number {
  while (i < to && b[i] !== 32 && b[i] !== 9) i++
  return i
}

/** Hex digits before the ':' of an endpoint token (8 for IPv4, 32 for IPv6), or -1. */
function addrLength(b: Uint8Array, at: number, to: number): number {
  let colon = at
  while (colon < to && b[colon] !== 58) colon++
  const n = colon - at
  return n === 8 || n === 32 ? n : -1
}

function portAt(b: Uint8Array, at: number, to: number): number {
  let port = 0
  for (let i = at; i < to && b[i] !== 32; i++) port = port * 16 + hexVal(b[i]!)
  return port
}

/** Where the fields of a line start: offsets of the local and remote endpoints, the state and the uid. */
interface Layout {
  /** hex digits of an address: 8 (IPv4) or 32 (IPv6) */
  addr: number
  local: number
  remote: number
  state: number
  uid: number
}

/** Scratch filled per line (one object for all lines: nothing allocated per line). */
const layout: Layout = { addr: 0, local: 0, remote: 0, state: 0, uid: 0 }

/**
 * Fills `layout` for the kernel's fixed format ("%4d: " then local ADDR:PORT, remote ADDR:PORT,
 * ST, tx:rx (17), tr:when (11), retrnsmt (8): net/ipv4/tcp_ipv4.c get_tcp4_sock, the same for
 * tcp6 and udp); false when the line does not follow it (the caller walks its tokens instead).
 */
function fixedLayout(b: Uint8Array, from: number, to: number): boolean {
  let c = from
  while (c < to && c - from < 12 && b[c] !== 58) c++
  const local = c + 2
  const addr = b[local + 8] === 58 ? 8 : b[local + 32] === 58 ? 32 : 0
  if (addr === 0) return false
  const remote = local + addr + 6
  const state = remote + addr + 6
  const uid = state + 42
  if (uid >= to || b[local - 1] !== 32 || b[remote - 1] !== 32 || b[remote + addr] !== 58 || b[state - 1] !== 32 ||
    b[state + 2] !== 32 || b[state + 20] !== 32 || b[state + 32] !== 32 || b[uid - 1] !== 32) return false
  return setLayout(addr, local, remote, state, uid)
}

function setLayout(addr: number, local: number, remote: number, state: number, uid: number): true {
  layout.addr = addr
  layout.local = local
  layout.remote = remote
  layout.state = state
  layout.uid = uid
  return true
}

/** Same as fixedLayout by walking the blank-separated tokens. */
function tokenLayout(b: Uint8Array, from: number, to: number): boolean {
  const sl = skipBlanks(b, from, to)
  const local = skipBlanks(b, skipToken(b, sl, to), to)
  const remote = skipBlanks(b, skipToken(b, local, to), to)
  const state = skipBlanks(b, skipToken(b, remote, to), to)
  let uid = state
  for (let field = 3; field < 7; field++) uid = skipBlanks(b, skipToken(b, uid, to), to)
  const addr = addrLength(b, local, to)
  if (uid >= to || addr < 0 || addrLength(b, remote, to) !== addr) return false
  return setLayout(addr, local, remote, state, uid)
}

function visitLine(b: Uint8Array, from: number, to: number, keepUnowned: boolean, visit: ProcNetVisitor): void {
  // sl local rem st tx:rx tr:when retrnsmt uid timeout inode; nothing is decoded until the
  // line is known to matter (most lines of a busy host are TIME_WAIT with inode 0).
  if (!fixedLayout(b, from, to) && !tokenLayout(b, from, to)) return
  let i = skipBlanks(b, layout.uid, to)
  for (let field = 0; field < 2; field++) i = skipBlanks(b, skipToken(b, i, to), to) // uid, timeout
  if (i >= to) return
  let inode = 0
  for (; i < to && b[i]! >= 48 && b[i]! <= 57; i++) inode = inode * 10 + b[i]! - 48
  if (inode === 0 && !keepUnowned) return
  const { addr, local, remote, state } = layout
  const st = hexVal(b[state]!) * 16 + hexVal(b[state + 1]!)
  visit(addr === 8 ? v4At(b, local) : v6At(b, local), portAt(b, local + addr + 1, to),
    addr === 8 ? v4At(b, remote) : v6At(b, remote), portAt(b, remote + addr + 1, to), STATES[st] ?? 'UNKNOWN', inode)
}
