/**
 * DNS messages (RFC 1035) as gopacket v1.1.17 decodes them: the same walk validates a message
 * on the hot path (no strings) and builds the `DNS` extra layer of spec/flows.md §1.3 when a
 * flow asks for it. A message gopacket would reject is a decode failure here too.
 */
import { bytesHex, formatIPv4, formatIPv6 } from './format.js'

/** A DNS question in the long-standing JSON spelling. */
export interface DnsQuestionJson { name?: string; type?: string; class?: string }
/** A DNS resource record in the long-standing JSON spelling. */
export interface DnsRecordJson {
  name?: string; type?: string; class?: string; TTL?: number; data_length?: number
  IP?: string; NS?: string; CNAME?: string; PTR?: string; TXTs?: string[]
  SOA?: Record<string, unknown>; SRV?: Record<string, unknown>; MX?: Record<string, unknown>
  OPT?: Array<{ Code?: string; Data?: string }>
}

const TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 3: 'MD', 4: 'MF', 5: 'CNAME', 6: 'SOA', 7: 'MB', 8: 'MG', 9: 'MR', 10: 'NULL',
  11: 'WKS', 12: 'PTR', 13: 'HINFO', 14: 'MINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV',
  41: 'OPT', 256: 'URI',
}
const CLASSES: Record<number, string> = { 1: 'IN', 2: 'CS', 3: 'CH', 4: 'HS', 254: 'None', 255: 'Any' }
const OPCODES: Record<number, string> = { 0: 'Query', 1: 'IQuery', 2: 'Status', 4: 'Notify', 5: 'Update' }
const RCODES: Record<number, string> = {
  0: 'No Error', 1: 'Format Error', 2: 'Server Failure', 3: 'Non-Existent Domain',
  4: 'Not Implemented', 5: 'Query Refused', 6: 'Name Exists when it should not',
  7: 'RR Set Exists when it should not', 8: 'RR Set that should exist does not',
  9: 'Server Not Authoritative for zone', 10: 'Name not contained in zone',
  16: 'Bad OPT Version', 17: 'Key not recognized', 18: 'Signature out of time window',
  19: 'Bad TKEY Mode', 20: 'Duplicate key name', 21: 'Algorithm not supported', 22: 'Bad Truncation',
}
const OPT_CODES: Record<number, string> = {
  1: 'LLQ', 2: 'UL', 3: 'NSID', 5: 'DAU', 6: 'DHU', 7: 'N3U', 8: 'ClientSubnet', 9: 'Expire',
  10: 'Cookie', 11: 'TCPKeepAlive', 12: 'Padding',
}
// Types whose records the JSON keeps (flow/layers/dns.go); others are dropped.
const KEPT = new Set([1, 28, 6, 33, 15, 16, 13, 2, 5, 12, 41])
const utf8 = new TextDecoder('utf-8')

class Invalid extends Error {}
const INVALID = new Invalid()

/** Walks DNS names and records over `b[o, end)`; `collect` builds JSON, else only validates. */
class DnsWalker {
  constructor(readonly b: Uint8Array, readonly o: number, readonly end: number, readonly collect: boolean) {}

  u8(p: number): number {
    if (p >= this.end) throw INVALID
    return this.b[p]!
  }
  u16(p: number): number { return (this.u8(p) << 8) | this.u8(p + 1) }
  u32(p: number): number { return ((this.u16(p) << 16) | this.u16(p + 2)) >>> 0 }

  /** Decodes a name at p; returns [text, position after the name]. */
  name(p: number, level = 1, out: string[] = []): [string, number] {
    if (level > 255) throw INVALID
    const start = p
    if (this.u8(p) === 0) return ['', p + 1]
    for (;;) {
      const l = this.u8(p)
      if (l === 0) break
      const kind = l & 0xc0
      if (kind === 0) {
        const p2 = p + l + 1
        if (p2 - start > 255 || p2 > this.end) throw INVALID
        if (this.collect) out.push(utf8.decode(this.b.subarray(p + 1, p2)))
        p = p2
      } else if (kind === 0xc0) {
        this.name(this.o + (this.u16(p) & 0x3fff), level + 1, out)
        p++
        break
      } else {
        throw INVALID
      }
    }
    return [this.collect ? out.join('.') : '', p + 1]
  }

  question(p: number, into: DnsQuestionJson[]): number {
    const [name, q] = this.name(p)
    const type = this.u16(q), cls = this.u16(q + 2)
    if (this.collect) into.push(omitEmpty({ name, type: TYPES[type] ?? 'Unknown', class: CLASSES[cls] ?? 'Unknown' }))
    return q + 4
  }

