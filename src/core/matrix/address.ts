/** Address tests the matrix needs, written without node:net so src/core stays pure. */

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

/** True for a dotted IPv4 address ("10.0.0.1"). */
export function isIPv4(address: string): boolean {
  const m = IPV4.exec(address)
  return m !== null && m.slice(1).every((o) => Number(o) <= 255)
}

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.split('%')[0] ?? ''
  const lastColon = text.lastIndexOf(':')
  const last = text.slice(lastColon + 1)
  if (last.includes('.')) {
    // embedded IPv4 ("::ffff:10.0.0.1"): rewrite its four octets as two hex groups
    if (lastColon < 0 || !isIPv4(last)) return undefined
    const o = last.split('.').map(Number) as [number, number, number, number]
    text = `${text.slice(0, lastColon + 1)}${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const parse = (s: string): number[] | undefined => {
    if (s === '') return []
    const out: number[] = []
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined
      out.push(parseInt(g, 16))
    }
    return out
  }
  const head = parse(halves[0] ?? '')
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : []
  if (!head || !tail) return undefined
  if (halves.length === 1) return head.length === 8 ? head : undefined
  const fill = 8 - head.length - tail.length
  return fill >= 1 ? [...head, ...new Array<number>(fill).fill(0), ...tail] : undefined
}

/**
 * True for a loopback address: 127.0.0.0/8, ::1, and IPv4-mapped ::ffff:127.x.y.z.
 * Unparsable text is not loopback (upstream's `ipaddress.ip_address` raised instead).
 */
export function isLoopback(address: string): boolean {
  // fast path: most addresses are IPv4, and only 127.x of those can be loopback
  if (!address.includes(':')) return address.startsWith('127.') && isIPv4(address)
  const g = ipv6Groups(address)
  if (!g) return false
  const zeroPrefix = g.slice(0, 5).every((x) => x === 0)
  if (zeroPrefix && g[5] === 0 && g[6] === 0 && g[7] === 1) return true
  return zeroPrefix && g[5] === 0xffff && (g[6]! >> 8) === 127
}
