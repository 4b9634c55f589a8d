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
  // per packet, first and together so a packet touches few cache lines of the record
  LAST: 0, AB_PACKETS: 1, AB_BYTES: 2, BA_PACKETS: 3, BA_BYTES: 4, FLAGS: 5,
  /** source MAC, port and IP of the first packet, for A→B accounting */
  LINK_A_HI: 6, LINK_A_LO: 7, UPDATE_VERSION: 8, TRANS_A: 9, NET_A0: 10, NET_A1: 11, NET_A2: 12, NET_A3: 13,
  /** TCP reassembly streams A→B and B→A (tcp-reassembly.ts S offsets), used with ReassembleTCP */
  STREAM_AB: 14, STREAM_BA: 25,
  /** RTT in ns; pending start (capture seconds + 1, 0 = none) and nanoseconds */
  RTT: 36, RTT_SEC: 37, RTT_NSEC: 38,
  // set at creation
  ID: 39, START: 40, LINK_B_HI: 41, LINK_B_LO: 42, NET_B0: 43, NET_B1: 44, NET_B2: 45, NET_B3: 46, TRANS_B: 47,
  LINK_ID: 48, NET_ID: 49,
  /** ICMPType << 24 | code << 16 | id */
  ICMP: 50, FINISH_TYPE: 51,
  /** L2 key, L3 key and table key as two 32-bit halves each; the parent's UUID likewise */
  L2_HI: 52, L2_LO: 53, L3_HI: 54, L3_LO: 55, TK_HI: 56, TK_LO: 57, PARENT_HI: 58, PARENT_LO: 59,
  /** interned LayersPath and Application */
  PATH: 60, APP: 61,
  /** Community ID tuple: IP protocol and, with F.CID_PORTS, ports or ICMP type/code */
  CID_PROTO: 62, CID_SPORT: 63, CID_DPORT: 64,
  IPM_FRAGMENTS: 65, IPM_ERRORS: 66,
  // update ticks
  LU_AB_PACKETS: 67, LU_AB_BYTES: 68, LU_BA_PACKETS: 69, LU_BA_BYTES: 70, LU_START: 71, LU_LAST: 72, LU_RTT: 73,
  SNAP_AB_PACKETS: 74, SNAP_AB_BYTES: 75, SNAP_BA_PACKETS: 76, SNAP_BA_BYTES: 77,
  /** TCPMetric, 22 numbers in JSON order (TCP_FIELDS) */
  TCP: 78,
} as const

/** Numbers per flow. */
export const NUMBERS = 100

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
