/**
 * Text forms of addresses and ids (spec/flows.md §1.4). Called when a flow is created or
 * serialised, never per packet.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Lowercase colon-separated MAC of the 6 bytes at `o`. */
export function formatMAC(b: Uint8Array, o: number): string {
  return `${HEX[b[o]!]}:${HEX[b[o + 1]!]}:${HEX[b[o + 2]!]}:${HEX[b[o + 3]!]}:${HEX[b[o + 4]!]}:${HEX[b[o + 5]!]}`
}

/** Dotted quad of the 4 bytes at `o`. */
export function formatIPv4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`
}

/**
 * RFC 5952 text of the 16 bytes at `o`, as Go's net.IP.String() prints it.
 * Quirk (flows spec §1.4): IPv4-mapped addresses (::ffff:a.b.c.d) print as a dotted quad.
 */
export function formatIPv6(b: Uint8Array, o: number): string {
  let mapped = b[o + 10] === 0xff && b[o + 11] === 0xff
  for (let i = 0; i < 10 && mapped; i++) if (b[o + i] !== 0) mapped = false
  if (mapped) return formatIPv4(b, o + 12)
  const g: number[] = []
  for (let i = 0; i < 16; i += 2) g.push((b[o + i]! << 8) | b[o + i + 1]!)
  // longest run of zero groups (at least two), first one wins
  let bestStart = -1, bestLen = 1
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue }
    let j = i
    while (j < 8 && g[j] === 0) j++
    if (j - i > bestLen) { bestStart = i; bestLen = j - i }
    i = j
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':')
  if (bestStart < 0) return hex(g)
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`
}

/** Text of an IPv4 (4 bytes) or IPv6 (16 bytes) address at `o`. */
export function formatIP(b: Uint8Array, o: number, v6: boolean): string {
  return v6 ? formatIPv6(b, o) : formatIPv4(b, o)
}

/** Lowercase hex of a uint64 without leading-zero padding (UUID, TrackingID). */
export function hex64(v: bigint): string {
  return v.toString(16)
}

/** Lowercase hex of bytes. */
export function bytesHex(b: Uint8Array): string {
  let s = ''
  for (const x of b) s += HEX[x]
  return s
}
