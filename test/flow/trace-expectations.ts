// Expected flows of every reference trace, transcribed from spec/flows.md §5.2–§5.3 (values
// from the spec, never from this implementation's output). Rows list the fields the spec
// gives; `parent` is the index of the enclosing flow's row (absent: a top-level flow).
import type { FlowsFromFileOptions } from '../../src/capture/index.js'
import type { WireFlow } from '../../src/wire/index.js'

export interface ExpectedFlow {
  LayersPath?: string
  Application?: string
  /** null: the flow has no such layer */
  Link?: { A: string; B: string; ID?: number } | null
  Network?: { Protocol?: 'IPV4' | 'IPV6'; A: string; B: string; ID?: number } | null
  Transport?: { Protocol: 'TCP' | 'UDP' | 'SCTP'; A: number; B: number } | null
  ICMP?: { Type: string; ID?: number }
  AB?: [packets: number, bytes: number]
  BA?: [packets: number, bytes: number]
  TrackingID?: string
  L3TrackingID?: string
  RTT?: number
  parent?: number
  /** further assertions on the matched flow */
  check?: (f: WireFlow) => void
}

export interface TraceCase {
  label: string
  file: string
  opts?: FlowsFromFileOptions
  /** exact number of flows, when the spec states it */
  count?: number
  rows: ExpectedFlow[]
  /** assertions over all flows */
  check?: (flows: WireFlow[]) => void
}

