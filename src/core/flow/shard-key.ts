/**
 * Shard keys for processing one trace in several flow tables at once (src/capture's sharded
 * reader). Two frames get the same key whenever the flow table could make them interact:
 * - a top-level flow's lookup key holds the normalised pair of the IP header it is keyed on
 *   (sub-packet 0's first IP), else the MAC pair: the key is a symmetric hash of that pair,
 *   so both directions, fragments and everything tunnelled inside land together (inner flows
 *   hang off their outer flow, keyed by it);
 * - IPDefrag keys datagrams by the frame's first IPv4 header: when a fragmented first IPv4 is
 *   not the header the key uses (IPv4 behind an IPv6 or MPLS outer layer), the frame cannot
 *   be sharded and keyOf() answers UNSHARDABLE, so the caller falls back to one table.
 * Common frames (Ethernet, VLAN tags, then IPv4 or IPv6 carrying TCP or ICMPv6; raw IP) are
 * classified from a few header bytes exactly as the decoder would decode them; any other
 * frame is decoded in full and cut into sub-packets as the table does.
 */
import { DecodedFrame } from './decoded-frame.js'
import { PacketDecoder, firstLayerOf } from './decoder.js'
import { L } from './layer-types.js'
import { SubPacketSplit, SubPacketView } from './sub-packet.js'

/** keyOf()'s answer for a frame that sharding cannot process exactly. */
export const UNSHARDABLE = -1

/** Options that change how frames decode or interact (as given to the FlowTable). */
export interface ShardKeyOptions {
  ipDefrag: boolean
  mplsUdpPorts?: readonly number[]
}

/**
 * Computes shard keys (non-negative 31-bit integers) of frames.
 * @example
 * const keys = new ShardKeys({ ipDefrag: true })
 * const shard = keys.keyOf(bytes, 0, bytes.length, 1) % 2
 */
export class ShardKeys {
  readonly #ipDefrag: boolean
  readonly #decoder: PacketDecoder
  readonly #frame = new DecodedFrame()
  readonly #split = new SubPacketSplit()
  readonly #view = new SubPacketView()

  constructor(opts: ShardKeyOptions) {
    this.#ipDefrag = opts.ipDefrag
    this.#decoder = new PacketDecoder({ mplsUdpPorts: opts.mplsUdpPorts ?? [] })
  }

  /** The shard key of the frame `buf[off, off + capLen)` of LINKTYPE `linkType`, or UNSHARDABLE. */
  keyOf(buf: Uint8Array, off: number, capLen: number, linkType: number): number {
    const end = off + capLen
    // where the first IP header starts and which version the decoder will read it as
    let o = -1, v = 0
    if (linkType === 1) {
      if (capLen >= 14) {
        let t = (buf[off + 12]! << 8) | buf[off + 13]!
        let p = off + 14, tags = 0
        // a few tags only: the decoder stops adding layers deep in a stack (MAX_LAYERS)
        while ((t === 0x8100 || t === 0x88a8) && end - p >= 4 && tags++ < 8) {
          t = (buf[p + 2]! << 8) | buf[p + 3]!
          p += 4
        }
        if (t === 0x0800 || t === 0x86dd) { o = p; v = t === 0x0800 ? 4 : 6 }
      }
    } else if (linkType === 101 || linkType === 12 || linkType === 14) {
      if (capLen > 0) { o = off; v = buf[off]! >> 4 }
    } else if (linkType === 228 || linkType === 229) {
      o = off; v = linkType === 228 ? 4 : 6
    }
    if (o >= 0) {
      // the decoder pushes an IPv4 layer for any 20 captured bytes, even with a bad header
      if (v === 4 && end - o >= 20) return pairKey(buf, o + 12, o + 16, 4)
      // IPv6 carrying TCP or ICMPv6 holds no IPv4 the defragmenter could key on
      if (v === 6 && end - o >= 40 && (buf[o + 6] === 6 || buf[o + 6] === 58)) return pairKey(buf, o + 8, o + 24, 16)
    }
    return this.#decoded(buf, off, end, linkType)
  }

  /** Full path: decode, cut sub-packet 0 as the table does, key on its lookup-key addresses. */
  #decoded(buf: Uint8Array, off: number, end: number, linkType: number): number {
    const first = firstLayerOf(linkType)
    if (first === undefined) return 0 // ignored by the table
    const f = this.#frame
    this.#decoder.decode(f, buf, off, end, first)
    let tunnel = false
    for (let i = 0; i < f.count; i++) {
      const t = f.types[i]
      if (t === L.GRE || t === L.VXLAN || t === L.GENEVE || t === L.MPLS) tunnel = true
    }
    if (tunnel) this.#split.split(f, end - off)
    else this.#split.single(f, end - off)
    const p = this.#view
    p.load(f, this.#split.starts[0]!, this.#split.ends[0]!, this.#split.lengths[0]!)
    const keyNet = p.firstIp
    if (this.#ipDefrag) {
      const ip = f.find(L.IPV4)
      if (ip >= 0 && ip !== keyNet && f.types[ip + 1] === L.FRAGMENT && ip + 1 < f.count) return UNSHARDABLE
    }
    if (keyNet >= 0) {
      const o = f.offsets[keyNet]!
      return f.types[keyNet] === L.IPV6 ? pairKey(f.buf, o + 8, o + 24, 16) : pairKey(f.buf, o + 12, o + 16, 4)
    }
    if (p.link >= 0) {
      const o = f.offsets[p.link]!
      return pairKey(f.buf, o, o + 6, 6)
    }
    return 0
  }
}

/** Symmetric hash of two `len`-byte addresses: the same whichever comes first. */
function pairKey(b: Uint8Array, a: number, c: number, len: number): number {
  return fmix((addrHash(b, a, len) + addrHash(b, c, len)) | 0) & 0x7fffffff
}

function addrHash(b: Uint8Array, o: number, len: number): number {
  let h = len
  let i = 0
  for (; i + 4 <= len; i += 4) h = fmix(h ^ ((b[o + i]! << 24) | (b[o + i + 1]! << 16) | (b[o + i + 2]! << 8) | b[o + i + 3]!))
  for (; i < len; i++) h = Math.imul(h ^ b[o + i]!, 0x01000193)
  return fmix(h)
}

/** murmur3's 32-bit finaliser. */
function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) | 0
}
