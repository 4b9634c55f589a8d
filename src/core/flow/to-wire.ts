/**
 * FlowEntry → the Flow JSON of spec/flows.md §1.1: fields in upstream order, optional ones
 * absent when upstream omits them (the one place a flow becomes text).
 */
import type { FlowEntry } from './flow-entry.js'
import { FLOW_PROTOCOLS, ICMP_TYPES, type FinishType, type WireFlow, type WireFlowMetric, type WireTCPMetric } from '../../wire/index.js'

/** The JSON object of a flow. */
export function toWireFlow(e: FlowEntry): WireFlow {
  const w: Partial<WireFlow> = {}
  if (e.uuid) w.UUID = e.uuid
  if (e.layersPath) w.LayersPath = e.layersPath
  if (e.application) w.Application = e.application
  if (e.hasLink) w.Link = layer('ETHERNET', e.linkA, e.linkB, e.linkId)
  if (e.netProto) w.Network = layer(e.netProto === 1 ? 'IPV4' : 'IPV6', e.netA, e.netB, e.netId)
  if (e.transProto) w.Transport = { Protocol: FLOW_PROTOCOLS[e.transProto]!, A: e.transA, B: e.transB, ID: 0 }
  if (e.icmpType >= 0) {
    w.ICMP = { Type: ICMP_TYPES[e.icmpType]! }
    if (e.icmpCode) w.ICMP.Code = e.icmpCode
    if (e.icmpId) w.ICMP.ID = e.icmpId
  }
  if (e.dhcpv4) w.DHCPv4 = e.dhcpv4
  if (e.dns) w.DNS = e.dns
  if (e.vrrp) w.VRRPv2 = e.vrrp
  if (e.hasLastUpdate) {
    w.LastUpdateMetric = metric(e.luABPackets, e.luABBytes, e.luBAPackets, e.luBABytes, e.luStart, e.luLast, e.luRtt)
  }
  w.Metric = metric(e.abPackets, e.abBytes, e.baPackets, e.baBytes, e.start, e.last, e.rtt)
  if (e.tcp) w.TCPMetric = tcpMetric(e.tcp)
  if (e.ipMetric) w.IPMetric = { Fragments: e.ipMetric.Fragments, FragmentErrors: e.ipMetric.FragmentErrors }
  w.Start = e.start
  w.Last = e.last
  if (e.trackingId) w.TrackingID = e.trackingId
  if (e.l3TrackingId) w.L3TrackingID = e.l3TrackingId
  w.ParentUUID = e.parentUuid
  if (e.nodeTid) w.NodeTID = e.nodeTid
  if (e.captureId) w.CaptureID = e.captureId
  w.RawPacketsCaptured = e.rawPacketsCaptured
  if (e.finishType) w.FinishType = e.finishType as FinishType
  if (e.communityId) w.CommunityID = e.communityId
  return w as WireFlow
}

function layer(p: 'ETHERNET' | 'IPV4' | 'IPV6', a: string, b: string, id: number): NonNullable<WireFlow['Link']> {
  // built in Protocol, A, B, ID order; A and B are omitted when empty
  const l = { Protocol: p } as NonNullable<WireFlow['Link']>
  if (a) l.A = a
  if (b) l.B = b
  l.ID = id
  return l
}

function metric(abp: number, abb: number, bap: number, bab: number, start: number, last: number, rtt: number): WireFlowMetric {
  const m: WireFlowMetric = { ABPackets: abp, ABBytes: abb, BAPackets: bap, BABytes: bab, Start: start, Last: last }
  if (rtt) m.RTT = rtt
  return m
}

function tcpMetric(t: WireTCPMetric): WireTCPMetric {
  const o: Partial<WireTCPMetric> = { ABSynStart: t.ABSynStart, BASynStart: t.BASynStart }
  if (t.ABSynTTL) o.ABSynTTL = t.ABSynTTL
  if (t.BASynTTL) o.BASynTTL = t.BASynTTL
  Object.assign(o, {
    ABFinStart: t.ABFinStart, BAFinStart: t.BAFinStart, ABRstStart: t.ABRstStart, BARstStart: t.BARstStart,
    ABSegmentOutOfOrder: t.ABSegmentOutOfOrder, ABSegmentSkipped: t.ABSegmentSkipped,
    ABSegmentSkippedBytes: t.ABSegmentSkippedBytes, ABPackets: t.ABPackets, ABBytes: t.ABBytes,
    ABSawStart: t.ABSawStart, ABSawEnd: t.ABSawEnd,
    BASegmentOutOfOrder: t.BASegmentOutOfOrder, BASegmentSkipped: t.BASegmentSkipped,
    BASegmentSkippedBytes: t.BASegmentSkippedBytes, BAPackets: t.BAPackets, BABytes: t.BABytes,
    BASawStart: t.BASawStart, BASawEnd: t.BASawEnd,
  })
  return o as WireTCPMetric
}
