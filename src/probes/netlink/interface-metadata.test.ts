import { describe, expect, it } from 'vitest'
import type { NamespaceDump } from './ip-json.js'
import { interfacesFromDump, metricDelta, metricFromStats } from './interface-metadata.js'

// Trimmed from real `ip -j -d -s -s addr show`, `ip -j -N route show table all`, `ip -j neigh`.
const dump: NamespaceDump = {
  links: [
    { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, operstate: 'UNKNOWN', link_type: 'loopback',
      address: '00:00:00:00:00:00', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }, { family: 'inet6', local: '::1', prefixlen: 128 }],
      stats64: { rx: { bytes: 3193, packets: 29, errors: 0 }, tx: { bytes: 3193, packets: 29 } } },
    { ifindex: 4, ifname: 'eth0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1400, operstate: 'UP', link_type: 'ether',
      address: '02:FC:00:00:00:01', parentbus: 'virtio', parentdev: 'virtio2',
      addr_info: [{ family: 'inet', local: '192.0.2.2', prefixlen: 24 }, { family: 'inet6', local: 'fd00::2', prefixlen: 64 }] },
    { ifindex: 9, ifname: 'v1', link: 'v0', master: 'br0', flags: ['BROADCAST', 'MULTICAST'], mtu: 1500, operstate: 'LOWERLAYERDOWN',
      link_type: 'ether', address: '32:00:ba:ff:12:65', linkinfo: { info_kind: 'veth', info_slave_kind: 'bridge' } },
    { ifindex: 10, ifname: 'v0', link: 'v1', mtu: 1500, operstate: 'DOWN', link_type: 'ether', address: '4e:a8:bb:80:00:d2', linkinfo: { info_kind: 'veth' } },
    { ifindex: 11, ifname: 'br0', mtu: 1500, operstate: 'DOWN', link_type: 'ether', address: '32:00:ba:ff:12:65', linkinfo: { info_kind: 'bridge' } },
    { ifindex: 12, ifname: 'x0', link_index: 2, link_netnsid: 0, mtu: 1500, operstate: 'DOWN', link_type: 'ether', address: 'aa:bb:cc:dd:ee:ff', linkinfo: { info_kind: 'veth' } },
    { ifindex: 13, ifname: 'mv0', link: 'eth0', mtu: 1400, operstate: 'UP', link_type: 'ether', address: '5a:95:54:e7:dd:9a', linkinfo: { info_kind: 'macvlan' } },
  ],
  routes: [
    { dst: 'default', gateway: '192.0.2.1', dev: 'eth0' },
    { dst: '192.0.2.0/24', dev: 'eth0', protocol: '2', prefsrc: '192.0.2.2' },
    { type: '2', dst: '127.0.0.1', dev: 'lo', table: '255', protocol: '2', prefsrc: '127.0.0.1' },
    { dst: 'fd00::/64', dev: 'eth0', protocol: '2', metric: 256 },
  ],
  neighbors: [{ dst: '192.0.2.1', dev: 'eth0', lladdr: '02:FC:00:00:00:05', state: ['REACHABLE'], router: null }],
  nsids: [{ nsid: 0, name: 'ns1' }],
  drivers: { eth0: 'virtio_net' },
  speeds: {},
}