const eq = (a: unknown, b: unknown, what: string): void => {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`)
}
const noLastUpdateMetric = (f: WireFlow): void => eq(f.LastUpdateMetric, undefined, 'LastUpdateMetric')

const QINQ_LINK = { A: '92:b6:d9:98:93:bb', B: 'f2:74:63:a0:e3:7f' }
const GOOGLE_LINK = { A: 'fa:16:3e:29:e0:82', B: 'fa:16:3e:96:06:e8' }
const DNS_LINK = { A: '14:4f:8a:d7:59:3d', B: '40:9b:cd:d2:7b:11' }
const DNS_NET = { A: '10.0.0.12', B: '10.0.0.138' }
const VXLAN_LINK = { A: 'fa:36:71:46:76:19', B: '3a:07:fe:34:45:8e' }

type Dns = Record<string, unknown> & { questions?: Array<Record<string, unknown>>; answers?: Array<Record<string, unknown>>; authorities?: Array<Record<string, unknown>>; additionals?: Array<Record<string, unknown>> }

/** Common DNS response fields of dns.pcap (§5.2) and the section sizes. */
function dnsResponse(id: number, q: [string, string], counts: [number, number, number, number], time: string, more?: (d: Dns) => void) {
  return (f: WireFlow): void => {
    const d = f.DNS as Dns
    eq([d['ID'], d['QR'], d['op_code'], d['RD'], d['RA'], d['response_code']], [id, true, 'Query', true, true, 'No Error'], 'DNS header')
    eq([d['QDCount'] ?? 0, d['ANCount'] ?? 0, d['NSCount'] ?? 0, d['ARCount'] ?? 0], counts, 'DNS counts')
    eq(d.questions, [{ name: q[0], type: q[1], class: 'IN' }], 'DNS question')
    eq([d.answers?.length ?? 0, d.authorities?.length ?? 0, d.additionals?.length ?? 0], counts.slice(1), 'DNS sections')
    if (!String(d['timestamp']).endsWith(`T${time}Z`)) throw new Error(`DNS timestamp ${String(d['timestamp'])} is not at ${time} UTC`)
    more?.(d)
  }
}
const has = (records: Array<Record<string, unknown>> | undefined, want: Record<string, unknown>, what: string): void => {
  const hit = (records ?? []).some((r) => Object.entries(want).every(([k, v]) => JSON.stringify(r[k]) === JSON.stringify(v)))
  if (!hit) throw new Error(`${what}: no record ${JSON.stringify(want)} in ${JSON.stringify(records)}`)
}
const soa = (m: string, r: string, serial: number, refresh: number, retry: number, expire: number, minimum: number) =>
  ({ MName: m, RName: r, serial, refresh, retry, expire, minimum })

export const TRACES: TraceCase[] = [
  {
    label: 'simple-tcpv4', file: 'simple-tcpv4.pcap', count: 1,
    rows: [{
      LayersPath: 'Ethernet/IPv4/TCP', Application: 'TCP', Link: { A: '46:9b:b0:e6:70:fb', B: '92:46:c1:21:00:ae', ID: 0 },
      Network: { Protocol: 'IPV4', A: '192.168.0.2', B: '192.168.0.1', ID: 0 }, Transport: { Protocol: 'TCP', A: 36108, B: 3333 },
      AB: [5, 344], BA: [3, 206], RTT: 33000, TrackingID: '81789de63b9965cd', L3TrackingID: 'a8b1845da6a6715f',
      check: (f) => {
        noLastUpdateMetric(f)
        const t = f.TCPMetric!
        eq([t.ABSynStart, t.BASynStart, t.ABSynTTL, t.BASynTTL, t.ABFinStart, t.BAFinStart],
          [1490086703768, 1490086703768, 64, 64, 1490086707507, 1490086707507], 'TCPMetric SYN/FIN')
      },
    }],
  },
  {
    label: 'simple-tcpv6', file: 'simple-tcpv6.pcap', count: 1,
    rows: [{
      LayersPath: 'Ethernet/IPv6/TCP', Network: { Protocol: 'IPV6', A: 'fd49:37c8:5229::2', B: 'fd49:37c8:5229::1' },
      Transport: { Protocol: 'TCP', A: 35294, B: 3333 }, AB: [3, 272], BA: [2, 180], RTT: 28000,
      TrackingID: 'cacfc1e6a2a24d73', L3TrackingID: '2fd5bf8e0cd737d9',
    }],
  },
  {
    label: 'icmpv4-truncated', file: 'icmpv4-truncated.pcap', count: 1,
    rows: [{
      LayersPath: 'Ethernet/IPv4/ICMPv4', Network: { A: '10.201.243.198', B: '8.8.8.8' }, ICMP: { Type: 'ECHO', ID: 30393 },
      AB: [1, 1066], BA: [1, 1066], RTT: 13104000, TrackingID: '2b90f25c1867c848', check: noLastUpdateMetric,
    }],
  },
  {
    label: 'erspanII', file: 'erspanII.pcap', count: 2,
    rows: [
      { LayersPath: 'Ethernet/IPv4/GRE', Link: { A: '64:00:f1:e2:01:01', B: '64:00:f1:e2:01:12' }, Network: { A: '2.2.2.2', B: '1.1.1.1' }, AB: [4, 656], BA: [0, 0], TrackingID: '5d89cd4a2347a163' },
      { LayersPath: 'Ethernet/IPv4/ICMPv4', Link: { A: '64:00:f1:e1:02:02', B: '64:00:f1:e1:03:03' }, Network: { A: '23.0.0.2', B: '23.0.0.3' }, ICMP: { Type: 'ECHO', ID: 22 }, AB: [2, 244], BA: [2, 244], TrackingID: '4b4a5bac00bdaaf7', parent: 0 },
    ],
  },
  {
    label: 'eth-ip4-arp-dns-req-http-google', file: 'eth-ip4-arp-dns-req-http-google.pcap', count: 6,
    rows: [
      { LayersPath: 'Ethernet/ARP', Application: 'ARP', Link: { A: 'fa:16:3e:29:e0:82', B: 'ff:ff:ff:ff:ff:ff' }, Network: null, AB: [1, 42], BA: [0, 0], TrackingID: '2962ef01fc3f5ef0', L3TrackingID: 'ef46db3751d8e999' },
      { LayersPath: 'Ethernet/ARP', Application: 'ARP', Link: { A: 'fa:16:3e:96:06:e8', B: 'fa:16:3e:29:e0:82' }, AB: [1, 42], BA: [0, 0], TrackingID: 'd9dc59f770fc6ea1', L3TrackingID: 'ef46db3751d8e999' },
      { LayersPath: 'Ethernet/IPv4/UDP/DNS', Application: 'DNS', Link: GOOGLE_LINK, Network: { A: '192.168.0.5', B: '8.8.8.8' }, Transport: { Protocol: 'UDP', A: 37686, B: 53 }, AB: [2, 148], BA: [2, 256], TrackingID: '7313dbb9e94d6401', L3TrackingID: '97899f0ffdb1546b' },
      { LayersPath: 'Ethernet/IPv4/TCP', Application: 'TCP', Link: GOOGLE_LINK, Network: { A: '192.168.0.5', B: '173.194.40.147' }, Transport: { Protocol: 'TCP', A: 47838, B: 80 }, AB: [6, 516], BA: [4, 760], TrackingID: 'ebff6d7dcd834d9d', L3TrackingID: '63ac39b0980df986', RTT: 1894000 },
      { LayersPath: 'Ethernet/IPv4/UDP/DNS', Application: 'DNS', Link: GOOGLE_LINK, Network: { A: '192.168.0.5', B: '8.8.8.8' }, Transport: { Protocol: 'UDP', A: 33553, B: 53 }, AB: [2, 146], BA: [2, 190], TrackingID: 'd7194787f91341b9', L3TrackingID: 'f9b2a8836e0a46' },
      { LayersPath: 'Ethernet/IPv4/TCP', Application: 'TCP', Link: GOOGLE_LINK, Network: { A: '192.168.0.5', B: '216.58.211.67' }, Transport: { Protocol: 'TCP', A: 54785, B: 80 }, AB: [20, 1475], BA: [18, 21080], TrackingID: 'a1d31b71f61f2570', L3TrackingID: 'eb5bee1d5c9f4284', RTT: 2212000 },
    ],
    check: (flows) => eq(flows.filter((f) => f.Application === 'DNS').length, 2, 'DNS flows'),
  },
  {
    label: 'eth-ipv4-tcp-http-ooo', file: 'eth-ipv4-tcp-http-ooo.pcap', count: 1,
    rows: [{
      LayersPath: 'Ethernet/IPv4/TCP', AB: [20, 1475], BA: [18, 21080], TrackingID: 'a1d31b71f61f2570',
      check: (f) => eq([f.TCPMetric?.ABSegmentOutOfOrder, f.TCPMetric?.BASegmentOutOfOrder], [0, 3], 'segments out of order'),
    }],
  },
  {
    label: 'dns (ExtraLayers DNS)', file: 'dns.pcap', count: 6, opts: { extraLayers: ['DNS'] },
    rows: [
      {
        Transport: { Protocol: 'UDP', A: 41278, B: 53 }, AB: [2, 150], BA: [2, 683], TrackingID: '181ad6ecea69f1b3',
        check: dnsResponse(38125, ['c.go-mpulse.net', 'AAAA'], [1, 2, 1, 0], '03:40:14.984235', (d) => {
          has(d.answers, { name: 'c.go-mpulse.net', type: 'CNAME', TTL: 728, data_length: 33, CNAME: 'wildcard.go-mpulse.net.edgekey.net' }, 'answers')
          has(d.answers, { type: 'CNAME', TTL: 2924, data_length: 21, CNAME: 'e4518.x.akamaiedge.net' }, 'answers')
          has(d.authorities, { name: 'x.akamaiedge.net', type: 'SOA', TTL: 5, data_length: 49, SOA: soa('n0x.akamaiedge.net', 'hostmaster.akamai.com', 1559791419, 1000, 1000, 1000, 1800) }, 'authorities')
        }),
      },
      {
        Transport: { Protocol: 'UDP', A: 33823, B: 53 }, AB: [1, 77], BA: [1, 294], TrackingID: 'f9e65446e9f12573',
        check: dnsResponse(40590, ['fedoraproject.org', 'AAAA'], [1, 2, 3, 5], '03:40:24.62057', (d) => {
          for (const ip of ['2610:28:3090:3001:dead:beef:cafe:fed3', '2604:1580:fe00:0:dead:beef:cafe:fed1']) has(d.answers, { type: 'AAAA', TTL: 7, data_length: 16, IP: ip }, 'answers')
          for (const ns of ['ns04', 'ns02', 'ns05']) has(d.authorities, { type: 'NS', TTL: 67350, data_length: 7, NS: `${ns}.fedoraproject.org` }, 'authorities')
          for (const [n, ip] of [['ns02', '152.19.134.139'], ['ns04', '209.132.181.17'], ['ns05', '85.236.55.10']]) has(d.additionals, { name: `${n}.fedoraproject.org`, type: 'A', TTL: 85167, IP: ip }, 'additionals')
          has(d.additionals, { name: 'ns02.fedoraproject.org', type: 'AAAA', IP: '2610:28:3090:3001:dead:beef:cafe:fed5' }, 'additionals')
          has(d.additionals, { name: 'ns05.fedoraproject.org', type: 'AAAA', IP: '2001:4178:2:1269:dead:beef:cafe:fed5' }, 'additionals')
        }),
      },
      {
        Transport: { Protocol: 'UDP', A: 56656, B: 53 }, AB: [2, 148], BA: [2, 510], TrackingID: '1e602648cda89b43',
        check: dnsResponse(28799, ['ipv4.adrta.com', 'AAAA'], [1, 0, 1, 0], '03:40:32.546622', (d) => {
          has(d.authorities, { name: 'adrta.com', type: 'SOA', TTL: 900, data_length: 69, SOA: soa('ns-615.awsdns-12.net', 'awsdns-hostmaster.amazon.com', 1, 7200, 900, 1209600, 86400) }, 'authorities')
        }),
      },
      {
        Transport: { Protocol: 'UDP', A: 54893, B: 53 }, AB: [1, 77], BA: [1, 354], TrackingID: '7e6e08e9cf177bc2',
        check: dnsResponse(27181, ['fedoraproject.org', 'A'], [1, 9, 3, 4], '03:40:45.385335', (d) => {
          for (const ip of ['209.132.181.16', '209.132.181.15', '8.43.85.67', '67.219.144.68', '152.19.134.198', '209.132.190.2', '140.211.169.206', '185.141.165.254', '152.19.134.142']) {
            has(d.answers, { type: 'A', TTL: 44, IP: ip }, 'answers')
          }
          has(d.authorities, { type: 'NS', TTL: 67329, NS: 'ns05.fedoraproject.org' }, 'authorities')
          has(d.additionals, { name: 'ns02.fedoraproject.org', type: 'AAAA', TTL: 85146 }, 'additionals')
        }),
      },
      {
        Transport: { Protocol: 'UDP', A: 42992, B: 53 }, AB: [1, 74], BA: [1, 440], TrackingID: '938be1e785eca276',
        check: dnsResponse(43789, ['www.github.com', 'A'], [1, 2, 8, 6], '03:40:45.395144', (d) => {
          has(d.answers, { name: 'www.github.com', type: 'CNAME', TTL: 2154, data_length: 2, CNAME: 'github.com' }, 'answers')
          has(d.answers, { name: 'github.com', type: 'A', TTL: 60, data_length: 4, IP: '140.82.118.4' }, 'answers')
          for (const [ns, len] of [['ns3.p16.dynect.net', 20], ['ns4.p16.dynect.net', 6], ['ns-1283.awsdns-32.org', 23], ['ns-421.awsdns-52.COM', 22],
            ['ns-520.awsdns-01.net', 19], ['ns2.p16.dynect.net', 6], ['ns-1707.awsdns-21.co.uk', 25], ['ns1.p16.dynect.net', 6]] as const) {
            has(d.authorities, { type: 'NS', TTL: 154873, data_length: len, NS: ns }, 'authorities')
          }
          for (const [name, ip, ttl] of [['ns1.p16.dynect.net', '208.78.70.16', 42402], ['ns2.p16.dynect.net', '204.13.250.16', 71546],
            ['ns-421.awsdns-52.com', '205.251.193.165', 106592], ['ns-520.awsdns-01.net', '205.251.194.8', 66060],
            ['ns-1283.awsdns-32.org', '205.251.197.3', 38047], ['ns-1707.awsdns-21.co.uk', '205.251.198.171', 44919]] as const) {
            has(d.additionals, { name, type: 'A', TTL: ttl, IP: ip }, 'additionals')
          }
        }),
      },
      {
        Transport: { Protocol: 'UDP', A: 57048, B: 53 }, AB: [1, 70], BA: [1, 154], TrackingID: 'f3e36f93c16c6d04',
        check: dnsResponse(64755, ['github.com', 'AAAA'], [1, 0, 1, 0], '03:40:45.40624', (d) => {
          has(d.authorities, { name: 'github.com', type: 'SOA', TTL: 851, data_length: 72, SOA: soa('ns-1707.awsdns-21.co.uk', 'awsdns-hostmaster.amazon.com', 1, 7200, 900, 1209600, 86400) }, 'authorities')
        }),
      },
    ],
    check: (flows) => {
      for (const f of flows) {
        eq([f.LayersPath, f.Application, f.Link?.A, f.Link?.B, f.Network?.A, f.Network?.B, f.Transport?.B],
          ['Ethernet/IPv4/UDP/DNS', 'DNS', DNS_LINK.A, DNS_LINK.B, DNS_NET.A, DNS_NET.B, 53], 'every dns.pcap flow')
      }
    },
  },
  {
    label: 'ipv4-fragments, IPDefrag on', file: 'ipv4-fragments.pcap', count: 1,
    rows: [{
      LayersPath: 'Ethernet/IPv4/Fragment/ICMPv4', AB: [1, 466], BA: [1, 1442], ICMP: { Type: 'ECHO', ID: 5058 }, RTT: 444000,
      TrackingID: 'cf8e4000c2a3a911', check: (f) => eq(f.IPMetric, { Fragments: 1, FragmentErrors: 0 }, 'IPMetric'),
    }],
  },
  {
    label: 'ipv4-fragments, IPDefrag off', file: 'ipv4-fragments.pcap', count: 2, opts: { ipDefrag: false },
    rows: [
      { LayersPath: 'Ethernet/IPv4/Fragment', Application: 'Fragment', AB: [2, 1476], check: (f) => eq([f.IPMetric, f.ICMP, f.Transport], [undefined, undefined, undefined], 'fragment flow layers') },
      { LayersPath: 'Ethernet/IPv4/ICMPv4', Network: { A: '2.1.1.1', B: '2.1.1.2' }, AB: [1, 1442], TrackingID: 'cf8e4000c2a3a911' },
    ],
  },
  {
    label: 'icmpv4-symetric', file: 'icmpv4-symetric.pcap', count: 100, rows: [],
    check: (flows) => {
      eq(new Set(flows.map((f) => f.UUID)).size, 100, 'distinct UUIDs')
      for (const f of flows) eq([f.ICMP?.Type, f.Metric.ABPackets, f.Metric.ABBytes, f.Metric.BAPackets, f.Metric.BABytes], ['ECHO', 1, 98, 1, 98], 'each ping flow')
      eq(flows.filter((f) => f.Link?.A === '92:46:c1:21:00:ae').length, 50, 'flows initiated by 92:46:c1:21:00:ae')
      eq(flows.filter((f) => f.Link?.A === '46:9b:b0:e6:70:fb').length, 50, 'flows initiated by 46:9b:b0:e6:70:fb')
    },
  },
  {
    label: 'layer-key-mode, L3', file: 'layer-key-mode.pcap', count: 1, opts: { layerKeyMode: 'L3' },
    rows: [{ LayersPath: 'Ethernet/IPv4/ICMPv4', Link: { A: 'f2:45:25:5b:3a:bc', B: '2e:b9:2d:76:24:07' }, Network: { A: '192.168.0.2', B: '192.168.0.1' }, ICMP: { Type: 'ECHO', ID: 23604 }, AB: [2, 196], BA: [2, 196], TrackingID: '9e42a86914a043b8', L3TrackingID: '9e42a86914a043b8' }],
  },
  {
    label: 'layer-key-mode, L2', file: 'layer-key-mode.pcap', count: 2, opts: { layerKeyMode: 'L2' },
    rows: [
      { LayersPath: 'Ethernet/IPv4/ICMPv4', Link: { A: 'f2:45:25:5b:3a:bc', B: '2e:b9:2d:76:24:07' }, Network: { A: '192.168.0.2', B: '192.168.0.1' }, ICMP: { Type: 'ECHO', ID: 23604 }, AB: [1, 98], BA: [1, 98], TrackingID: 'a25d427a9f9dcdb8', L3TrackingID: '9e42a86914a043b8', check: (f) => eq(f.UUID, '73b2b3bcc5609d4a', 'UUID (§2.8)') },
      { LayersPath: 'Ethernet/IPv4/ICMPv4', Link: { A: 'f2:45:25:5b:3a:ac', B: '2e:b9:2d:76:24:07' }, Network: { A: '192.168.0.2', B: '192.168.0.1' }, ICMP: { Type: 'ECHO', ID: 23604 }, AB: [1, 98], BA: [1, 98], TrackingID: '6952cad8cd38c63c', L3TrackingID: '9e42a86914a043b8' },
    ],
  },
  {
    label: 'ping-with-without-ethernet', file: 'ping-with-without-ethernet.pcap', count: 3,
    rows: [
      { LayersPath: 'Ethernet/IPv4/ICMPv4', AB: [1, 98], TrackingID: '34fbf867b1e75ee8', L3TrackingID: 'a8e0223f9d7372f7' },
      { LayersPath: 'Ethernet/IPv4/GRE/MPLS', Network: { A: '10.35.2.15', B: '10.35.2.17' }, AB: [1, 126], TrackingID: '419c390446cbf62f' },
      { LayersPath: 'IPv4/ICMPv4', Link: null, AB: [1, 84], TrackingID: 'a8e0223f9d7372f7', L3TrackingID: 'a8e0223f9d7372f7', parent: 1 },
    ],
    check: (flows) => eq(new Set(flows.filter((f) => f.Application === 'ICMPv4').map((f) => f.L3TrackingID)).size, 1, 'one L3TrackingID for every ICMPv4 flow'),
  },
  {
    label: 'gre-gre-icmpv4', file: 'gre-gre-icmpv4.pcap', count: 3,
    rows: [
      { LayersPath: 'Ethernet/IPv4/GRE', Application: 'GRE', Link: { A: '00:0f:fe:dd:22:42', B: '00:1b:d5:ff:54:d9', ID: 0 }, Network: { Protocol: 'IPV4', A: '72.205.54.70', B: '86.106.164.150', ID: 0 }, AB: [5, 810], BA: [5, 810], TrackingID: '29fb9959166e9eda' },
      { LayersPath: 'IPv4/GRE', Application: 'GRE', Link: null, Network: { Protocol: 'IPV4', A: '10.10.11.2', B: '10.10.13.2', ID: 0 }, AB: [5, 620], BA: [5, 620], TrackingID: 'f78cef9557c6f2bb', L3TrackingID: 'f78cef9557c6f2bb', parent: 0 },
      { LayersPath: 'IPv4/ICMPv4', Application: 'ICMPv4', Link: null, Network: { Protocol: 'IPV4', A: '10.10.25.1', B: '192.168.1.2', ID: 0 }, ICMP: { Type: 'ECHO', ID: 23 }, AB: [5, 500], BA: [5, 500], TrackingID: 'ef011906e3e6682c', L3TrackingID: 'ef011906e3e6682c', parent: 1 },
    ],
  },
  {
    label: 'gre-mpls-icmpv4', file: 'gre-mpls-icmpv4.pcap', count: 2,
    rows: [
      { LayersPath: 'Ethernet/IPv4/GRE/MPLS', Application: 'MPLS', Link: { A: '1e:1a:51:f4:45:46', B: 'ce:6e:35:76:f0:ab', ID: 0 }, Network: { A: '172.16.0.1', B: '172.16.0.2', ID: 0 }, AB: [2, 252], BA: [0, 0], TrackingID: '5adc8b888aedf329' },
      { LayersPath: 'IPv4/ICMPv4', Application: 'ICMPv4', Network: { A: '172.16.0.1', B: '192.168.0.2', ID: 0 }, ICMP: { Type: 'ECHO', ID: 4214 }, AB: [2, 168], BA: [0, 0], TrackingID: '29475c127521c4b7', parent: 0 },
    ],
  },
  {
    label: 'contrail-udp-mpls-eth-and-ipv4 (UDP 51234 is MPLS)', file: 'contrail-udp-mpls-eth-and-ipv4.pcap', count: 4, opts: { mplsUdpPorts: [51234] },
    rows: [
      { LayersPath: 'Ethernet/IPv4/UDP/MPLS', Application: 'MPLS', Link: { A: '90:b1:1c:0f:bb:b8', B: 'd4:ae:52:9e:5d:2f' }, Network: { A: '10.11.0.55', B: '10.11.0.56' }, Transport: { Protocol: 'UDP', A: 51822, B: 51234 }, AB: [1, 150], BA: [0, 0], TrackingID: '24dcf99ff376334f' },
      { LayersPath: 'IPv4/ICMPv4', Application: 'ICMPv4', Link: null, Network: { A: '10.65.65.5', B: '10.35.35.3' }, AB: [1, 104], BA: [0, 0], TrackingID: 'cea52f669fbf89d5', parent: 0 },
      { LayersPath: 'Ethernet/IPv4/UDP/MPLS', Application: 'MPLS', Link: { A: 'd4:ae:52:9e:5d:2f', B: '90:b1:1c:0f:bb:b8' }, Network: { A: '10.11.0.56', B: '10.11.0.55' }, Transport: { Protocol: 'UDP', A: 53580, B: 51234 }, AB: [1, 120], BA: [0, 0], TrackingID: '1bd3819280bc619e' },
      { LayersPath: 'Ethernet/IPv4/TCP', Application: 'TCP', Link: { A: '02:47:10:72:2d:5b', B: '02:70:7f:82:12:ab' }, Network: { A: '10.65.65.4', B: '10.65.65.5' }, Transport: { Protocol: 'TCP', A: 52477, B: 80 }, AB: [1, 74], BA: [0, 0], TrackingID: 'fdbdd8a9e7cf917c', parent: 2 },
    ],
  },
  {
    label: 'vxlan-icmpv4-truncated', file: 'vxlan-icmpv4-truncated.pcap', count: 2,
    rows: [
      { LayersPath: 'Ethernet/IPv4/UDP/VXLAN', Application: 'VXLAN', Link: VXLAN_LINK, Network: { A: '172.16.0.1', B: '172.16.0.2', ID: 10 }, Transport: { Protocol: 'UDP', A: 55091, B: 4789 }, AB: [1, 1116], BA: [1, 1116], TrackingID: '41c208dd8e419276' },
      { LayersPath: 'Ethernet/IPv4/ICMPv4', Application: 'ICMPv4', Link: { A: 'f2:98:72:99:56:08', B: '26:09:b6:98:f9:64' }, Network: { A: '192.168.0.1', B: '192.168.0.2', ID: 0 }, ICMP: { Type: 'ECHO', ID: 31133 }, AB: [1, 1066], BA: [1, 1066], TrackingID: 'f5b160cc9d7bc648', parent: 0 },
    ],
  },
  {
    label: 'vxlan-src-port', file: 'vxlan-src-port.pcap', count: 3,
    rows: [
      { LayersPath: 'Ethernet/IPv4/UDP/VXLAN', Link: VXLAN_LINK, Network: { A: '172.16.0.1', B: '172.16.0.2', ID: 10 }, Transport: { Protocol: 'UDP', A: 51031, B: 4789 }, AB: [2, 208], BA: [0, 0], TrackingID: '41c208dd8e419276' },
      { LayersPath: 'Ethernet/IPv4/TCP', Network: { A: '192.168.0.1', B: '192.168.0.2' }, Transport: { Protocol: 'TCP', A: 1468, B: 8080 }, AB: [1, 54], parent: 0 },
      { LayersPath: 'Ethernet/IPv4/TCP', Network: { A: '192.168.0.1', B: '192.168.0.2' }, Transport: { Protocol: 'TCP', A: 1890, B: 8080 }, AB: [1, 54], parent: 0 },
    ],
  },
  {
    label: 'geneve', file: 'geneve.pcap', count: 6,
    rows: [
      { LayersPath: 'Ethernet/IPv4/UDP/Geneve', Link: { A: '00:1b:21:3c:ab:64', B: '00:1b:21:3c:ac:30' }, Network: { A: '20.0.0.1', B: '20.0.0.2', ID: 10 }, Transport: { Protocol: 'UDP', A: 12618, B: 6081 }, AB: [19, 5027], BA: [0, 0], TrackingID: '75ccd5a245b6d5d7' },
      { LayersPath: 'Ethernet/IPv4/UDP/Geneve', Link: { A: '00:1b:21:3c:ac:30', B: '00:1b:21:3c:ab:64' }, Network: { A: '20.0.0.2', B: '20.0.0.1', ID: 11 }, Transport: { Protocol: 'UDP', A: 50525, B: 6081 }, AB: [20, 4253], BA: [0, 0], TrackingID: 'a0b963f65f15228d' },
      { LayersPath: 'Ethernet/IPv4/ICMPv4', Link: { A: 'fe:71:d8:83:72:4f', B: 'b6:9e:d2:49:51:48' }, Network: { A: '30.0.0.2', B: '30.0.0.1' }, ICMP: { Type: 'ECHO', ID: 10578 }, AB: [3, 294], BA: [0, 0], TrackingID: '4d2dc55e83d80e2e', parent: 1 },
      { LayersPath: 'Ethernet/IPv4/ICMPv4', Link: { A: 'b6:9e:d2:49:51:48', B: 'fe:71:d8:83:72:4f' }, Network: { A: '30.0.0.1', B: '30.0.0.2' }, ICMP: { Type: 'ECHO', ID: 10578 }, AB: [3, 294], BA: [0, 0], TrackingID: '4d2dc55e83d80e2e', parent: 0 },
      { LayersPath: 'Ethernet/IPv4/TCP', Link: { A: 'fe:71:d8:83:72:4f', B: 'b6:9e:d2:49:51:48' }, Network: { A: '30.0.0.2', B: '30.0.0.1' }, Transport: { Protocol: 'TCP', A: 51225, B: 22 }, AB: [17, 2959], BA: [0, 0], TrackingID: 'a7af53248a4f464e', parent: 1 },
      { LayersPath: 'Ethernet/IPv4/TCP', Link: { A: 'b6:9e:d2:49:51:48', B: 'fe:71:d8:83:72:4f' }, Network: { A: '30.0.0.1', B: '30.0.0.2' }, Transport: { Protocol: 'TCP', A: 22, B: 51225 }, AB: [16, 3631], BA: [0, 0], TrackingID: 'a7af53248a4f464e', parent: 0 },
    ],
  },
  {
    label: 'icmpv4-4vlanQinQ-id-8-10-20-30', file: 'icmpv4-4vlanQinQ-id-8-10-20-30.pcap', count: 5,
    rows: [
      { LayersPath: 'Ethernet/Dot1Q/IPv4/ICMPv4', Link: { ...QINQ_LINK, ID: 8 }, Network: { A: '172.16.0.2', B: '172.16.0.1' }, AB: [10, 1020], BA: [8, 816], TrackingID: '390c48f36efcdf5f', ICMP: { Type: 'ECHO', ID: 26751 }, RTT: 49000 },
      { LayersPath: 'Ethernet/Dot1Q/Dot1Q/IPv4/ICMPv4', Link: { ...QINQ_LINK, ID: 40968 }, Network: { A: '172.16.10.2', B: '172.16.10.1' }, AB: [10, 1060], BA: [10, 1060], TrackingID: '47c26bfb6991c194', ICMP: { Type: 'ECHO', ID: 26752 }, RTT: 73000 },
      { LayersPath: 'Ethernet/Dot1Q/Dot1Q/Dot1Q/IPv4/ICMPv4', Link: { ...QINQ_LINK, ID: 335585288 }, Network: { A: '172.16.20.2', B: '172.16.20.1' }, AB: [10, 1100], BA: [9, 990], TrackingID: '1752df3e2233d5c', ICMP: { Type: 'ECHO', ID: 26753 }, RTT: 1024156000 },
      { LayersPath: 'Ethernet/Dot1Q/Dot1Q/Dot1Q/Dot1Q/IPv4/ICMPv4', Link: { ...QINQ_LINK, ID: 2061919887368 }, Network: { A: '172.16.30.2', B: '172.16.30.1' }, AB: [10, 1140], BA: [8, 912], TrackingID: '1139c575cfd35a0e', ICMP: { Type: 'ECHO', ID: 26754 }, RTT: 75000 },
      { LayersPath: 'Ethernet/Dot1Q/Dot1Q/Dot1Q/ARP', Link: { ...QINQ_LINK, ID: 335585288 }, Network: null, AB: [8, 416], BA: [8, 416], TrackingID: 'b4bdac58d6495e13' },
    ],
  },
  {
    label: 'icmp-vlan', file: 'icmp-vlan.pcap', count: 1,
    rows: [{ LayersPath: 'Ethernet/Dot1Q/IPv4/ICMPv4', Link: { A: 'fa:16:3e:ef:a8:2a', B: 'fa:16:3e:56:f2:e9', ID: 5 }, Network: { A: '192.168.21.2', B: '192.168.21.11' }, ICMP: { Type: 'ECHO', ID: 30122 }, AB: [2, 204], TrackingID: '793e092344fd681e' }],
  },
  {
    label: 'ntp-corrupted', file: 'ntp-corrupted.pcap', count: 1,
    rows: [{
      LayersPath: 'Ethernet/Dot1Q/IPv4/UDP', Application: 'UDP', Link: { A: '00:1c:0f:5c:a2:83', B: '00:1c:0f:09:00:10', ID: 202 },
      Network: { A: '89.46.101.31', B: '196.95.70.83' }, Transport: { Protocol: 'UDP', A: 40820, B: 123 }, AB: [1, 50], BA: [0, 0], TrackingID: '8aff60a8c37ed689',
    }],
  },
  {
    label: 'iperf-same-L2L3', file: 'iperf-same-L2L3.pcap', count: 1,
    rows: [{ LayersPath: 'Ethernet/IPv4/TCP', Transport: { Protocol: 'TCP', A: 60038, B: 5001 }, AB: [10, 668], BA: [13, 263010], TrackingID: '7e52fc5e53379a86' }],
  },
  {
    label: 'link-type-12 (decoded as raw IP)', file: 'link-type-12.pcap', count: 1, opts: { linkType: 101 },
    rows: [{
      LayersPath: 'IPv4/TCP', Application: 'TCP', Link: null, Network: { A: '10.171.169.243', B: '192.168.255.1', ID: 0 }, Transport: { Protocol: 'TCP', A: 10250, B: 41252 },
      AB: [1, 1398], TrackingID: 'aeea0b990a10c46', L3TrackingID: 'aeea0b990a10c46',
    }],
  },
]
