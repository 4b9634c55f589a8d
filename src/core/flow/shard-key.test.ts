import { describe, expect, it } from 'vitest'
import { arp, eth, ipv4, ipv6, tcp, udp, vlan, zeros } from '../../../test/flow/frames.js'
import { ShardKeys, UNSHARDABLE } from './shard-key.js'

const A = '02:00:00:00:00:01', B = '02:00:00:00:00:02'
const frame = (...parts: number[][]): Uint8Array => Uint8Array.from(parts.flat())
const keyOf = (f: Uint8Array, ipDefrag = true, linkType = 1): number => new ShardKeys({ ipDefrag }).keyOf(f, 0, f.length, linkType)

describe('ShardKeys', () => {
  it('gives both directions of a conversation the same key (IPv4, IPv6, ARP)', () => {
    expect(keyOf(frame(eth(A, B, 0x0800), ipv4('10.0.0.1', '10.0.0.2', 6, 20), tcp(1000, 80, 2))))
      .toBe(keyOf(frame(eth(B, A, 0x0800), ipv4('10.0.0.2', '10.0.0.1', 6, 20), tcp(80, 1000, 0x12))))
    const v6a = 'fd00:0:0:0:0:0:0:1', v6b = 'fd00:0:0:0:0:0:0:2'
    expect(keyOf(frame(eth(A, B, 0x86dd), ipv6(v6a, v6b, 17, 8), udp(1, 2, 0))))
      .toBe(keyOf(frame(eth(B, A, 0x86dd), ipv6(v6b, v6a, 17, 8), udp(2, 1, 0))))
    expect(keyOf(frame(eth(A, B, 0x0806), arp(A, '10.0.0.1', '10.0.0.2')))).toBe(keyOf(frame(eth(B, A, 0x0806), arp(B, '10.0.0.2', '10.0.0.1'))))
  })

  it('keys on the IP pair, whatever the MACs, VLAN tags, transport or link type', () => {
    const key = keyOf(frame(eth(A, B, 0x0800), ipv4('10.0.0.1', '10.0.0.2', 6, 20), tcp(1000, 80, 2)))
    expect(keyOf(frame(eth('02:00:00:00:00:09', B, 0x8100), vlan(7, 0x0800), ipv4('10.0.0.1', '10.0.0.2', 17, 8), udp(5, 6, 0)))).toBe(key)
    const raw = frame(ipv4('10.0.0.2', '10.0.0.1', 1, 8), zeros(8))
    expect(keyOf(raw, true, 101)).toBe(key)
    expect(keyOf(raw, true, 228)).toBe(key)
    expect(keyOf(frame(eth(A, B, 0x0800), ipv4('10.0.0.1', '10.0.0.3', 6, 20), tcp(1000, 80, 2)))).not.toBe(key)
  })

  it('keys a frame whose first sub-packet has no IP on its MAC pair, as the flow key does', () => {
    // Ethernet/MPLS/IPv4: the table cuts after the MPLS label, so the top flow is keyed on the MACs
    const mpls = frame(eth(A, B, 0x8847), [0, 0, 0x11, 64], ipv4('10.9.0.1', '10.9.0.2', 17, 8), udp(1, 2, 0))
    expect(keyOf(mpls)).toBe(keyOf(frame(eth(B, A, 0x0806), arp(B, '10.0.0.2', '10.0.0.1'))))
  })

  it('answers UNSHARDABLE for an IPv4 fragment behind an IPv6 header, only with IPDefrag', () => {
    const f = frame(eth(A, B, 0x86dd), ipv6('fd00:0:0:0:0:0:0:1', 'fd00:0:0:0:0:0:0:2', 4, 36), ipv4('192.0.2.1', '192.0.2.2', 17, 16, { flags: 1 }), zeros(16))
    expect(keyOf(f, true)).toBe(UNSHARDABLE)
    expect(keyOf(f, false)).toBeGreaterThanOrEqual(0)
  })

  it('spreads many conversations over both halves of a 2-way split', () => {
    const shards = [0, 0]
    for (let i = 0; i < 1000; i++) {
      const k = keyOf(frame(eth(A, B, 0x0800), ipv4(`10.1.${i >> 8}.${i & 255}`, '10.2.0.1', 6, 20), tcp(1000, 80, 2)))
      shards[k % 2]!++
    }
    expect(Math.min(...shards)).toBeGreaterThan(400)
  })
})
