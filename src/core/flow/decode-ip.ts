/**
 * IPv4, IPv6 and IPv6 extension headers, with the IP protocol dispatch (gopacket v1.1.17
 * layers/ip4.go, ip6.go, enums.go).
 */
import type { DecodedFrame } from './decoded-frame.js'
import { type Cursor, FAIL } from './decode-link.js'
import { L } from './layer-types.js'

/** Layer code for an IP protocol number; unknown numbers fail as in gopacket. */
export function ipProtocolLayer(p: number): number {
  switch (p) {
    case 6: return L.TCP
    case 17: return L.UDP
    case 1: return L.ICMPV4
    case 58: return L.ICMPV6
    case 47: return L.GRE
    case 4: return L.IPV4
    case 41: return L.IPV6
    case 132: return L.SCTP
    case 2: return L.IGMP
    case 112: return L.VRRP
    case 50: return L.IPSEC_ESP
    case 51: return L.IPSEC_AH
    case 0: return L.IPV6_HOPBYHOP
    case 43: return L.IPV6_ROUTING
    case 44: return L.IPV6_FRAGMENT
    case 60: return L.IPV6_DESTINATION
    case 59: return L.PAYLOAD // no next header
    case 89: return L.OSPF
    case 97: return L.ETHERIP
    case 136: return L.UDPLITE
    default: return FAIL
  }
}

/** True when an IPv4 header at `o` would decode without error (used by the MPLS payload guess). */
export function ipv4HeaderValid(b: Uint8Array, o: number, end: number): boolean {
  if (end - o < 20) return false
  const ihl = b[o]! & 0x0f
  let len = (b[o + 2]! << 8) | b[o + 3]!
  if (len === 0) len = end - o
  return len >= 20 && ihl >= 5 && ihl * 4 <= len && ihl * 4 <= end - o
}

/**
 * IPv4. `values[i]` holds the Total Length (a zero length, as TSO captures show, is replaced
 * by the captured length as gopacket does). Fragments continue as an opaque Fragment layer
 * unless `defragFragLen` >= 0, which marks the header of a reassembled datagram.
 */
export function decodeIPv4(f: DecodedFrame, c: Cursor, defragFragLen: number): number {
  const b = f.buf, o = c.off
  const avail = c.end - o
  if (avail < 20) return FAIL
  const ihl = b[o]! & 0x0f
  let len = (b[o + 2]! << 8) | b[o + 3]!
  if (len === 0) len = avail
  const hlen = ihl * 4
  // gopacket adds the IPv4 layer before it reports a bad length, so the flow keeps its addresses
  if (len < 20 || ihl < 5 || hlen > len || hlen > avail) {
    f.push(L.IPV4, o, Math.min(hlen, avail), c.end, len)
    c.off = o + Math.min(hlen, avail)
    return FAIL
  }
  const end = defragFragLen >= 0 ? c.end : Math.min(c.end, o + len)
  f.push(L.IPV4, o, hlen, end, len)
  if (!ipv4OptionsValid(b, o + 20, o + hlen)) return FAIL
  c.off = o + hlen
  c.end = end
  const fragmented = (b[o + 6]! & 0x20) !== 0 || (((b[o + 6]! & 0x1f) << 8) | b[o + 7]!) !== 0
  if (fragmented) {
    if (defragFragLen < 0) return L.FRAGMENT
    f.push(L.FRAGMENT, c.off, defragFragLen, c.end)
  }
  return ipProtocolLayer(b[o + 9]!)
}

function ipv4OptionsValid(b: Uint8Array, o: number, end: number): boolean {
  while (o < end) {
    const t = b[o]!
    if (t === 0) return true // end of options list
    if (t === 1) { o++; continue }
    if (end - o < 2) return false
    const l = b[o + 1]!
    if (l < 2 || o + l > end) return false
    o += l
  }
  return true
}

/**
 * IPv6 with its Hop-by-Hop header (gopacket decodes both together). `values[i]` holds the
 * Payload Length field. A zero length is valid only with a jumbogram Hop-by-Hop option.
 */
export function decodeIPv6(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 40) return FAIL
  const len = (b[o + 4]! << 8) | b[o + 5]!
  let next = b[o + 6]!
  const i = f.push(L.IPV6, o, 40, c.end, len)
  let p = o + 40
  if (next === 0) {
    if (c.end - p < 2) return FAIL
    const hl = (b[p + 1]! + 1) * 8
    if (c.end - p < hl) return FAIL
    f.push(L.IPV6_HOPBYHOP, p, hl, c.end)
    next = b[p]!
    if (len === 0) {
      c.off = p + hl
      return ipProtocolLayer(next) // jumbogram: the payload runs to the end of the capture
    }
    p += hl
  } else if (len === 0) {
    return FAIL
  }
  const end = Math.min(c.end, o + 40 + len)
  f.ends[i] = end
  c.off = Math.min(p, end)
  c.end = end
  return ipProtocolLayer(next)
}

/** Hop-by-Hop, Routing and Destination options headers: length in 8-octet units. */
export function decodeIPv6Extension(f: DecodedFrame, c: Cursor, code: number): number {
  const b = f.buf, o = c.off
  if (c.end - o < 2) return FAIL
  const hl = (b[o + 1]! + 1) * 8
  if (c.end - o < hl) return FAIL
  f.push(code, o, hl, c.end)
  c.off = o + hl
  return ipProtocolLayer(b[o]!)
}

/** IPv6 Fragment header; the fragment data follows as an opaque Fragment layer. */
export function decodeIPv6Fragment(f: DecodedFrame, c: Cursor): number {
  if (c.end - c.off < 8) return FAIL
  f.push(L.IPV6_FRAGMENT, c.off, 8, c.end)
  c.off += 8
  return L.FRAGMENT
}

/** IPsec AH: length in 32-bit words minus 2; the next header follows. */
export function decodeAH(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 12) return FAIL
  const hl = (b[o + 1]! + 2) * 4
  if (c.end - o < hl) return FAIL
  f.push(L.IPSEC_AH, o, hl, c.end)
  c.off = o + hl
  return ipProtocolLayer(b[o]!)
}
