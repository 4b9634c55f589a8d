/**
 * The per-packet table key: the information of the §2.5 hash input (flow-key.ts) packed in
 * 32-bit words, read straight from the frame. Two sub-packets have equal lookup keys exactly
 * when upstream's table keys are equal (same endpoints after direction normalisation, same
 * layer shape, same parent), so lookups need neither hashing of bytes nor text.
 */
import { u32 } from './bytes.js'
import type { DecodedFrame } from './decoded-frame.js'
import { appValue } from './flow-key.js'
import { L } from './layer-types.js'
import type { SubPacketView } from './sub-packet.js'

/** Most words of a lookup key: shape, IPv6 pair, ports, ICMP value, MAC pair, parent id. */
export const KEY_WORDS = 18

/** Builds lookup keys into one reusable word buffer. */
export class FlowLookupKey {
  readonly words = new Int32Array(KEY_WORDS)
  n = 0
  /** the packet's source MAC (valid when the sub-packet has Ethernet) */
  srcMacHi = 0
  srcMacLo = 0
  macsEqual = false

  /**
   * Builds the key of sub-packet `p`: `keyNet` is the IP header the key uses, `l2` the layer
   * key mode, `parentId` the internal id of the enclosing flow (0 at top level).
   */
  build(f: DecodedFrame, p: SubPacketView, keyNet: number, l2: boolean, parentId: number): void {
    const b = f.buf, w = this.words
    const link = p.link
    const linkFirst = (l2 && link >= 0) || keyNet < 0
    let dHi = 0, dLo = 0, sHi = 0, sLo = 0
    if (link >= 0) {
      const o = f.offsets[link]!
      dHi = u32(b, o); dLo = (b[o + 4]! << 8) | b[o + 5]!
      sHi = u32(b, o + 6); sLo = (b[o + 10]! << 8) | b[o + 11]!
      this.srcMacHi = sHi
      this.srcMacLo = sLo
      this.macsEqual = sHi === dHi && sLo === dLo
    }
    // §2.4: direction by MAC (L2 mode or no IP), else by IP, else by ports
    let swap = false, decided = false
    if (linkFirst && link >= 0) {
      const c = sHi !== dHi ? sHi - dHi : sLo - dLo
      if (c !== 0 || keyNet < 0) { swap = c > 0; decided = true }
    } else if (keyNet < 0) {
      decided = true
    }
    const v6 = keyNet >= 0 && f.types[keyNet] === L.IPV6
    const src = keyNet < 0 ? 0 : f.offsets[keyNet]! + (v6 ? 8 : 12)
    const dst = src + (v6 ? 16 : 4)
    const tr = p.trans, trType = tr < 0 ? 0 : f.types[tr]!
    const last = f.types[p.end - 1]
    const tunnel = trType === L.UDP && (last === L.VXLAN || last === L.GENEVE)
    const to = tr < 0 ? 0 : f.offsets[tr]!
    const sp = tr < 0 ? 0 : (b[to]! << 8) | b[to + 1]!, dp = tr < 0 ? 0 : (b[to + 2]! << 8) | b[to + 3]!
    const vni = tunnel ? (b[f.offsets[p.end - 1]! + 4]! << 16) | (b[f.offsets[p.end - 1]! + 5]! << 8) | b[f.offsets[p.end - 1]! + 6]! : 0
    if (!decided && keyNet >= 0) {
      let c = u32(b, src) - u32(b, dst)
      for (let i = 4; c === 0 && v6 && i < 16; i += 4) c = u32(b, src + i) - u32(b, dst + i)
      if (c !== 0) swap = c > 0
      else if (tr >= 0) swap = tunnel ? (dp >> 8 !== 0 ? false : (vni >> 16) - (dp & 0xff) >= 0) : sp > dp
    }
    // Quirk (flows spec §6.3): VLAN ids and GRE keys are not part of the key, so conversations
    // differing only by VLAN share a flow (its Link.ID is the first packet's); kept for equal ids
    const app = p.icmp4 >= 0 || p.icmp6 >= 0 ? appValue(f, p) : -1
    const transCode = tr < 0 ? 0 : tunnel ? 7 : trType === L.TCP ? 4 : trType === L.UDP ? 5 : 6
    w[0] = (keyNet < 0 ? 0 : v6 ? 2 : 1) | (transCode << 2) | (app >= 0 ? 32 : 0) | (linkFirst && link >= 0 ? 64 : 0)
    let n = 1
    if (keyNet >= 0) {
      const first = swap ? dst : src, second = swap ? src : dst
      w[n++] = u32(b, first)
      if (v6) { w[n++] = u32(b, first + 4); w[n++] = u32(b, first + 8); w[n++] = u32(b, first + 12) }
      w[n++] = u32(b, second)
      if (v6) { w[n++] = u32(b, second + 4); w[n++] = u32(b, second + 8); w[n++] = u32(b, second + 12) }
    }
    if (tunnel) {
      w[n++] = vni
      w[n++] = dp
    } else if (tr >= 0) {
      w[n++] = swap ? (dp << 16) | sp : (sp << 16) | dp
    }
    if (app >= 0) w[n++] = app
    if (linkFirst && link >= 0) {
      if (swap) { w[n++] = dHi; w[n++] = dLo; w[n++] = sHi; w[n++] = sLo } else { w[n++] = sHi; w[n++] = sLo; w[n++] = dHi; w[n++] = dLo }
    }
    w[n++] = Math.floor(parentId / 0x100000000)
    w[n++] = parentId >>> 0
    this.n = n
  }
}
