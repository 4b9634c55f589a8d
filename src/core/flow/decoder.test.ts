// Layer paths of frames the reference traces do not contain, built byte by byte; the expected
// paths follow gopacket v1.1.17's layer names and Skydive's cut rules (spec/flows.md §2.9).
import { beforeAll, describe, expect, it } from 'vitest'
import { type Bytes, TCP_FLAGS, eth, icmpEcho, ipv4, ipv6, tcp, udp, vlan, zeros } from '../../../test/flow/frames.js'
import type { WireFlow } from '../../wire/index.js'
import { FlowTable } from './flow-table.js'
import { type Hash64, loadXxhash64 } from './xxhash64.js'

let hash64: Hash64
beforeAll(async () => { hash64 = await loadXxhash64() })

const A = '02:00:00:00:00:0a', B = '02:00:00:00:00:0b'
const V6A = '2001:db8:0:0:0:0:0:1', V6B = '2001:db8:0:0:0:0:0:2'

function flowsOf(frames: Bytes[], linkType = 1, opts: { mplsUdpPorts?: number[] } = {}): { flows: WireFlow[]; table: FlowTable } {
  const table = new FlowTable({ hash64, ...opts })
  frames.forEach((fr, i) => {
    const b = Uint8Array.from(fr)
    table.addPacket(b, 0, b.length, b.length, 1_700_000_000 + i, 0, linkType)
  })
  return { flows: [...table.flows('created')], table }
}
const paths = (frames: Bytes[], linkType = 1): string[] => flowsOf(frames, linkType).flows.map((f) => f.LayersPath ?? '')

const v4udp = (payload: Bytes, sport = 40000, dport = 9): Bytes => [...ipv4('10.0.0.1', '10.0.0.2', 17, 8 + payload.length), ...udp(sport, dport, payload.length), ...payload]
const v4icmp = (): Bytes => [...ipv4('10.0.0.1', '10.0.0.2', 1, 8), ...icmpEcho(8, 1)]

