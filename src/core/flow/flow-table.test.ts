import { beforeAll, describe, expect, it } from 'vitest'
import { TCP_FLAGS, arp, eth, ethIpv4, icmpEcho, tcp, udp } from '../../../test/flow/frames.js'
import { fakeClock } from '../ports.js'
import type { WireFlow } from '../../wire/index.js'
import { FlowTable } from './flow-table.js'
import type { FlowTableOptions } from './flow-options.js'
import { type Hash64, loadXxhash64 } from './xxhash64.js'

let hash64: Hash64
beforeAll(async () => { hash64 = await loadXxhash64() })

const T0 = 1_700_000_000 // seconds
const A = '02:00:00:00:00:0a', B = '02:00:00:00:00:0b'

function table(o: Partial<FlowTableOptions> = {}): FlowTable {
  return new FlowTable({ hash64, clock: fakeClock(T0 * 1000), ...o })
}

/** Feeds one Ethernet frame captured at T0 + `sec` seconds. */
function feed(t: FlowTable, frame: Uint8Array, sec: number): void {
  const s = T0 + Math.floor(sec), ns = Math.round((sec % 1) * 1e9)
  t.addPacket(frame, 0, frame.length, frame.length, s, ns, 1)
}

const udpAB = (sport = 5000, payload = 10): Uint8Array =>
  ethIpv4({ srcMac: A, dstMac: B, src: '10.0.0.1', dst: '10.0.0.2', proto: 17, l4: udp(sport, 53, payload), payload })
const udpBA = (dport = 5000, payload = 10): Uint8Array =>
  ethIpv4({ srcMac: B, dstMac: A, src: '10.0.0.2', dst: '10.0.0.1', proto: 17, l4: udp(53, dport, payload), payload })
const dnsLike = (sport: number): Uint8Array => ethIpv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 17, l4: udp(sport, 7777, 0) })
const only = (t: FlowTable): WireFlow => {
  const all = [...t.flows()]
  expect(all).toHaveLength(1)
  return all[0]!
}
const ms = (sec: number): number => (T0 + sec) * 1000

