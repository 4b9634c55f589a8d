/**
 * The packet decoder: turns a captured frame into a DecodedFrame (layer codes and offsets),
 * reproducing the layer sequence gopacket v1.1.17 produces with Skydive's registrations, so
 * LayersPath, sub-packet cuts and byte counts match upstream (spec/flows.md §2.9). Zero-copy:
 * it only reads the capture buffer.
 */
import { DecodedFrame, MAX_LAYERS } from './decoded-frame.js'
import { decodeApp } from './decode-app.js'
import { decodeAH, decodeIPv4, decodeIPv6, decodeIPv6Extension, decodeIPv6Fragment, ipv4HeaderValid } from './decode-ip.js'
import {
  type Cursor, FAIL, decodeARP, decodeDot1Q, decodeEthernet, decodeLLC, decodeLinuxSLL, decodeLoopback,
  decodeOpaque, decodePPP, decodePPPoE, decodeSNAP,
} from './decode-link.js'
import {
  decodeGRE, decodeGeneve, decodeICMPv4, decodeICMPv6, decodeICMPv6Echo, decodeICMPv6ND, decodeMPLS,
  decodeSCTP, decodeTCP, decodeUDP, decodeVXLAN, skipERSPAN,
} from './decode-transport.js'
import { L } from './layer-types.js'

/** pcap LINKTYPE_* values the decoder understands, mapped to the first layer. */
export function firstLayerOf(linkType: number): number | undefined {
  switch (linkType) {
    case 1: return L.ETHERNET
    case 101: case 12: case 14: return L.RAW_IP
    case 228: return L.IPV4
    case 229: return L.IPV6
    case 113: return L.LINUX_SLL
    case 276: return L.LINUX_SLL2
    case 0: case 108: return L.LOOPBACK
    default: return undefined
  }
}

/** UDP ports with a decoder (gopacket + Skydive's 8472 for Linux VXLAN). */
const DEFAULT_UDP_PORTS: ReadonlyArray<readonly [number, number]> = [
  [53, L.DNS], [123, L.NTP], [67, L.DHCPV4], [68, L.DHCPV4], [546, L.DHCPV6], [547, L.DHCPV6],
  [4789, L.VXLAN], [8472, L.VXLAN], [6081, L.GENEVE], [5060, L.SIP], [6343, L.SFLOW],
  [3784, L.BFD], [2152, L.GTPV1U],
]

/** Decoder options. */
export interface DecoderOptions {
  /** UDP ports whose payload is MPLS (node metadata `MPLSUDPPort`, e.g. Contrail 51234) */
  mplsUdpPorts?: readonly number[]
}

/**
 * Decodes frames into a reusable DecodedFrame.
 * @example
 * const dec = new PacketDecoder(), frame = new DecodedFrame()
 * dec.decode(frame, bytes, 0, bytes.length, L.ETHERNET)
 */
export class PacketDecoder {
  readonly #ports = new Uint8Array(65536)
  /** Layer code decoded after UDP on each port, 0 for a plain payload (read-only for callers). */
  readonly udpPorts: Uint8Array = this.#ports
  readonly #cur: Cursor = { off: 0, end: 0 }

  constructor(opts: DecoderOptions = {}) {
    for (const [port, code] of DEFAULT_UDP_PORTS) this.#ports[port] = code
    for (const port of opts.mplsUdpPorts ?? []) this.#ports[port] = L.MPLS
  }

  /** Decodes `buf[off, end)` starting with layer `first` (see firstLayerOf). */
  decode(f: DecodedFrame, buf: Uint8Array, off: number, end: number, first: number): void {
    f.buf = buf
    f.count = 0
    f.failed = false
    this.continue(f, off, end, first, -1)
  }

  /**
   * Appends layers decoded from `f.buf[off, end)` starting with `next`. With `defragFragLen` >= 0
   * the first IPv4 header met is a reassembled datagram's (ip-defrag.ts).
   */
  continue(f: DecodedFrame, off: number, end: number, next: number, defragFragLen: number): void {
    const c = this.#cur
    c.off = off
    c.end = end
    while (next !== 0) {
      // gopacket stops on an empty payload, but a decoder error always leaves a DecodeFailure
      if (c.off >= c.end && f.count > 0 && next !== FAIL) return
      // room for the widest step (IPv4 + Fragment) and a closing Payload
      if (f.count >= MAX_LAYERS - 4 && next !== FAIL) next = L.PAYLOAD
      const code = next
      next = this.#step(f, c, code, defragFragLen)
      if (code === L.IPV4) defragFragLen = -1
    }
  }

