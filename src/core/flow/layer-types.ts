/**
 * Layer codes of the packet decoder and their names as they appear in `LayersPath`
 * (gopacket's LayerType names, spec/flows.md §2.9). Codes are small integers so a decoded
 * frame is a few typed arrays, not objects.
 */

export const L = {
  NONE: 0,
  ETHERNET: 1,
  DOT1Q: 2,
  ARP: 3,
  IPV4: 4,
  IPV6: 5,
  FRAGMENT: 6,
  ICMPV4: 7,
  ICMPV6: 8,
  ICMPV6_ECHO: 9,
  ICMPV6_NS: 10,
  ICMPV6_NA: 11,
  ICMPV6_RS: 12,
  ICMPV6_RA: 13,
  ICMPV6_REDIRECT: 14,
  TCP: 15,
  UDP: 16,
  SCTP: 17,
  GRE: 18,
  VXLAN: 19,
  GENEVE: 20,
  MPLS: 21,
  DNS: 22,
  NTP: 23,
  DHCPV4: 24,
  DHCPV6: 25,
  SIP: 26,
  BFD: 27,
  GTPV1U: 28,
  SFLOW: 29,
  LLC: 30,
  SNAP: 31,
  STP: 32,
  VRRP: 33,
  IGMP: 34,
  IPV6_HOPBYHOP: 35,
  IPV6_ROUTING: 36,
  IPV6_FRAGMENT: 37,
  IPV6_DESTINATION: 38,
  LINUX_SLL: 39,
  LOOPBACK: 40,
  IPSEC_AH: 41,
  IPSEC_ESP: 42,
  ETHERIP: 43,
  UDPLITE: 44,
  OSPF: 45,
  LLDP: 46,
  LLDP_INFO: 47,
  CDP: 48,
  EAPOL: 49,
  PPPOE: 50,
  PPP: 51,
  SCTP_CHUNK_BASE: 52, // 52..66: SCTP chunk layers, see SCTP_CHUNK_NAMES
  PAYLOAD: 70,
  DECODE_FAILURE: 71,
  // Pseudo codes used only as "next decoder" values, never stored in a frame.
  MPLS_PAYLOAD: 80,
  RAW_IP: 81,
  RAW_IP_OR_ARP: 82,
  ERSPAN: 83,
  LINUX_SLL2: 84,
} as const

/** SCTP chunk type → layer name (gopacket layers/sctp.go). Index 14 is the unknown-chunk layer. */
export const SCTP_CHUNK_NAMES = [
  'SCTPData', 'SCTPInit', 'SCTPInitAck', 'SCTPSack', 'SCTPHeartbeat', 'SCTPHeartbeatAck',
  'SCTPAbort', 'SCTPShutdown', 'SCTPShutdownAck', 'SCTPError', 'SCTPCookieEcho', 'SCTPCookieAck',
  'SCTPUnknownChunkType', 'SCTPUnknownChunkType', 'SCTPShutdownComplete',
] as const

const NAMES: Record<number, string> = {
  [L.ETHERNET]: 'Ethernet', [L.DOT1Q]: 'Dot1Q', [L.ARP]: 'ARP', [L.IPV4]: 'IPv4', [L.IPV6]: 'IPv6',
  [L.FRAGMENT]: 'Fragment', [L.ICMPV4]: 'ICMPv4', [L.ICMPV6]: 'ICMPv6', [L.ICMPV6_ECHO]: 'ICMPv6Echo',
  [L.ICMPV6_NS]: 'ICMPv6NeighborSolicitation', [L.ICMPV6_NA]: 'ICMPv6NeighborAdvertisement',
  [L.ICMPV6_RS]: 'ICMPv6RouterSolicitation', [L.ICMPV6_RA]: 'ICMPv6RouterAdvertisement',
  [L.ICMPV6_REDIRECT]: 'ICMPv6Redirect', [L.TCP]: 'TCP', [L.UDP]: 'UDP', [L.SCTP]: 'SCTP',
  [L.GRE]: 'GRE', [L.VXLAN]: 'VXLAN', [L.GENEVE]: 'Geneve', [L.MPLS]: 'MPLS', [L.DNS]: 'DNS',
  [L.NTP]: 'NTP', [L.DHCPV4]: 'DHCPv4', [L.DHCPV6]: 'DHCPv6', [L.SIP]: 'SIP', [L.BFD]: 'BFD',
  [L.GTPV1U]: 'GTPv1U', [L.SFLOW]: 'SFlow', [L.LLC]: 'LLC', [L.SNAP]: 'SNAP', [L.STP]: 'STP',
  [L.VRRP]: 'VRRP', [L.IGMP]: 'IGMP', [L.IPV6_HOPBYHOP]: 'IPv6HopByHop', [L.IPV6_ROUTING]: 'IPv6Routing',
  [L.IPV6_FRAGMENT]: 'IPv6Fragment', [L.IPV6_DESTINATION]: 'IPv6Destination', [L.LINUX_SLL]: 'Linux SLL',
  [L.LOOPBACK]: 'Loopback', [L.IPSEC_AH]: 'IPSecAH', [L.IPSEC_ESP]: 'IPSecESP', [L.ETHERIP]: 'EtherIP',
  [L.UDPLITE]: 'UDPLite', [L.OSPF]: 'OSPF', [L.LLDP]: 'LinkLayerDiscovery',
  [L.LLDP_INFO]: 'LinkLayerDiscoveryInfo', [L.CDP]: 'CiscoDiscovery', [L.EAPOL]: 'EAPOL',
  [L.PPPOE]: 'PPPoE', [L.PPP]: 'PPP', [L.PAYLOAD]: 'Payload', [L.DECODE_FAILURE]: 'DecodeFailure',
}
SCTP_CHUNK_NAMES.forEach((name, i) => { NAMES[L.SCTP_CHUNK_BASE + i] = name })

/** The `LayersPath` name of a layer code. */
export function layerName(code: number): string {
  return NAMES[code] ?? `Unknown(${code})`
}
