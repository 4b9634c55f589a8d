/** IPv4 CIDR parsing for the IPV4Range predicate (spec/api.md §5.3). */

/** Address, network and mask as unsigned 32-bit numbers, or undefined when `cidr` is not `a.b.c.d/len`. */
export function parseCidr(cidr: string): { address: number; network: number; mask: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr)
  if (!m) return undefined
  const octets = m.slice(1, 5).map(Number)
  const len = Number(m[5])
  if (octets.some((o) => o > 255) || len > 32) return undefined
  const address = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0
  return { address, network: (address & mask) >>> 0, mask }
}
