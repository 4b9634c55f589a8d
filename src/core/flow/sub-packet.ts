/**
 * A frame cut into sub-packets at each encapsulation (spec/flows.md §2.2), and the layers a
 * sub-packet's flow is built from (§2.3). Views are reused: no allocation per packet.
 */
import type { DecodedFrame } from './decoded-frame.js'
import { L } from './layer-types.js'

/** Most sub-packets kept per frame (deeper tunnel stacks are merged into the last one). */
export const MAX_SUB_PACKETS = 16

/** Cut points of a frame: sub-packet k covers layers [starts[k], ends[k]) and counts lengths[k] bytes. */
export class SubPacketSplit {
  count = 0
  readonly starts = new Int32Array(MAX_SUB_PACKETS)
  readonly ends = new Int32Array(MAX_SUB_PACKETS)
  readonly lengths = new Float64Array(MAX_SUB_PACKETS)

  /**
   * Cuts after GRE, VXLAN, Geneve and each MPLS label; a GRE followed by MPLS (with at least
   * two layers after the GRE) is cut after the MPLS instead. The outer length is the wire
   * length for Ethernet, the IPv4 Total Length, or the IPv6 Payload Length; each inner length
   * is the outer one minus the headers up to the cut.
   */
  split(f: DecodedFrame, capLen: number): void {
    const types = f.types, n = f.count
    const outer = outerLength(f, capLen)
    let k = 0, top = 0, topLen = outer, len = outer
    for (let i = 0; i < n; i++) {
      len -= f.lens[i]!
      const t = types[i]
      if (t === L.GRE) {
        if (i < n - 2 && types[i + 1] === L.MPLS) continue
      } else if (t !== L.VXLAN && t !== L.MPLS && t !== L.GENEVE) {
        continue
      }
      if (k === MAX_SUB_PACKETS - 1) break
      this.starts[k] = top
      this.ends[k] = i + 1
      this.lengths[k] = topLen
      k++
      top = i + 1
      topLen = len
    }
    this.starts[k] = top
    this.ends[k] = n
    this.lengths[k] = topLen
    this.count = k + 1
  }

  /** A frame without encapsulation: one sub-packet of all its layers. */
  single(f: DecodedFrame, capLen: number): void {
    this.starts[0] = 0
    this.ends[0] = f.count
    this.lengths[0] = outerLength(f, capLen)
    this.count = 1
  }
}

/**
 * The frame's own length for metrics: the wire length for Ethernet, the IPv4 Total Length,
 * or the IPv6 Payload Length, else 0.
 */
function outerLength(f: DecodedFrame, capLen: number): number {
  const first = f.types[0]
  if (first === L.ETHERNET) return f.wireLen > 0 ? f.wireLen : capLen
  // Quirk (flows spec §6.5): an IPv6-first frame counts the Payload Length, without the 40-byte header
  if (first === L.IPV4 || first === L.IPV6) return f.values[0]!
  return 0
}

/** The layers of one sub-packet a flow uses (indices into the frame, -1 when absent). */
export class SubPacketView {
  start = 0
  end = 0
  length = 0
  link = -1
  /** first IPv4, else first IPv6 */
  net = -1
  netV6 = false
  /** first IP header of either version (the key uses it, see keyNet) */
  firstIp = -1
  /** key transport: first UDP, else TCP, else SCTP */
  trans = -1
  /** Transport field: first TCP, else UDP, else SCTP */
  fieldTrans = -1
  tcp = -1
  icmp4 = -1
  icmp6 = -1
  icmp6Echo = -1
  dns = -1
  dhcp4 = -1
  vrrp = -1

  /** Scans layers [start, end) of `f`. */
  load(f: DecodedFrame, start: number, end: number, length: number): void {
    this.start = start
    this.end = end
    this.length = length
    let link = -1, v4 = -1, v6 = -1, firstIp = -1, udp = -1, tcp = -1, sctp = -1
    let icmp4 = -1, icmp6 = -1, echo6 = -1, dns = -1, dhcp4 = -1, vrrp = -1
    const types = f.types
    for (let i = start; i < end; i++) {
      switch (types[i]) {
        case L.ETHERNET: if (link < 0) link = i; break
        case L.IPV4: if (v4 < 0) v4 = i; if (firstIp < 0) firstIp = i; break
        case L.IPV6: if (v6 < 0) v6 = i; if (firstIp < 0) firstIp = i; break
        case L.UDP: if (udp < 0) udp = i; break
        case L.TCP: if (tcp < 0) tcp = i; break
        case L.SCTP: if (sctp < 0) sctp = i; break
        case L.ICMPV4: if (icmp4 < 0) icmp4 = i; break
        case L.ICMPV6: if (icmp6 < 0) icmp6 = i; break
        case L.ICMPV6_ECHO: if (echo6 < 0) echo6 = i; break
        case L.DNS: if (dns < 0) dns = i; break
        case L.DHCPV4: if (dhcp4 < 0) dhcp4 = i; break
        case L.VRRP: if (vrrp < 0) vrrp = i; break
      }
    }
    this.link = link
    this.net = v4 >= 0 ? v4 : v6
    this.netV6 = v4 < 0 && v6 >= 0
    this.firstIp = firstIp
    this.trans = udp >= 0 ? udp : tcp >= 0 ? tcp : sctp
    this.fieldTrans = tcp >= 0 ? tcp : udp >= 0 ? udp : sctp
    this.tcp = tcp
    this.icmp4 = icmp4
    this.icmp6 = icmp6
    this.icmp6Echo = echo6
    this.dns = dns
    this.dhcp4 = dhcp4
    this.vrrp = vrrp
  }
}