describe('decoder layer paths', () => {
  it('decodes 802.1ad (QinQ) tags as Dot1Q and stacks their ids outermost-low', () => {
    const { flows } = flowsOf([[...eth(A, B, 0x88a8), ...vlan(100, 0x8100), ...vlan(200, 0x0800), ...v4icmp()]])
    expect(flows.map((f) => [f.LayersPath, f.Link?.ID])).toEqual([['Ethernet/Dot1Q/Dot1Q/IPv4/ICMPv4', 200 * 4096 + 100]])
  })

  it('decodes IPv6 with a Hop-by-Hop header, ICMPv6 echo and neighbour solicitation', () => {
    const hbh = [58, 0, 1, 4, 0, 0, 0, 0]
    const echo = [128, 0, 0, 0, 0x12, 0x34, 0, 1]
    const ns = [135, 0, 0, 0, 0, 0, 0, 0, ...zeros(16)]
    const { flows } = flowsOf([
      [...eth(A, B, 0x86dd), ...ipv6(V6A, V6B, 0, hbh.length + echo.length), ...hbh, ...echo],
      [...eth(A, B, 0x86dd), ...ipv6(V6A, V6B, 58, ns.length), ...ns],
    ])
    expect(flows.map((f) => [f.LayersPath, f.ICMP])).toEqual([
      ['Ethernet/IPv6/IPv6HopByHop/ICMPv6/ICMPv6Echo', { Type: 'ECHO', ID: 0x1234 }],
      ['Ethernet/IPv6/ICMPv6/ICMPv6NeighborSolicitation', { Type: 'NEIGHBOR' }],
    ])
  })

  it('ends IPv6 fragments with an opaque Fragment layer', () => {
    const frag = [17, 0, 0, 1, 0, 0, 0, 9, ...zeros(8)]
    expect(paths([[...eth(A, B, 0x86dd), ...ipv6(V6A, V6B, 44, frag.length), ...frag]])).toEqual(['Ethernet/IPv6/IPv6Fragment/Fragment'])
  })

  it('names SCTP chunks and keeps SCTP ports as the transport', () => {
    const init = [1, 0, 0, 20, ...zeros(16)]
    const sctp = [0x0b, 0x59, 0x0b, 0x5a, 0, 0, 0, 0, 0, 0, 0, 0, ...init]
    const { flows } = flowsOf([[...eth(A, B, 0x0800), ...ipv4('10.0.0.1', '10.0.0.2', 132, sctp.length), ...sctp]])
    expect(flows.map((f) => [f.LayersPath, f.Transport])).toEqual([['Ethernet/IPv4/SCTP/SCTPInit', { Protocol: 'SCTP', A: 2905, B: 2906, ID: 0 }]])
  })

  it('skips Linux SLL in the path, leaving a leading "/" (Quirk §6.8), and decodes BSD loopback', () => {
    const sll = [0, 0, 0, 1, 0, 6, ...zeros(8), 0x08, 0x00]
    expect(paths([[...sll, ...v4udp([])]], 113)).toEqual(['/IPv4/UDP'])
    expect(paths([[2, 0, 0, 0, ...v4icmp()]], 0)).toEqual(['Loopback/IPv4/ICMPv4'])
  })

  it('decodes 802.3 frames through LLC to STP', () => {
    const stp = zeros(35)
    expect(paths([[...eth(A, '01:80:c2:00:00:00', 3 + stp.length), 0x42, 0x42, 0x03, ...stp]])).toEqual(['Ethernet/LLC/STP'])
  })

  it('stops the path where decoding fails and counts the failure: unknown EtherType, malformed DNS', () => {
    const { flows, table } = flowsOf([
      [...eth(A, B, 0x1234), 1, 2, 3, 4],
      [...eth(A, B, 0x0800), ...v4udp([0, 1, 1, 0, 0, 5, 0, 0, 0, 0, 0, 0, 3], 40000, 53)], // 5 questions announced, none present
    ])
    expect(flows.map((f) => f.LayersPath)).toEqual(['Ethernet', 'Ethernet/IPv4/UDP'])
    expect(table.stats.DecodeFailures).toBe(2)
  })

  it('keeps the TCP ports of a header whose data offset runs past the capture', () => {
    const t = tcp(1234, 80, TCP_FLAGS.SYN)
    t[12] = 0xf0 // 60-byte header, only 20 captured
    const { flows, table } = flowsOf([[...eth(A, B, 0x0800), ...ipv4('10.0.0.1', '10.0.0.2', 6, 40), ...t]])
    expect(flows.map((f) => [f.LayersPath, f.Transport?.A])).toEqual([['Ethernet/IPv4/TCP', 1234]])
    expect(table.stats.DecodeFailures).toBe(1)
  })

  it('puts the GRE key in the outer flow\'s Network.ID and makes the inner IPv4 a child flow', () => {
    const gre = [0x20, 0, 0x08, 0x00, 0, 0, 0, 42]
    const inner = v4icmp()
    const { flows } = flowsOf([[...eth(A, B, 0x0800), ...ipv4('192.0.2.1', '192.0.2.2', 47, gre.length + inner.length), ...gre, ...inner]])
    expect(flows.map((f) => [f.LayersPath, f.Network?.ID, f.ParentUUID === ''])).toEqual([
      ['Ethernet/IPv4/GRE', 42, true],
      ['IPv4/ICMPv4', 0, false],
    ])
    expect(flows[1]!.ParentUUID).toBe(flows[0]!.UUID)
  })

  it('decodes Geneve carrying IPv4 directly (protocol 0x0800)', () => {
    const inner = v4icmp()
    const geneve = [0, 0, 0x08, 0x00, 0, 0, 7, 0]
    const { flows } = flowsOf([[...eth(A, B, 0x0800), ...v4udp([...geneve, ...inner], 5555, 6081)]])
    expect(flows.map((f) => [f.LayersPath, f.Network?.ID])).toEqual([['Ethernet/IPv4/UDP/Geneve', 7], ['IPv4/ICMPv4', 0]])
  })

  it('skips the link-less, network-less sub-packet of a stacked MPLS label (Quirk §6.9)', () => {
    const labels = [0, 0x01, 0x00, 64, 0, 0x02, 0x01, 64] // label 16, then label 32 bottom of stack
    const { flows } = flowsOf([[...eth(A, B, 0x8847), ...labels, ...v4icmp()]])
    expect(flows.map((f) => f.LayersPath)).toEqual(['Ethernet/MPLS', 'IPv4/ICMPv4'])
    expect(flows[1]!.ParentUUID).toBe(flows[0]!.UUID)
  })

  it('decodes PPPoE sessions and IP inside GTPv1-U without cutting the frame', () => {
    const ppp = [0x00, 0x21, ...v4icmp()]
    const pppoe = [0x11, 0x00, 0, 1, ...[(ppp.length >> 8) & 255, ppp.length & 255], ...ppp]
    const inner = [...ipv4('172.16.0.1', '172.16.0.2', 6, 20), ...tcp(1111, 2222, TCP_FLAGS.SYN)]
    const gtp = [0x30, 0xff, 0, inner.length, 0, 0, 0, 1]
    expect(paths([
      [...eth(A, B, 0x8864), ...pppoe],
      [...eth(A, B, 0x0800), ...v4udp([...gtp, ...inner], 2152, 2152)],
    ])).toEqual(['Ethernet/PPPoE/PPP/IPv4/ICMPv4', 'Ethernet/IPv4/UDP/GTPv1U/IPv4/TCP'])
  })

  it('treats a registered UDP port as MPLS (Contrail), other ports as plain UDP', () => {
    const payload = [0, 0x01, 0x01, 64, ...v4icmp()]
    const frame = [...eth(A, B, 0x0800), ...v4udp(payload, 40000, 51234)]
    expect(flowsOf([frame]).flows.map((f) => f.LayersPath)).toEqual(['Ethernet/IPv4/UDP'])
    expect(flowsOf([frame], 1, { mplsUdpPorts: [51234] }).flows.map((f) => f.LayersPath)).toEqual(['Ethernet/IPv4/UDP/MPLS', 'IPv4/ICMPv4'])
  })
})
