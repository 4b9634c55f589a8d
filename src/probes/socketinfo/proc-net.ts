/**
 * Parses /proc/net/{tcp,tcp6,udp,udp6} (spec/topology.md §2.3): addresses are hex words in
 * host (little-endian) order, ports big-endian hex, the state a hex kernel TCP state.
 * Written for 20,000-line files: indexOf scanning and a cache of decoded addresses.
 */

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
 * Quirk (topology spec §2.3): upstream's list has no CLOSE, so kernel state 7 (CLOSE) reads as
 * TIME_WAIT and unconnected UDP sockets show TIME_WAIT; we keep it for compatible queries.
 */
const STATES = ['UNKNOWN', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT',
  'TIME_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING'] as const

const addrCache = new Map<string, string>()

/** Textual IP of a /proc/net hex address (8 hex digits for IPv4, 32 for IPv6). */
export function decodeAddress(hex: string): string {
  const hit = addrCache.get(hex)
  if (hit !== undefined) return hit
  const text = hex.length === 8 ? decodeV4(hex, 0) : decodeV6(hex)
  if (addrCache.size > 100_000) addrCache.clear()
  addrCache.set(hex, text)
  return text
}

function decodeV4(hex: string, at: number): string {
  const w = parseInt(hex.slice(at, at + 8), 16)
  return `${w & 0xff}.${(w >>> 8) & 0xff}.${(w >>> 16) & 0xff}.${w >>> 24}`
}

function decodeV6(hex: string): string {
  const bytes: number[] = []
  for (let word = 0; word < 4; word++) {
    const w = parseInt(hex.slice(word * 8, word * 8 + 8), 16)
    bytes.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24)
  }
  // IPv4-mapped (::ffff:a.b.c.d) prints as dotted IPv4, as Go's net.IP.String() does.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12).join('.')
  }
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!)
  return formatV6(groups)
}

/** RFC 5952 text: lowercase, longest run (≥ 2) of zero groups as "::". */
function formatV6(groups: number[]): string {
  let best = -1
  let bestLen = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen) { best = i; bestLen = j - i }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (best < 0) return hex.join(':')
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`
}

/** Parses one /proc/net file. Malformed lines are skipped. */
export function parseProcNet(text: string, protocol: 'TCP' | 'UDP'): ProcSocket[] {
  const out: ProcSocket[] = []
  let pos = text.indexOf('\n') + 1 // header line
  while (pos > 0 && pos < text.length) {
    const end = text.indexOf('\n', pos)
    const line = text.slice(pos, end < 0 ? text.length : end)
    pos = end < 0 ? text.length : end + 1
    const f = line.trim().split(/\s+/)
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
    if (f.length < 10) continue
    const local = f[1]!
    const remote = f[2]!
    const lc = local.indexOf(':')
    const rc = remote.indexOf(':')
    if (lc < 0 || rc < 0) continue
    out.push({
      Protocol: protocol,
      LocalAddress: decodeAddress(local.slice(0, lc)),
      LocalPort: parseInt(local.slice(lc + 1), 16),
      RemoteAddress: decodeAddress(remote.slice(0, rc)),
      RemotePort: parseInt(remote.slice(rc + 1), 16),
      State: STATES[parseInt(f[3]!, 16)] ?? 'UNKNOWN',
      inode: Number(f[9]),
    })
  }
  return out
}
