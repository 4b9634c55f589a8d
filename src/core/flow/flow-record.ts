/**
 * Layout of a flow's numbers in the table's Float64 records (FlowIndex). Every number of a
 * flow lives here, unboxed, so a flow costs the garbage collector nothing; text (MACs, IPs,
 * ids) is formatted only when the flow is serialised. Offsets are from FlowIndex.num(slot).
 */

/** FLAGS bits. */
export const F = {
  LINK: 1, V6: 2, NET: 4,
  /** transport protocol in bits 4–6: 2 TCP, 3 UDP, 4 SCTP (FlowProtocol values) */
  TRANS_SHIFT: 4, TRANS_MASK: 0x70,
  TCP_METRIC: 0x100, IP_METRIC: 0x200, LAST_UPDATE: 0x400, PARENT: 0x800, ICMP: 0x1000, CID_PORTS: 0x2000,
} as const

export const N = {
  // per packet
  LAST: 0, AB_PACKETS: 1, AB_BYTES: 2, BA_PACKETS: 3, BA_BYTES: 4, FLAGS: 5,
  /** source MAC and IP of the first packet, for A→B accounting */
  LINK_A_HI: 6, LINK_A_LO: 7, NET_A0: 8, NET_A1: 9, NET_A2: 10, NET_A3: 11, TRANS_A: 12,
  /** RTT in ns; pending start (capture seconds + 1, 0 = none) and nanoseconds */
  RTT: 13, RTT_SEC: 14, RTT_NSEC: 15, UPDATE_VERSION: 16,
  // set at creation
  ID: 17, START: 18, LINK_B_HI: 19, LINK_B_LO: 20, NET_B0: 21, NET_B1: 22, NET_B2: 23, NET_B3: 24, TRANS_B: 25,
  LINK_ID: 26, NET_ID: 27,
  /** ICMPType << 24 | code << 16 | id */
  ICMP: 28, FINISH_TYPE: 29,
  /** L2 key, L3 key and table key as two 32-bit halves each; the parent's UUID likewise */
  L2_HI: 30, L2_LO: 31, L3_HI: 32, L3_LO: 33, TK_HI: 34, TK_LO: 35, PARENT_HI: 36, PARENT_LO: 37,
  /** interned LayersPath and Application */
  PATH: 38, APP: 39,
  /** Community ID tuple: IP protocol and, with F.CID_PORTS, ports or ICMP type/code */
  CID_PROTO: 40, CID_SPORT: 41, CID_DPORT: 42,
  IPM_FRAGMENTS: 43, IPM_ERRORS: 44,
  // update ticks
  LU_AB_PACKETS: 45, LU_AB_BYTES: 46, LU_BA_PACKETS: 47, LU_BA_BYTES: 48, LU_START: 49, LU_LAST: 50, LU_RTT: 51,
  SNAP_AB_PACKETS: 52, SNAP_AB_BYTES: 53, SNAP_BA_PACKETS: 54, SNAP_BA_BYTES: 55,
  /** TCPMetric, 22 numbers in JSON order (TCP_FIELDS) */
  TCP: 56,
  /** TCP reassembly streams A→B and B→A (tcp-reassembly.ts S offsets), with ReassembleTCP only */
  STREAM_AB: 78, STREAM_BA: 89,
} as const

/** Numbers per flow without and with the reassembly streams. */
export const NUMBERS = 78
export const NUMBERS_WITH_STREAMS = 100

/** TCPMetric field names in the order of the N.TCP area. */
export const TCP_FIELDS = [
  'ABSynStart', 'BASynStart', 'ABSynTTL', 'BASynTTL', 'ABFinStart', 'BAFinStart', 'ABRstStart', 'BARstStart',
  'ABSegmentOutOfOrder', 'ABSegmentSkipped', 'ABSegmentSkippedBytes', 'ABPackets', 'ABBytes', 'ABSawStart', 'ABSawEnd',
  'BASegmentOutOfOrder', 'BASegmentSkipped', 'BASegmentSkippedBytes', 'BAPackets', 'BABytes', 'BASawStart', 'BASawEnd',
] as const

/** Offsets inside the TCP area. */
export const T = {
  AB_SYN: 0, BA_SYN: 1, AB_SYN_TTL: 2, BA_SYN_TTL: 3, AB_FIN: 4, BA_FIN: 5, AB_RST: 6, BA_RST: 7,
  /** first of the 7 reassembly counters per direction (OutOfOrder, Skipped, SkippedBytes, Packets, Bytes, SawStart, SawEnd) */
  AB_SEGMENTS: 8, BA_SEGMENTS: 15,
} as const
