/**
 * Link-layer decoders (Ethernet, 802.1Q/QinQ, ARP, LLC/SNAP/STP, Linux SLL, loopback, PPPoE)
 * and the EtherType dispatch, following gopacket v1.1.17 layers plus Skydive's registrations
 * (flow/decoder.go). Each decoder appends its layer to the frame, moves the cursor to its
 * payload and returns the code of the next decoder: 0 = stop, FAIL = decode failure.
 */
import type { DecodedFrame } from './decoded-frame.js'
import { L } from './layer-types.js'

/** Returned by a decoder that could not decode its layer. */
export const FAIL = -1

/** Where the next decoder starts and ends in the frame buffer. */
export interface Cursor {
  off: number
  end: number
}

/** Layer code for an EtherType (gopacket EthernetTypeMetadata + Skydive's ERSPAN II). */
export function etherTypeLayer(t: number): number {
  switch (t) {
    case 0x0800: return L.IPV4
    case 0x86dd: return L.IPV6
    case 0x0806: return L.ARP
    case 0x8100: case 0x88a8: return L.DOT1Q
    case 0x8847: case 0x8848: return L.MPLS
    case 0x6558: return L.ETHERNET // transparent Ethernet bridging
    case 0x88be: return L.ERSPAN
    case 0x88cc: return L.LLDP
    case 0x2000: return L.CDP
    case 0x888e: return L.EAPOL
    case 0x8863: case 0x8864: return L.PPPOE
    case 0x880b: return L.PPP
    default: return FAIL // gopacket: "Unable to decode EthernetType"
  }
}

/** Ethernet II / 802.3 header. */
export function decodeEthernet(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 14) return FAIL
  const t = (b[o + 12]! << 8) | b[o + 13]!
  f.push(L.ETHERNET, o, 14, c.end)
  c.off = o + 14
  if (t < 0x0600) {
    // 802.3 length field: the payload is LLC, trimmed to that length
    if (c.end - c.off > t) c.end = c.off + t
    return L.LLC
  }
  return etherTypeLayer(t)
}

/** 802.1Q and 802.1ad tags (both decoded as Dot1Q, as gopacket does). */
export function decodeDot1Q(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 4) return FAIL
  f.push(L.DOT1Q, o, 4, c.end, ((b[o]! << 8) | b[o + 1]!) & 0x0fff)
  c.off = o + 4
  return etherTypeLayer((b[o + 2]! << 8) | b[o + 3]!)
}

/** ARP: header and addresses; trailing padding is a Payload. */
export function decodeARP(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 8) return FAIL
  const len = 8 + 2 * b[o + 4]! + 2 * b[o + 5]!
  if (c.end - o < len) return FAIL
  f.push(L.ARP, o, len, c.end)
  c.off = o + len
  return L.PAYLOAD
}

/** IEEE 802.2 LLC, then SNAP or STP; other SAPs end the decoding (gopacket LayerTypeZero). */
export function decodeLLC(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 3) return FAIL
  const dsap = b[o]!, ssap = b[o + 1]!, ctl = b[o + 2]!
  const len = (ctl & 0x1) === 0 || (ctl & 0x3) === 0x1 ? 4 : 3
  if (c.end - o < len) return FAIL
  f.push(L.LLC, o, len, c.end)
  c.off = o + len
  if (dsap === 0xaa && ssap === 0xaa) return L.SNAP
  if (dsap === 0x42 && ssap === 0x42) return L.STP
  return 0
}

/** SNAP: OUI and an EtherType. */
export function decodeSNAP(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 5) return FAIL
  f.push(L.SNAP, o, 5, c.end)
  c.off = o + 5
  return etherTypeLayer((b[o + 3]! << 8) | b[o + 4]!)
}

/** Linux cooked capture v1 (16 bytes) or v2 (20 bytes); both named "Linux SLL". */
export function decodeLinuxSLL(f: DecodedFrame, c: Cursor, v2: boolean): number {
  const b = f.buf, o = c.off, len = v2 ? 20 : 16
  if (c.end - o < len) return FAIL
  const at = v2 ? o : o + 14
  f.push(L.LINUX_SLL, o, len, c.end)
  c.off = o + len
  return etherTypeLayer((b[at]! << 8) | b[at + 1]!)
}

/** BSD loopback (DLT_NULL host order, DLT_LOOP network order): a 4-byte address family. */
export function decodeLoopback(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 4) return FAIL
  const fam = b[o] === 0 && b[o + 1] === 0
    ? ((b[o + 2]! << 8) | b[o + 3]!)
    : (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
  f.push(L.LOOPBACK, o, 4, c.end)
  c.off = o + 4
  if (fam === 2) return L.IPV4
  if (fam === 10 || fam === 24 || fam === 28 || fam === 30) return L.IPV6
  return FAIL
}

/** PPPoE (discovery and session); session payload is PPP. */
export function decodePPPoE(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 6) return FAIL
  const len = (b[o + 4]! << 8) | b[o + 5]!
  f.push(L.PPPOE, o, 6, c.end)
  c.off = o + 6
  if (c.end - c.off > len) c.end = c.off + len
  return b[o + 1] === 0x00 ? L.PPP : L.PAYLOAD
}

/** PPP: protocol field (1 or 2 bytes), then IPv4/IPv6/MPLS. */
export function decodePPP(f: DecodedFrame, c: Cursor): number {
  const b = f.buf, o = c.off
  if (c.end - o < 2) return FAIL
  const one = (b[o]! & 0x01) === 1
  const proto = one ? b[o]! : (b[o]! << 8) | b[o + 1]!
  const len = one ? 1 : 2
  f.push(L.PPP, o, len, c.end)
  c.off = o + len
  if (proto === 0x21) return L.IPV4
  if (proto === 0x57) return L.IPV6
  if (proto === 0x281) return L.MPLS
  return L.PAYLOAD
}

/** Layers this decoder names but does not look into (LLDP, CDP, EAPOL, STP...). */
export function decodeOpaque(f: DecodedFrame, c: Cursor, code: number, min: number): number {
  if (c.end - c.off < min) return FAIL
  f.push(code, c.off, c.end - c.off, c.end)
  c.off = c.end
  return 0
}