  record(p: number, into: DnsRecordJson[]): number {
    const [name, q] = this.name(p)
    const type = this.u16(q), cls = this.u16(q + 2), ttl = this.u32(q + 4), dlen = this.u16(q + 8)
    const d = q + 10
    if (d + dlen > this.end) throw INVALID
    const rec: DnsRecordJson = {}
    switch (type) {
      case 1: case 28:
        if (this.collect) rec.IP = ipString(this.b.subarray(d, d + dlen))
        break
      case 16: case 13: {
        const txts: string[] = []
        for (let i = d; i !== d + dlen;) {
          const i2 = i + 1 + this.b[i]!
          if (i2 > d + dlen) throw INVALID
          if (this.collect) txts.push(utf8.decode(this.b.subarray(i + 1, i2)))
          i = i2
        }
        rec.TXTs = txts
        break
      }
      case 2: rec.NS = this.name(d)[0]; break
      case 5: rec.CNAME = this.name(d)[0]; break
      case 12: rec.PTR = this.name(d)[0]; break
      case 6: {
        const [mname, e1] = this.name(d)
        const [rname, e2] = this.name(e1)
        rec.SOA = omitEmpty({ MName: mname, RName: rname, serial: this.u32(e2), refresh: this.u32(e2 + 4),
          retry: this.u32(e2 + 8), expire: this.u32(e2 + 12), minimum: this.u32(e2 + 16) })
        break
      }
      case 15: {
        const pref = this.u16(d)
        rec.MX = omitEmpty({ preference: pref, name: this.name(d + 2)[0] })
        break
      }
      case 33: {
        const prio = this.u16(d), weight = this.u16(d + 2), port = this.u16(d + 4)
        rec.SRV = omitEmpty({ priority: prio, weight, port, name: this.name(d + 6)[0] })
        break
      }
      case 41: rec.OPT = this.opts(d, d + dlen); break
    }
    if (this.collect && KEPT.has(type)) {
      into.push(omitEmpty({ name, type: TYPES[type] ?? 'Unknown', class: CLASSES[cls] ?? 'Unknown', TTL: ttl,
        data_length: dlen, ...rec }))
    }
    return d + dlen
  }

  opts(p: number, end: number): Array<{ Code?: string; Data?: string }> {
    const out: Array<{ Code?: string; Data?: string }> = []
    if (p === end) return out
    if (p + 4 > end) throw INVALID
    while (p < end) {
      const code = this.u16(p), l = this.u16(p + 2)
      if (p + 4 + l > end) throw INVALID
      if (this.collect) out.push(omitEmpty({ Code: OPT_CODES[code] ?? 'Unknown', Data: utf8.decode(this.b.subarray(p + 4, p + 4 + l)) }))
      p += 4 + l
    }
    return out
  }
}

function ipString(bytes: Uint8Array): string {
  if (bytes.length === 4) return formatIPv4(bytes, 0)
  if (bytes.length === 16) return formatIPv6(bytes, 0)
  return bytes.length === 0 ? '<nil>' : `?${bytesHex(bytes)}`
}

/** Drops keys whose values are empty, zero or false, as Go's omitempty does. */
function omitEmpty<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) {
    if (v === '' || v === 0 || v === false || v === undefined || (Array.isArray(v) && v.length === 0)) {
      delete (o as Record<string, unknown>)[k]
    }
  }
  return o
}

function walk(b: Uint8Array, o: number, end: number, w: DnsWalker, json: Record<string, unknown> | null): boolean {
  if (end - o < 12) return false
  try {
    const qd = w.u16(o + 4), an = w.u16(o + 6), ns = w.u16(o + 8), ar = w.u16(o + 10)
    const q: DnsQuestionJson[] = [], a: DnsRecordJson[] = [], n: DnsRecordJson[] = [], x: DnsRecordJson[] = []
    let p = o + 12
    for (let i = 0; i < qd; i++) p = w.question(p, q)
    for (let i = 0; i < an; i++) p = w.record(p, a)
    for (let i = 0; i < ns; i++) p = w.record(p, n)
    for (let i = 0; i < ar; i++) p = w.record(p, x)
    if (json) {
      const f2 = b[o + 2]!, f3 = b[o + 3]!
      Object.assign(json, omitEmpty({
        ID: (b[o]! << 8) | b[o + 1]!, QR: (f2 & 0x80) !== 0, op_code: OPCODES[(f2 >> 3) & 0x0f] ?? 'Unknown opcode',
        AA: (f2 & 0x04) !== 0, TC: (f2 & 0x02) !== 0, RD: (f2 & 0x01) !== 0, RA: (f3 & 0x80) !== 0,
        z: (f3 >> 4) & 0x07, response_code: RCODES[f3 & 0x0f] ?? 'Unknown error',
        QDCount: qd, ANCount: an, NSCount: ns, ARCount: ar,
        questions: q, answers: a, authorities: n, additionals: x,
      }))
    }
    return true
  } catch (err) {
    if (err instanceof Invalid) return false
    throw err
  }
}

/** True when the bytes are a DNS message gopacket decodes without error. */
export function dnsValid(b: Uint8Array, o: number, end: number): boolean {
  return walk(b, o, end, new DnsWalker(b, o, end, false), null)
}

/**
 * The `DNS` extra layer of a valid message.
 * Quirk (flows spec §6.10): keys use the long-standing spelling (QDCount, CNAME, MName,
 * timestamp as RFC 3339 text), not the one upstream switched to in April 2024.
 * `timestamp` is the packet's capture time in RFC 3339 with nanoseconds (Go's RFC3339Nano).
 */
export function dnsJson(b: Uint8Array, o: number, end: number, tsSec: number, tsNsec: number): Record<string, unknown> | undefined {
  const json: Record<string, unknown> = {}
  if (!walk(b, o, end, new DnsWalker(b, o, end, true), json)) return undefined
  json['timestamp'] = rfc3339Nano(tsSec, tsNsec)
  return json
}

/** Go's time.RFC3339Nano in UTC: fraction without trailing zeros, omitted when zero. */
export function rfc3339Nano(sec: number, nsec: number): string {
  const base = new Date(sec * 1000).toISOString().slice(0, 19)
  const frac = nsec === 0 ? '' : `.${String(nsec).padStart(9, '0').replace(/0+$/, '')}`
  return `${base}${frac}Z`
}
