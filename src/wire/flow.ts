/**
 * A Skydive flow as JSON (spec/flows.md §1, spec/api.md §3.5): what `skydive capture file`
 * prints, what agents send and what `Flows()` returns. Field names and their order are
 * protocol; optional fields are absent (never null) when upstream omits them.
 */

/** FlowProtocol enum names (flow.proto). */
export const FLOW_PROTOCOLS = ['ETHERNET', 'IPV4', 'TCP', 'UDP', 'SCTP', 'IPV6', 'ICMPV4', 'ICMPV6'] as const
export type FlowProtocol = (typeof FLOW_PROTOCOLS)[number]

/** ICMPType enum names, indexed by value (flow.proto). */
export const ICMP_TYPES = [
  'UNKNOWN', 'DESTINATION_UNREACHABLE', 'ECHO', 'NEIGHBOR', 'ADDRESS_MASK', 'INFO', 'PARAMETER_PROBLEM',
  'REDIRECT', 'ROUTER', 'SOURCE_QUENCH', 'TIME_EXCEEDED', 'TIMESTAMP', 'PACKET_TOO_BIG',
] as const
export type ICMPType = (typeof ICMP_TYPES)[number]

/** FlowFinishType values; serialised as a number, absent when 0. */
export const FINISH_TYPE = { NOT_FINISHED: 0, TIMEOUT: 1, TCP_FIN: 2, TCP_RST: 3 } as const
export type FinishType = (typeof FINISH_TYPE)[keyof typeof FINISH_TYPE]

/** Link (Ethernet) or Network (IPv4/IPv6) endpoints of the flow's first packet. */
export interface WireFlowLayer {
  Protocol: FlowProtocol
  /** source MAC/IP of the first packet; absent when empty */
  A?: string
  B?: string
  /** Link: VLAN stack (outermost tag in the low 12 bits); Network: VXLAN/Geneve VNI or GRE key */
  ID: number
}

/** Transport ports of the flow's first packet. */
export interface WireTransportLayer {
  Protocol: FlowProtocol
  A: number
  B: number
  /** always 0 in the packet path */
  ID: number
}

/** ICMP of the flow's first packet; Code and ID absent when 0. */
export interface WireICMPLayer {
  Type: ICMPType
  Code?: number
  /** echo identifier (ICMPv4: bytes 4–5 whatever the type) */
  ID?: number
}

/** Packet and byte counters; A→B is the direction of the flow's first packet. */
export interface WireFlowMetric {
  ABPackets: number
  ABBytes: number
  BAPackets: number
  BABytes: number
  /** ms since epoch */
  Start: number
  Last: number
  /** nanoseconds; absent when 0 */
  RTT?: number
}

/** SYN/FIN/RST times (ms) and TCP reassembly counters per direction. */
export interface WireTCPMetric {
  ABSynStart: number; BASynStart: number; ABSynTTL?: number; BASynTTL?: number
  ABFinStart: number; BAFinStart: number; ABRstStart: number; BARstStart: number
  ABSegmentOutOfOrder: number; ABSegmentSkipped: number; ABSegmentSkippedBytes: number
  ABPackets: number; ABBytes: number; ABSawStart: number; ABSawEnd: number
  BASegmentOutOfOrder: number; BASegmentSkipped: number; BASegmentSkippedBytes: number
  BAPackets: number; BABytes: number; BASawStart: number; BASawEnd: number
}

/** IPv4 defragmentation counters of the flow's first datagram. */
export interface WireIPMetric {
  Fragments: number
  FragmentErrors: number
}

/** One flow, fields in upstream JSON order (spec/flows.md §1.1). */
export interface WireFlow {
  UUID?: string
  LayersPath?: string
  Application?: string
  Link?: WireFlowLayer
  Network?: WireFlowLayer
  Transport?: WireTransportLayer
  ICMP?: WireICMPLayer
  DHCPv4?: Record<string, unknown>
  DNS?: Record<string, unknown>
  VRRPv2?: Record<string, unknown>
  LastUpdateMetric?: WireFlowMetric
  Metric: WireFlowMetric
  TCPMetric?: WireTCPMetric
  IPMetric?: WireIPMetric
  /** ms since epoch, always present */
  Start: number
  Last: number
  TrackingID?: string
  L3TrackingID?: string
  /** "" for top-level flows, always present */
  ParentUUID: string
  NodeTID?: string
  CaptureID?: string
  RawPacketsCaptured: number
  FinishType?: FinishType
  /** extension: Community ID v1 (Corelight) of IP flows, e.g. "1:Gtsx5OozooeGFAFpbwPzYTPgCIs=" */
  CommunityID?: string
}

/** Flow table counters (upstream `Stats`, plus decode failures). */
export interface WireFlowStats {
  CaptureID?: string
  FlowCount: number
  /** flows evicted because the table reached flow.max_entries */
  FlowDropped: number
  KernelFlowDropped: number
  PacketsDropped: number
  PacketsReceived: number
  /** extension: frames whose decoding ended with a decode failure (they may still make flows) */
  DecodeFailures?: number
}
