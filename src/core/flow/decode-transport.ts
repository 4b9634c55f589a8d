/**
 * Transport, ICMP and tunnel decoders: TCP, UDP, SCTP, ICMPv4, ICMPv6 (echo and neighbour
 * discovery), GRE, VXLAN, Geneve and MPLS (gopacket v1.1.17 semantics; spec/flows.md §2.9).
 */
import type { DecodedFrame } from './decoded-frame.js'
import { type Cursor, FAIL, etherTypeLayer } from './decode-link.js'
import { L } from './layer-types.js'

/** TCP: the payload is never decoded further (every TCP path ends in "TCP"). */
export function decodeTCP(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 20) return FAIL
  const hl = (b[o + 12]! >> 4) * 4
  // gopacket keeps the TCP layer (ports, flags) when the data offset is bad
  if (hl < 20 || hl > c.end - o) {
    f.push(L.TCP, o, c.end - o, c.end)
    c.off = c.end
    return FAIL
  }
  f.push(L.TCP, o, hl, c.end)
  c.off = o + hl
  return L.PAYLOAD
}

/** UDP: the Length field bounds the payload; the next layer comes from the port table. */
export function decodeUDP(f: DecodedFrame, c: Cursor, ports: Uint8Array): number {
  const b = f.buf, o = c.off
  if (c.end - o < 8) return FAIL
  const len = (b[o + 4]! << 8) | b[o + 5]!
  if (len > 0 && len < 8) return FAIL
  const end = len === 0 ? c.end : Math.min(c.end, o + len)
  f.push(L.UDP, o, 8, end)
  c.off = o + 8
  c.end = end
  const dst = ports[(b[o + 2]! << 8) | b[o + 3]!]!
  if (dst !== 0) return dst
  const src = ports[(b[o]! << 8) | b[o + 1]!]!
  return src !== 0 ? src : L.PAYLOAD
}

/** SCTP common header, then one layer per chunk. */
export function decodeSCTP(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 12) return FAIL
  f.push(L.SCTP, o, 12, c.end)
  let p = o + 12
  while (c.end - p >= 4) {
    const type = b[p]!
    const len = (b[p + 2]! << 8) | b[p + 3]!
    const actual = (len + 3) & ~3
    if (len < 4 || p + len > c.end) { c.off = p; return FAIL }
    if (f.count >= 40) break
    f.push(L.SCTP_CHUNK_BASE + (type <= 14 ? type : 12), p, Math.min(actual, c.end - p), c.end)
    p += Math.min(actual, c.end - p)
  }
  c.off = p
  return p < c.end ? L.PAYLOAD : 0
}

/** ICMPv4: 8-byte header; echo identifier at bytes 4–5. */
export function decodeICMPv4(f: DecodedFrame, c: Cursor): number {
  if (c.end - c.off < 8) return FAIL
  f.push(L.ICMPV4, c.off, 8, c.end)
  c.off += 8
  return L.PAYLOAD
}

/** ICMPv6: 4-byte header, then echo or a neighbour-discovery message by type. */
export function decodeICMPv6(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 4) return FAIL
  f.push(L.ICMPV6, o, 4, c.end)
  c.off = o + 4
  switch (b[o]) {
    case 128: case 129: return L.ICMPV6_ECHO
    case 133: return L.ICMPV6_RS
    case 134: return L.ICMPV6_RA
    case 135: return L.ICMPV6_NS
    case 136: return L.ICMPV6_NA
    case 137: return L.ICMPV6_REDIRECT
    default: return L.PAYLOAD
  }
}

/** ICMPv6 echo: identifier and sequence number. */
export function decodeICMPv6Echo(f: DecodedFrame, c: Cursor): number {
  if (c.end - c.off < 4) return FAIL
  f.push(L.ICMPV6_ECHO, c.off, 4, c.end)
  c.off += 4
  return L.PAYLOAD
}

/** Neighbour discovery messages: fixed part then TLV options in 8-octet units. */
export function decodeICMPv6ND(f: DecodedFrame, c: Cursor, code: number): number {
  const b = f.buf, o = c.off
  const fixed = code === L.ICMPV6_RS ? 4 : code === L.ICMPV6_RA ? 12 : code === L.ICMPV6_REDIRECT ? 36 : 20
  if (c.end - o < fixed) return FAIL
  for (let p = o + fixed; p < c.end;) {
    if (c.end - p < 2) return FAIL
    const l = b[p + 1]! * 8
    if (l === 0 || p + l > c.end) return FAIL
    p += l
  }
  f.push(code, o, c.end - o, c.end)
  c.off = c.end
  return 0
}

/** GRE (RFC 2784/2890, PPTP version 1); `values[i]` is the key, 0 if absent. */
export function decodeGRE(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 4) return FAIL
  const f0 = b[o]!, f1 = b[o + 1]!
  const proto = (b[o + 2]! << 8) | b[o + 3]!
  let hl = 4, key = 0
  if (f0 & 0xc0) hl += 4 // checksum or routing present
  if (f0 & 0x20) {
    if (c.end - o < hl + 4) return FAIL
    key = ((b[o + hl]! << 24) | (b[o + hl + 1]! << 16) | (b[o + hl + 2]! << 8) | b[o + hl + 3]!) >>> 0
    hl += 4
  }
  if (f0 & 0x10) hl += 4 // sequence number
  if (f0 & 0x40) {
    // routing: source route entries until a NULL entry (RFC 1701)
    for (;;) {
      if (c.end - o < hl + 4) return FAIL
      const sreLen = b[o + hl + 3]!
      hl += 4 + sreLen
      if (sreLen === 0) break
    }
  }
  if (f1 & 0x80) hl += 4 // acknowledgment (PPTP)
  if (c.end - o < hl) return FAIL
  f.push(L.GRE, o, hl, c.end, key)
  c.off = o + hl
  return etherTypeLayer(proto)
}

/** ERSPAN type II: its 8-byte header is skipped, not a layer (Skydive flow/decoder.go). */
export function skipERSPAN(f: DecodedFrame, c: Cursor): number {
  if (c.end - c.off < 8 + 14) return FAIL
  c.off += 8
  return L.ETHERNET
}

/** VXLAN: 8-byte header, VNI in bytes 4–6, then Ethernet. */
export function decodeVXLAN(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 8) return FAIL
  f.push(L.VXLAN, o, 8, c.end, (b[o + 4]! << 16) | (b[o + 5]! << 8) | b[o + 6]!)
  c.off = o + 8
  return L.ETHERNET
}

/** Geneve: options skipped; the inner layer follows the protocol type. */
export function decodeGeneve(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 8) return FAIL
  const hl = 8 + (b[o]! & 0x3f) * 4
  if (c.end - o < hl) return FAIL
  f.push(L.GENEVE, o, hl, c.end, (b[o + 4]! << 16) | (b[o + 5]! << 8) | b[o + 6]!)
  c.off = o + hl
  return etherTypeLayer((b[o + 2]! << 8) | b[o + 3]!)
}

/** One MPLS label stack entry; after bottom-of-stack the payload is guessed (MPLS_PAYLOAD). */
export function decodeMPLS(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 4) return FAIL
  f.push(L.MPLS, o, 4, c.end, (b[o]! << 12) | (b[o + 1]! << 4) | (b[o + 2]! >> 4))
  c.off = o + 4
  return (b[o + 2]! & 0x01) ? L.MPLS_PAYLOAD : L.MPLS
}
