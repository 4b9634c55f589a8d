/**
 * Community ID v1 (Corelight community-id-spec): a direction-free flow hash shared by Zeek,
 * Suricata and Wireshark, so flows join with their logs. Computed once per flow.
 */
import { hash } from 'node:crypto'

const ICMP4_PAIRS: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17 }
const ICMP6_PAIRS: Record<number, number> = {
  128: 129, 129: 128, 133: 134, 134: 133, 135: 136, 136: 135, 130: 131, 131: 130, 144: 145, 145: 144,
}

/** The tuple hashed by communityId(). Addresses are 4 or 16 raw bytes. */
export interface CommunityTuple {
  src: Uint8Array
  dst: Uint8Array
  /** IP protocol number */
  proto: number
  /** ports (TCP/UDP/SCTP), or ICMP type and code for ICMP; absent for other protocols */
  srcPort?: number
  dstPort?: number
}

/**
 * "1:" + base64(SHA-1(seed ‖ saddr ‖ daddr ‖ proto ‖ 0 ‖ sport ‖ dport)), endpoints ordered so
 * the smaller address:port comes first. For ICMP/ICMPv6 (protocols 1 and 58) the ports are the
 * type and its counterpart type (or the code for one-way messages, which are never reordered).
 * @example communityId({ src, dst, proto: 6, srcPort: 4584, dstPort: 3483 }) // "1:…="
 */
export function communityId(t: CommunityTuple, seed = 0): string {
  let { src, dst } = t
  let sp = t.srcPort, dp = t.dstPort
  let oneWay = false
  if ((t.proto === 1 || t.proto === 58) && sp !== undefined) {
    const pairs = t.proto === 1 ? ICMP4_PAIRS : ICMP6_PAIRS
    const other = pairs[sp]
    if (other === undefined) oneWay = true
    else dp = other
  }
  if (!oneWay) {
    const c = compare(src, dst)
    if (c > 0 || (c === 0 && sp !== undefined && dp !== undefined && sp > dp)) {
      [src, dst] = [dst, src];
      [sp, dp] = [dp, sp]
    }
  }
  // One buffer and a one-shot hash: a Hash object with five update() calls cost ~3x more.
  const ports = sp !== undefined && dp !== undefined
  const buf = new Uint8Array(4 + src.length + dst.length + (ports ? 4 : 0))
  buf[0] = seed >> 8
  buf[1] = seed & 0xff
  buf.set(src, 2)
  buf.set(dst, 2 + src.length)
  let o = 2 + src.length + dst.length
  buf[o++] = t.proto
  buf[o++] = 0
  if (sp !== undefined && dp !== undefined) buf.set([sp >> 8, sp & 0xff, dp >> 8, dp & 0xff], o)
  return `1:${hash('sha1', buf, 'base64')}`
}

function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}