  #step(f: DecodedFrame, c: Cursor, code: number, defragFragLen: number): number {
    switch (code) {
      case L.ETHERNET: return decodeEthernet(f, c)
      case L.IPV4: return decodeIPv4(f, c, defragFragLen)
      case L.IPV6: return decodeIPv6(f, c)
      case L.TCP: return decodeTCP(f, c)
      case L.UDP: return decodeUDP(f, c, this.#ports)
      case L.DOT1Q: return decodeDot1Q(f, c)
      case L.ARP: return decodeARP(f, c)
      case L.ICMPV4: return decodeICMPv4(f, c)
      case L.ICMPV6: return decodeICMPv6(f, c)
      case L.ICMPV6_ECHO: return decodeICMPv6Echo(f, c)
      case L.ICMPV6_NS: case L.ICMPV6_NA: case L.ICMPV6_RS: case L.ICMPV6_RA: case L.ICMPV6_REDIRECT:
        return decodeICMPv6ND(f, c, code)
      case L.SCTP: return decodeSCTP(f, c)
      case L.GRE: return decodeGRE(f, c)
      case L.ERSPAN: return skipERSPAN(f, c)
      case L.VXLAN: return decodeVXLAN(f, c)
      case L.GENEVE: return decodeGeneve(f, c)
      case L.MPLS: return decodeMPLS(f, c)
      case L.MPLS_PAYLOAD: return mplsPayload(f, c)
      case L.RAW_IP: return rawIP(f, c, false)
      case L.RAW_IP_OR_ARP: return rawIP(f, c, true)
      case L.DNS: case L.NTP: case L.DHCPV4: case L.DHCPV6: case L.SIP: case L.BFD: case L.GTPV1U:
      case L.SFLOW: case L.VRRP: case L.IGMP:
        return decodeApp(f, c, code)
      case L.IPV6_HOPBYHOP: case L.IPV6_ROUTING: case L.IPV6_DESTINATION: return decodeIPv6Extension(f, c, code)
      case L.IPV6_FRAGMENT: return decodeIPv6Fragment(f, c)
      case L.IPSEC_AH: return decodeAH(f, c)
      case L.ETHERIP:
        if (c.end - c.off < 2) return FAIL
        f.push(L.ETHERIP, c.off, 2, c.end)
        c.off += 2
        return L.ETHERNET
      case L.LLC: return decodeLLC(f, c)
      case L.SNAP: return decodeSNAP(f, c)
      case L.LINUX_SLL: return decodeLinuxSLL(f, c, false)
      case L.LINUX_SLL2: return decodeLinuxSLL(f, c, true)
      case L.LOOPBACK: return decodeLoopback(f, c)
      case L.PPPOE: return decodePPPoE(f, c)
      case L.PPP: return decodePPP(f, c)
      case L.FRAGMENT: case L.PAYLOAD:
        f.push(code, c.off, c.end - c.off, c.end)
        c.off = c.end
        return 0
      case L.STP: return decodeOpaque(f, c, code, 4)
      case L.IPSEC_ESP: return decodeOpaque(f, c, code, 8)
      case L.LLDP: case L.CDP: case L.EAPOL: case L.OSPF: case L.UDPLITE: return decodeOpaque(f, c, code, 1)
      default: // FAIL or an unknown code
        f.push(L.DECODE_FAILURE, c.off, c.end - c.off, c.end)
        f.failed = true
        c.off = c.end
        return 0
    }
  }
}

/** After the bottom MPLS label: IPv4/IPv6 by version nibble if it decodes, else Ethernet (Skydive decoder.go). */
function mplsPayload(f: DecodedFrame, c: Cursor): number {
  const v = f.buf[c.off]! >> 4
  if (v === 4 && ipv4HeaderValid(f.buf, c.off, c.end)) return L.IPV4
  if (v === 6 && c.end - c.off >= 40) return L.IPV6
  return L.ETHERNET
}

/** Raw IP link types: version nibble; the GRE/"none" interface variant falls back to ARP. */
function rawIP(f: DecodedFrame, c: Cursor, arpFallback: boolean): number {
  const v = f.buf[c.off]! >> 4
  if (v === 4) return L.IPV4
  if (v === 6) return L.IPV6
  return arpFallback ? L.ARP : FAIL
}

export { DecodedFrame }