describe('interfacesFromDump (topology spec §2.4, §2.6)', () => {
  const infos = interfacesFromDump(dump)

  it('describes a physical NIC with driver, lowercase MAC, CIDR addresses and upstream flags', () => {
    expect(infos.get(4)!.metadata).toMatchObject({
      Name: 'eth0', Type: 'device', IfIndex: 4, EncapType: 'ether', Driver: 'virtio_net', MTU: 1400,
      MAC: '02:fc:00:00:00:01', State: 'UP', LinkFlags: ['UP', 'BROADCAST'], IPV4: ['192.0.2.2/24'], IPV6: ['fd00::2/64'],
      BusInfo: 'virtio2',
    })
  })

  it('names lo a device with the loopback encap and keeps its addresses', () => {
    expect(infos.get(1)!.metadata).toMatchObject({ Type: 'device', EncapType: 'loopback', State: 'UNKNOWN',
      LinkFlags: ['UP', 'POINTTOPOINT'], IPV4: ['127.0.0.1/8'], IPV6: ['::1/128'], Driver: '' })
  })

  it('gives veths their peer index, bridge members their master index', () => {
    expect(infos.get(9)).toMatchObject({ peerIfIndex: 10, masterIndex: 11 })
    expect(infos.get(9)!.metadata).toMatchObject({ Type: 'veth', Driver: 'veth', PeerIfIndex: 10, MasterIndex: 11, State: 'LOWER-LAYER-DOWN' })
    expect(infos.get(9)!.metadata['ParentIndex']).toBeUndefined()
    expect(infos.get(11)!.metadata).toMatchObject({ Type: 'bridge', Driver: 'bridge' })
  })

  it('marks a veth whose peer is in another namespace with its nsid and namespace name', () => {
    expect(infos.get(12)).toMatchObject({ peerIfIndex: 2, peerNsid: 0 })
    expect(infos.get(12)!.metadata).toMatchObject({ PeerIfIndex: 2, LinkNetNsID: 0, LinkNetNsName: 'ns1' })
  })

  it('gives a macvlan its lower device as ParentIndex', () => {
    expect(infos.get(13)!.metadata).toMatchObject({ Type: 'macvlan', ParentIndex: 4 })
  })

  it('groups routes by table and source on their output interface', () => {
    expect(infos.get(4)!.metadata['RoutingTables']).toEqual([
      { ID: 254, Src: '', Routes: [
        { Protocol: 3, Prefix: '0.0.0.0/0', NextHops: [{ Priority: 0, IP: '192.0.2.1', IfIndex: 4 }] },
        { Protocol: 2, Prefix: 'fd00::/64', NextHops: [{ Priority: 256, IfIndex: 4 }] },
      ] },
      { ID: 254, Src: '192.0.2.2', Routes: [{ Protocol: 2, Prefix: '192.0.2.0/24', NextHops: [{ Priority: 0, IfIndex: 4 }] }] },
    ])
    expect(infos.get(1)!.metadata['RoutingTables']).toEqual([
      { ID: 255, Src: '127.0.0.1', Routes: [{ Protocol: 2, Prefix: '127.0.0.1/32', NextHops: [{ Priority: 0, IfIndex: 1 }] }] },
    ])
    expect(infos.get(9)!.metadata['RoutingTables']).toBeUndefined()
  })

  it('lists neighbours with NUD state names', () => {
    expect(infos.get(4)!.metadata['Neighbors']).toEqual([
      { Flags: ['NTF_ROUTER'], MAC: '02:fc:00:00:00:05', IP: '192.0.2.1', State: ['NUD_REACHABLE'], IfIndex: 4 },
    ])
  })
})

describe('interface counters (topology spec §2.5)', () => {
  it('spells kernel counters the Skydive way and omits zeros', () => {
    expect(metricFromStats({ rx: { bytes: 10, packets: 1, errors: 0, multicast: 2 }, tx: { bytes: 5, collisions: 1 } }))
      .toEqual({ RxBytes: 10, RxPackets: 1, Multicast: 2, TxBytes: 5, Collisions: 1 })
  })

  it('computes the delta since the previous tick, or nothing when no counter moved', () => {
    expect(metricDelta({ RxBytes: 30, TxBytes: 5 }, { RxBytes: 10, TxBytes: 5 }, 1000, 2000)).toEqual({ RxBytes: 20, Start: 1000, Last: 2000 })
    expect(metricDelta({ RxBytes: 10 }, { RxBytes: 10 }, 1000, 2000)).toBeUndefined()
  })
})
