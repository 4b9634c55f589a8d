/**
 * The mutable state of one flow in the table. Text fields are set once, when the flow is
 * created; per-packet updates touch numbers only. to-wire.ts turns it into JSON.
 */
import type { TcpStream } from './tcp-reassembly.js'
import type { WireIPMetric, WireTCPMetric } from '../../wire/index.js'

/** One flow of the table (spec/flows.md §1.1 plus internal state). */
export class FlowEntry {
  /** internal id, never reused: the parent identity in child keys */
  id = 0
  /** index slot */
  slot = -1
  uuid = ''
  trackingId = ''
  l3TrackingId = ''
  parentUuid = ''
  nodeTid = ''
  captureId = ''
  layersPath = ''
  application = ''
  communityId = ''

  hasLink = false
  linkA = ''
  linkB = ''
  linkId = 0
  /** source MAC of the first packet as 32 + 16 bits, for A→B accounting */
  linkAHi = 0
  linkALo = 0

  /** 0 none, 1 IPv4, 5 IPv6 (FlowProtocol values) */
  netProto = 0
  netA = ''
  netB = ''
  netId = 0
  /** source IP of the first packet as 32-bit words (one for IPv4) */
  netA0 = 0
  netA1 = 0
  netA2 = 0
  netA3 = 0

  /** 0 none, 2 TCP, 3 UDP, 4 SCTP */
  transProto = 0
  transA = 0
  transB = 0

  /** ICMPType value, -1 without ICMP */
  icmpType = -1
  icmpCode = 0
  icmpId = 0

  start = 0
  last = 0
  abPackets = 0
  abBytes = 0
  baPackets = 0
  baBytes = 0
  /** ns; 0 = not measured */
  rtt = 0
  /** pending RTT start (capture time), -1 = unset */
  rttSec = -1
  rttNsec = 0

  hasLastUpdate = false
  luABPackets = 0
  luABBytes = 0
  luBAPackets = 0
  luBABytes = 0
  luStart = 0
  luLast = 0
  luRtt = 0
  /** counters at the previous update tick */
  snapABPackets = 0
  snapABBytes = 0
  snapBAPackets = 0
  snapBABytes = 0
  /** table update version of the last packet */
  updateVersion = 0

  finishType = 0
  tcp: WireTCPMetric | null = null
  ipMetric: WireIPMetric | null = null
  dhcpv4: Record<string, unknown> | undefined = undefined
  dns: Record<string, unknown> | undefined = undefined
  vrrp: Record<string, unknown> | undefined = undefined
  rawPacketsCaptured = 0
  rawPackets: Array<{ Timestamp: number; Index: number; Data: Uint8Array; LinkType: number }> = []
  /** TCP reassembly streams, by direction: 0 = A→B, 1 = B→A */
  streamAB: TcpStream | null = null
  streamBA: TcpStream | null = null
}

/** A TCPMetric with every counter at zero. */
export function emptyTcpMetric(): WireTCPMetric {
  return {
    ABSynStart: 0, BASynStart: 0, ABSynTTL: 0, BASynTTL: 0, ABFinStart: 0, BAFinStart: 0, ABRstStart: 0, BARstStart: 0,
    ABSegmentOutOfOrder: 0, ABSegmentSkipped: 0, ABSegmentSkippedBytes: 0, ABPackets: 0, ABBytes: 0, ABSawStart: 0, ABSawEnd: 0,
    BASegmentOutOfOrder: 0, BASegmentSkipped: 0, BASegmentSkippedBytes: 0, BAPackets: 0, BABytes: 0, BASawStart: 0, BASawEnd: 0,
  }
}
