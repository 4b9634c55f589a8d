/**
 * Application layers reached through UDP ports or IP protocols: DNS, NTP, DHCPv4, DHCPv6,
 * SIP, BFD, GTPv1U, sFlow, VRRP, IGMP. Each checks what gopacket v1.1.17 checks, so a payload
 * gopacket rejects ends the path with a DecodeFailure (spec/flows.md §2.9, ntp-corrupted).
 */
import type { DecodedFrame } from './decoded-frame.js'
import { type Cursor, FAIL } from './decode-link.js'
import { dnsValid } from './dns.js'
import { L } from './layer-types.js'

const SIP_METHODS = new Set(['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'PRACK',
  'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'INFO', 'REFER', 'MESSAGE', 'UPDATE', 'PING'])

/** Decodes one of the application layers above, consuming the rest of the payload. */
export function decodeApp(f: DecodedFrame, c: Cursor, code: number): number {
  if (!appValid(f.buf, c.off, c.end, code)) return FAIL
  f.push(code, c.off, c.end - c.off, c.end)
  c.off = c.end
  if (code === L.GTPV1U) return gtpInner(f, c)
  return 0
}

function appValid(b: Uint8Array, o: number, end: number, code: number): boolean {
  const n = end - o
  switch (code) {
    case L.DNS: return dnsValid(b, o, end)
    case L.NTP: return n >= 48
    case L.DHCPV4: return dhcpv4Valid(b, o, end)
    case L.DHCPV6: return dhcpv6Valid(b, o, end)
    case L.SIP: return sipValid(b, o, end)
    case L.BFD: return n >= 24
    case L.GTPV1U: return gtpHeaderLength(b, o, end) > 0
    case L.SFLOW: return n >= 28 && b[o] === 0 && b[o + 1] === 0 && b[o + 2] === 0 && b[o + 3] === 5
    case L.VRRP: return n >= 8 && (b[o]! & 0x0f) === 1 && b[o + 3]! >= 1 && n >= 8 + 4 * b[o + 3]!
    case L.IGMP: return n >= 8
    default: return n > 0
  }
}

function dhcpv4Valid(b: Uint8Array, o: number, end: number): boolean {
  if (end - o < 240 || 28 + b[o + 2]! > end - o) return false
  if (b[o + 236] !== 0x63 || b[o + 237] !== 0x82 || b[o + 238] !== 0x53 || b[o + 239] !== 0x63) return false
  for (let p = o + 240; p < end;) {
    const t = b[p]!
    if (t === 255) break
    if (t === 0) { p++; continue }
    if (end - p < 2 || b[p + 1]! > end - p - 2) return false
    p += 2 + b[p + 1]!
  }
  return true
}

function dhcpv6Valid(b: Uint8Array, o: number, end: number): boolean {
  if (end - o < 4) return false
  const relay = b[o] === 12 || b[o] === 13
  let p = o + (relay ? 34 : 4)
  if (p > end) return false
  while (p < end) {
    if (end - p < 4) return false
    const l = (b[p + 2]! << 8) | b[p + 3]!
    if (p + 4 + l > end) return false
    p += 4 + l
  }
  return true
}

/** First line is a request line with a known method or a status line. */
function sipValid(b: Uint8Array, o: number, end: number): boolean {
  let e = o
  while (e < end && b[e] !== 0x0d && b[e] !== 0x0a) e++
  if (e - o > 1024) return false
  const line = String.fromCharCode(...b.subarray(o, e)).split(' ')
  if (line.length < 3) return false
  return line[0]!.startsWith('SIP/') || SIP_METHODS.has(line[0]!.toUpperCase())
}

/** GTPv1-U header length including optional fields and extension headers, or 0 if invalid. */
function gtpHeaderLength(b: Uint8Array, o: number, end: number): number {
  if (end - o < 8 || (b[o]! >> 5) !== 1) return 0
  const flags = b[o]!
  let hl = 8
  if (flags & 0x07) {
    hl += 4
    if (end - o < hl) return 0
    if (flags & 0x04) {
      let next = b[o + hl - 1]!
      while (next !== 0) {
        if (end - o < hl + 1) return 0
        const l = b[o + hl]! * 4
        if (l === 0 || end - o < hl + l) return 0
        next = b[o + hl + l - 1]!
        hl += l
      }
    }
  }
  return hl
}

/** GTPv1-U carries IP: rewind to its payload and continue by version nibble (gopacket gtp.go). */
function gtpInner(f: DecodedFrame, c: Cursor): number {
  const i = f.count - 1
  const o = f.offsets[i]!
  const hl = gtpHeaderLength(f.buf, o, f.ends[i]!)
  f.lens[i] = hl
  c.off = o + hl
  if (c.off >= c.end) return 0
  const v = f.buf[c.off]! >> 4
  return v === 4 ? L.IPV4 : v === 6 ? L.IPV6 : L.PPP
}
