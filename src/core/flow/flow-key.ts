/**
 * The flow key of spec/flows.md §2.4–§2.5, written as raw bytes: the same bytes feed the
 * table lookup (with the parent flow's id appended) and, when a flow is created, xxHash64
 * for TrackingID and L3TrackingID. Nothing is allocated or formatted per packet.
 */
import type { DecodedFrame } from './decoded-frame.js'
import { icmpv4FlowType, icmpv6FlowType } from './icmp.js'
import { L } from './layer-types.js'
import type { SubPacketView } from './sub-packet.js'

/**
 * Writes the xxHash64 input of §2.5 (steps a–d) into one reusable buffer. Used when a flow is
 * created; per-packet lookups use the compact FlowLookupKey (flow-lookup-key.ts), which holds
 * the same information.
 */
export class FlowKeyWriter {
  readonly bytes = new Uint8Array(96)
  /** byte length of the L3 key and of the L2 key */
  l3Len = 0
  l2Len = 0
  #pos = 0

  /** Writes the key of sub-packet `p`; `keyNet` is the IP header the key uses, `l2` the key mode. */
  write(f: DecodedFrame, p: SubPacketView, keyNet: number, l2: boolean): void {
    const b = f.buf
    this.#pos = 0
    const link = p.link
    const linkFirst = (l2 && link >= 0) || keyNet < 0
    let swap = false
    let decided = false
    if (linkFirst && link >= 0) {
      const o = f.offsets[link]!
      const c = compareBytes(b, o + 6, 6, b, o, 6) // source MAC vs destination MAC
      if (c !== 0 || keyNet < 0) { swap = c > 0; decided = true }
    } else if (keyNet < 0) {
      decided = true
    }
    const v6 = keyNet >= 0 && f.types[keyNet] === L.IPV6
    const alen = v6 ? 16 : 4
    const srcIp = keyNet < 0 ? 0 : f.offsets[keyNet]! + (v6 ? 8 : 12)
    const dstIp = srcIp + alen
    const tr = p.trans
    const trType = tr < 0 ? 0 : f.types[tr]
    const tunnel = trType === L.UDP && (f.types[p.end - 1] === L.VXLAN || f.types[p.end - 1] === L.GENEVE)
    if (!decided) {
      const c = compareBytes(b, srcIp, alen, b, dstIp, alen)
      if (c !== 0) {
        swap = c > 0
      } else if (tr >= 0) {
        const to = f.offsets[tr]!
        swap = tunnel
          ? compareVniPort(b, f.offsets[p.end - 1]! + 4, to + 2) > 0
          : compareBytes(b, to, 2, b, to + 2, 2) > 0
      }
    }
    // (a) IP addresses
    if (keyNet >= 0) this.#pair(b, srcIp, dstIp, alen, swap, v6 ? 2 : 1)
    // (b) transport endpoints; VXLAN/Geneve: VNI then destination port, source port ignored
    if (tr >= 0) {
      const to = f.offsets[tr]!
      if (tunnel) {
        const vo = f.offsets[p.end - 1]! + 4
        const k = this.bytes
        let q = this.#pos
        k[q++] = 0; k[q++] = b[vo]!; k[q++] = b[vo + 1]!; k[q++] = b[vo + 2]!
        k[q++] = b[to + 2]!; k[q++] = b[to + 3]!
        this.#pos = q
        this.#type(0)
      } else {
        this.#pair(b, to, to + 2, 2, swap, trType === L.TCP ? 4 : trType === L.UDP ? 5 : 6)
      }
    }
    // (c) application value (ICMP), then an empty endpoint and type 0
    const app = appValue(f, p)
    if (app >= 0) {
      this.#u32(app)
      this.#type(0)
    }
    this.l3Len = this.#pos
    // (d) MAC addresses
    if (linkFirst && link >= 0) {
      const o = f.offsets[link]!
      this.#pair(b, o + 6, o, 6, swap, 3)
    }
    this.l2Len = this.#pos
  }