describe('FlowTable', () => {
  it('makes one flow of both directions, A being the sender of the first packet', () => {
    const t = table()
    feed(t, udpAB(), 0)
    feed(t, udpBA(), 0.5)
    feed(t, udpAB(), 1)
    const f = only(t)
    expect([f.Link?.A, f.Network?.A, f.Transport?.A]).toEqual([A, '10.0.0.1', 5000])
    expect(f.Metric).toMatchObject({ ABPackets: 2, ABBytes: 2 * 52, BAPackets: 1, BABytes: 52, Start: ms(0), Last: ms(1) })
    expect(f.LastUpdateMetric).toBeUndefined()
    expect(f.CommunityID).toMatch(/^1:[A-Za-z0-9+/]{27}=$/)
  })

  it('gives LastUpdateMetric the deltas since the previous update tick and sends updated flows only', () => {
    const t = table()
    for (let i = 0; i < 2; i++) feed(t, udpAB(), 1)
    const first = t.update(ms(2))
    expect(first).toHaveLength(1)
    expect(first[0]!.LastUpdateMetric).toMatchObject({ ABPackets: 2, Start: ms(1), Last: ms(2) })
    expect(t.update(ms(3))).toEqual([]) // unchanged: not sent
    expect(only(t).LastUpdateMetric).toMatchObject({ ABPackets: 0, ABBytes: 0, Start: ms(2), Last: ms(3) })
    for (let i = 0; i < 8; i++) feed(t, udpAB(), 3.5)
    expect(t.update(ms(4))[0]!.LastUpdateMetric).toMatchObject({ ABPackets: 8, Start: ms(3), Last: ms(4) })
    for (let i = 0; i < 5; i++) feed(t, udpAB(), 4.5)
    const last = t.update(ms(5))[0]!
    expect(last.LastUpdateMetric).toMatchObject({ ABPackets: 5, ABBytes: 5 * 52 })
    expect(last.Metric.ABPackets).toBe(15)
  })

  it('computes LastUpdateMetric up to the flow\'s Last when a flow updated since the last tick expires', () => {
    const t = table()
    feed(t, udpAB(), 1)
    const sent = t.flush()
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ FinishType: 1, LastUpdateMetric: { ABPackets: 1, Start: ms(1), Last: ms(1) } })
    expect(t.size).toBe(0)
  })

  it('finishes idle flows past their application timeout with TIMEOUT, others stay unsent', () => {
    const sent: WireFlow[] = []
    const t = table({ appTimeouts: { arp: 10, dns: 20 }, onFlows: (f) => sent.push(...f) })
    feed(t, Uint8Array.from([...eth(A, 'ff:ff:ff:ff:ff:ff', 0x0806), ...arp(A, '10.0.0.1', '10.0.0.2')]), 0)
    feed(t, ethIpv4({ src: '10.0.0.1', dst: '10.0.0.9', proto: 17, l4: udp(4000, 53, 12), payload: 12 }), 0)
    t.update(ms(1)) // both sent as updated
    sent.length = 0
    t.update(ms(15))
    expect(sent.map((f) => [f.Application, f.FinishType])).toEqual([['ARP', 1]])
    const left = [...t.flows()]
    expect(left.map((f) => [f.Application, f.FinishType])).toEqual([['DNS', undefined]])
  })

  it('holds a finished flow for 15 s after its last packet, then removes it', () => {
    const t = table()
    feed(t, ethIpv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 6, l4: tcp(40000, 80, TCP_FLAGS.FIN | TCP_FLAGS.ACK) }), 0)
    expect(only(t).FinishType).toBe(2)
    t.update(ms(5))
    expect(t.size).toBe(1)
    t.update(ms(15))
    expect(t.size).toBe(0)
  })

  it('expires flows idle since the previous expire tick, sending the unfinished ones with TIMEOUT', () => {
    const t = table()
    feed(t, udpAB(1000), 0)
    feed(t, udpAB(2000), 0)
    expect(t.expire(ms(600))).toEqual([]) // first tick: nothing is older than time 0
    feed(t, udpAB(2000), 700)
    const gone = t.expire(ms(1200))
    expect(gone.map((f) => [f.Transport?.A, f.FinishType])).toEqual([[1000, 1]])
    expect([...t.flows()].map((f) => f.Transport?.A)).toEqual([2000])
  })

  it('runs update and expire ticks from the clock every flow.update and flow.expire seconds', () => {
    const clock = fakeClock(ms(0))
    const sent: WireFlow[] = []
    const t = new FlowTable({ hash64, clock, updateSeconds: 60, expireSeconds: 600, onFlows: (f) => sent.push(...f) })
    feed(t, udpAB(), 0)
    t.tick()
    clock.advance(59_000)
    expect(t.tick()).toEqual([])
    clock.advance(1_000)
    expect(t.tick().map((f) => f.LastUpdateMetric?.ABPackets)).toEqual([1])
    clock.advance(600_000)
    t.tick() // expire tick at 600 s: nothing older than 0 yet
    clock.advance(600_000)
    expect(t.tick().map((f) => f.FinishType)).toEqual([1])
    expect(sent.map((f) => f.FinishType ?? 0)).toEqual([0, 1])
    expect(t.size).toBe(0)
  })

  it('evicts the least recently used flow at max_entries and counts it', () => {
    const t = table({ maxEntries: 3 })
    for (const port of [1, 2, 3]) feed(t, udpAB(port), port)
    feed(t, udpAB(1), 4) // 1 is used again: 2 is now the oldest
    feed(t, udpAB(4), 5)
    expect([...t.flows()].map((f) => f.Transport?.A).sort()).toEqual([1, 3, 4])
    expect(t.stats).toMatchObject({ FlowCount: 3, FlowDropped: 1, PacketsReceived: 5 })
  })

  it('creates but never counts non-IP packets in L3 mode (Quirk §6.4)', () => {
    const t = table({ layerKeyMode: 'L3' })
    feed(t, Uint8Array.from([...eth(A, 'ff:ff:ff:ff:ff:ff', 0x0806), ...arp(A, '10.0.0.1', '10.0.0.2')]), 0)
    expect(only(t).Metric).toMatchObject({ ABPackets: 0, BAPackets: 0 })
  })

  it('measures RTT from an echo request to its reply, in nanoseconds', () => {
    const t = table()
    feed(t, ethIpv4({ srcMac: A, dstMac: B, src: '10.0.0.1', dst: '10.0.0.2', proto: 1, l4: icmpEcho(8, 7) }), 1)
    feed(t, ethIpv4({ srcMac: B, dstMac: A, src: '10.0.0.2', dst: '10.0.0.1', proto: 1, l4: icmpEcho(0, 7) }), 1.25)
    expect(only(t)).toMatchObject({ ICMP: { Type: 'ECHO', ID: 7 }, Metric: { RTT: 250_000_000 } })
  })

  it('counts out-of-order TCP segments once the stream ends, per direction', () => {
    const t = table({ extraTCPMetric: true, reassembleTCP: true })
    const seg = (flags: number, seq: number, payload: number, sec: number): void =>
      feed(t, ethIpv4({ srcMac: A, dstMac: B, src: '10.0.0.1', dst: '10.0.0.2', proto: 6, l4: tcp(40000, 80, flags, seq), payload }), sec)
    seg(TCP_FLAGS.SYN, 100, 0, 0)
    seg(TCP_FLAGS.ACK, 111, 10, 0.2) // arrives before the segment at 101
    seg(TCP_FLAGS.ACK, 101, 10, 0.3)
    seg(TCP_FLAGS.FIN | TCP_FLAGS.ACK, 121, 0, 0.4)
    expect(only(t).TCPMetric).toMatchObject({
      ABSynStart: ms(0), ABFinStart: ms(0.4), ABPackets: 4, ABBytes: 20, ABSegmentOutOfOrder: 1, ABSawStart: 1, ABSawEnd: 1,
      BAPackets: 0,
    })
  })

  it('keeps at most RawPacketLimit raw packets and clears them once the flow is sent', () => {
    const t = table({ rawPacketLimit: 2 })
    for (let i = 0; i < 3; i++) feed(t, udpAB(), i)
    expect(only(t).RawPacketsCaptured).toBe(2)
    t.update(ms(10))
    expect(only(t).RawPacketsCaptured).toBe(2)
  })

  it('counts frames that fail to decode and ignores unknown link types', () => {
    const t = table()
    const bad = Uint8Array.from([...eth(A, B, 0x0800), 0x45, 0, 0, 10]) // IPv4 header cut short
    t.addPacket(bad, 0, bad.length, bad.length, T0, 0, 1)
    t.addPacket(bad, 0, bad.length, bad.length, T0, 0, 147)
    expect(t.stats).toMatchObject({ PacketsReceived: 2, DecodeFailures: 1, FramesIgnored: 1 })
  })

  it('keeps UDP flows with different client ports apart (one flow per 5-tuple)', () => {
    const t = table()
    for (const port of [1, 2, 3, 1]) feed(t, dnsLike(port), 0)
    expect(t.size).toBe(3)
  })
})