  /**
   * Writes the key of the fast-shape frame at `b[o]` (fast-path.ts: Ethernet, IPv4 without
   * options, TCP or undecoded UDP): the bytes write() gives for its one sub-packet.
   */
  writeFast(b: Uint8Array, o: number, l2: boolean): void {
    this.#pos = 0
    const ip = o + 26, to = o + 34
    // §2.4 direction as write(): MACs first in L2 mode, then IPs, then ports
    let c = l2 ? compareBytes(b, o + 6, 6, b, o, 6) : 0
    if (c === 0) c = compareBytes(b, ip, 4, b, ip + 4, 4)
    if (c === 0) c = compareBytes(b, to, 2, b, to + 2, 2)
    const swap = c > 0
    this.#pair(b, ip, ip + 4, 4, swap, 1)
    this.#pair(b, to, to + 2, 2, swap, b[o + 23] === 6 ? 4 : 5)
    this.l3Len = this.#pos
    if (l2) this.#pair(b, o + 6, o, 6, swap, 3)
    this.l2Len = this.#pos
  }

  #pair(b: Uint8Array, src: number, dst: number, len: number, swap: boolean, type: number): void {
    const k = this.bytes
    let q = this.#pos
    const first = swap ? dst : src, second = swap ? src : dst
    for (let i = 0; i < len; i++) k[q++] = b[first + i]!
    for (let i = 0; i < len; i++) k[q++] = b[second + i]!
    this.#pos = q
    this.#type(type)
  }

  #u32(v: number): void {
    const k = this.bytes, q = this.#pos
    k[q] = v >>> 24; k[q + 1] = (v >>> 16) & 0xff; k[q + 2] = (v >>> 8) & 0xff; k[q + 3] = v & 0xff
    this.#pos = q + 4
  }

  /** Endpoint type as an 8-byte big-endian integer. */
  #type(t: number): void {
    const k = this.bytes, q = this.#pos
    k[q] = 0; k[q + 1] = 0; k[q + 2] = 0; k[q + 3] = 0; k[q + 4] = 0; k[q + 5] = 0; k[q + 6] = 0; k[q + 7] = t
    this.#pos = q + 8
  }
}

/**
 * The 32-bit application value of §2.3, or -1: ICMPv4 flowType<<24 | code<<16 | bytes 4–5;
 * ICMPv6 echo ECHO<<24 | identifier; other ICMPv6 flowType<<24 | code<<16.
 */
export function appValue(f: DecodedFrame, p: SubPacketView): number {
  const b = f.buf
  if (p.icmp4 >= 0) {
    const o = f.offsets[p.icmp4]!
    return ((icmpv4FlowType(b[o]!) << 24) | (b[o + 1]! << 16) | (b[o + 4]! << 8) | b[o + 5]!) >>> 0
  }
  if (p.icmp6Echo >= 0) {
    const o = f.offsets[p.icmp6Echo]!
    return ((2 << 24) | (b[o]! << 8) | b[o + 1]!) >>> 0
  }
  if (p.icmp6 >= 0) {
    const o = f.offsets[p.icmp6]!
    return ((icmpv6FlowType(b[o]!) << 24) | (b[o + 1]! << 16)) >>> 0
  }
  return -1
}

/** Lexicographic comparison of two byte strings (a shorter prefix sorts first). */
function compareBytes(a: Uint8Array, ao: number, al: number, b: Uint8Array, bo: number, bl: number): number {
  const n = Math.min(al, bl)
  for (let i = 0; i < n; i++) {
    const d = a[ao + i]! - b[bo + i]!
    if (d !== 0) return d
  }
  return al - bl
}

/** Compares the 4-byte VNI value (a zero byte then 3 VNI bytes at `vo`) with the 2-byte port at `po`. */
function compareVniPort(b: Uint8Array, vo: number, po: number): number {
  if (b[po] !== 0) return -1
  const d = b[vo]! - b[po + 1]!
  return d !== 0 ? d : 1
}
