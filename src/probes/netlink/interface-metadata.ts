/**
 * Pure translation of one namespace dump into interface node metadata
 * (spec/topology.md §2.4 and §2.6). No I/O: the dump comes from ip-runner.ts.
 */
import type { Metadata } from '../../wire/index.js'
import { interfaceType, linkFlags, operState } from '../../core/topology/index.js'
import type { IpLink, IpNeighbor, IpRoute, NamespaceDump } from './ip-json.js'

/** What the netlink probe knows about one link. */
export interface InterfaceInfo {
  ifIndex: number
  /** the keys this probe owns on the node */
  metadata: Metadata
  /** ifindex of the master (bridge, bond, ovs-system), in the same namespace */
  masterIndex?: number
  /** veth peer ifindex (in the namespace `peerNsid` when set, else this one) */
  peerIfIndex?: number
  peerNsid?: number
  /** cumulative counters, Skydive `Metric` spelling */
  metric: Record<string, number>
}

/** Metadata keys written by the netlink probe; any other key belongs to someone else. */
export const NETLINK_KEYS = [
  'Name', 'Type', 'IfIndex', 'EncapType', 'Driver', 'MTU', 'MAC', 'State', 'LinkFlags', 'IPV4', 'IPV6',
  'Speed', 'BusInfo', 'MasterIndex', 'ParentIndex', 'Vlan', 'PeerIfIndex', 'LinkNetNsID', 'LinkNetNsName',
  'Neighbors', 'RoutingTables',
] as const

/** Driver names ethtool reports for virtual link kinds (no sysfs device to ask). */
const KIND_DRIVERS: Readonly<Record<string, string>> = {
  veth: 'veth', bridge: 'bridge', tun: 'tun', vxlan: 'vxlan', macvlan: 'macvlan', macvtap: 'macvtap',
  ipvlan: 'ipvlan', dummy: 'dummy', bond: 'bonding', vlan: '802.1Q VLAN Support', geneve: 'geneve',
  openvswitch: 'openvswitch', vrf: 'vrf', ifb: 'ifb', gre: 'ip_gre', gretap: 'ip_gre', ipip: 'ipip',
}

/** Builds the interface info of every link of a dump, keyed by ifindex. */
export function interfacesFromDump(dump: NamespaceDump): Map<number, InterfaceInfo> {
  const byName = new Map(dump.links.map((l) => [l.ifname, l.ifindex]))
  const nsNames = new Map(dump.nsids.map((n) => [n.nsid, n.name ?? '']))
  const routes = routingTablesByIfIndex(dump.routes, byName)
  const neighbors = neighborsByIfIndex(dump.neighbors, byName)
  const out = new Map<number, InterfaceInfo>()
  for (const link of dump.links) {
    const info = interfaceInfo(link, byName, dump)
    const r = routes.get(link.ifindex)
    if (r) info.metadata['RoutingTables'] = r
    const n = neighbors.get(link.ifindex)
    if (n) info.metadata['Neighbors'] = n
    if (info.peerNsid !== undefined) info.metadata['LinkNetNsName'] = nsNames.get(info.peerNsid) ?? ''
    out.set(link.ifindex, info)
  }
  return out
}

function interfaceInfo(link: IpLink, byName: Map<string, number>, dump: NamespaceDump): InterfaceInfo {
  const kind = link.linkinfo?.info_kind
  const driver = dump.drivers[link.ifname] ?? (kind ? KIND_DRIVERS[kind] ?? kind : '')
  const type = interfaceType(kind, driver)
  const md: Metadata = {
    Name: link.ifname,
    Type: type,
    IfIndex: link.ifindex,
    EncapType: link.link_type ?? 'none',
    Driver: driver,
  }
  if (link.mtu) md['MTU'] = link.mtu
  if (link.address && link.link_type !== 'none') md['MAC'] = link.address.toLowerCase()
  md['State'] = operState(link.operstate)
  md['LinkFlags'] = linkFlags(link.flags ?? [])
  const v4 = addresses(link, 'inet')
  if (v4.length) md['IPV4'] = v4
  const v6 = addresses(link, 'inet6')
  if (v6.length) md['IPV6'] = v6
  const speed = dump.speeds[link.ifname]
  if (speed !== undefined && speed > 0) md['Speed'] = speed
  if (link.parentdev) md['BusInfo'] = link.parentdev

  const info: InterfaceInfo = { ifIndex: link.ifindex, metadata: md, metric: metricFromStats(link.stats64) }
  const masterIndex = link.master !== undefined ? byName.get(link.master) : undefined
  if (masterIndex !== undefined) {
    md['MasterIndex'] = masterIndex
    info.masterIndex = masterIndex
  }
  // IFLA_LINK: the peer for a veth, the lower device for vlan/macvlan/ipvlan.
  const lower = typeof link.link === 'string' ? byName.get(link.link) : link.link_index
  if (type === 'veth') {
    if (lower !== undefined) {
      md['PeerIfIndex'] = lower
      info.peerIfIndex = lower
    }
  } else if (lower !== undefined) {
    md['ParentIndex'] = lower
  }
  if (link.link_netnsid !== undefined && link.link_netnsid >= 0) {
    md['LinkNetNsID'] = link.link_netnsid
    info.peerNsid = link.link_netnsid
  }
  const vlanId = link.linkinfo?.info_data?.['id']
  if (kind === 'vlan' && typeof vlanId === 'number') md['Vlan'] = vlanId
  return info
}

function addresses(link: IpLink, family: string): string[] {
  return (link.addr_info ?? [])
    .filter((a) => a.family === family && a.local !== undefined)
    .map((a) => `${a.local}/${a.prefixlen ?? (family === 'inet' ? 32 : 128)}`)
}

/** iproute2 stats64 names → Skydive `Metric` keys (spec/topology.md §2.5). */
const RX_KEYS: Readonly<Record<string, string>> = {
  bytes: 'RxBytes', packets: 'RxPackets', errors: 'RxErrors', dropped: 'RxDropped', over_errors: 'RxOverErrors',
  multicast: 'Multicast', length_errors: 'RxLengthErrors', crc_errors: 'RxCrcErrors', frame_errors: 'RxFrameErrors',
  fifo_errors: 'RxFifoErrors', missed_errors: 'RxMissedErrors', compressed: 'RxCompressed',
}
const TX_KEYS: Readonly<Record<string, string>> = {
  bytes: 'TxBytes', packets: 'TxPackets', errors: 'TxErrors', dropped: 'TxDropped', carrier_errors: 'TxCarrierErrors',
  collisions: 'Collisions', aborted_errors: 'TxAbortedErrors', fifo_errors: 'TxFifoErrors',
  window_errors: 'TxWindowErrors', heartbeat_errors: 'TxHeartbeatErrors', compressed: 'TxCompressed',
}

/** Kernel counters in Skydive spelling; zero fields omitted as upstream does. */
export function metricFromStats(stats: IpLink['stats64']): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [dir, names] of [[stats?.rx, RX_KEYS], [stats?.tx, TX_KEYS]] as const) {
    for (const [k, v] of Object.entries(dir ?? {})) {
      const name = names[k]
      if (name && typeof v === 'number' && v !== 0) out[name] = v
    }
  }
  return out
}

/**
 * `LastUpdateMetric`: current − previous counters over [startMs, lastMs]; undefined when no
 * counter moved (upstream writes nothing then).
 */
export function metricDelta(cur: Record<string, number>, prev: Record<string, number>, startMs: number, lastMs: number): Record<string, number> | undefined {
  const out: Record<string, number> = {}
  let moved = false
  for (const k of new Set([...Object.keys(cur), ...Object.keys(prev)])) {
    const d = (cur[k] ?? 0) - (prev[k] ?? 0)
    if (d !== 0) {
      out[k] = d
      moved = true
    }
  }
  if (!moved) return undefined
  out['Start'] = startMs
  out['Last'] = lastMs
  return out
}

/** `RoutingTables` per output ifindex (spec/topology.md §2.6). */
export function routingTablesByIfIndex(routes: readonly IpRoute[], byName: Map<string, number>): Map<number, Metadata[]> {
  const tables = new Map<number, Map<string, { ID: number; Src: string; Routes: Metadata[] }>>()
  for (const r of routes) {
    const family6 = (r.dst ?? '').includes(':') || (r.gateway ?? '').includes(':') || (r.prefsrc ?? '').includes(':')
    const prefix = routePrefix(r.dst, family6)
    const tableId = r.table === undefined ? 254 : Number(r.table)
    // Quirk (iproute2): protocol boot (3) is not printed, so absent means 3.
    const protocol = r.protocol === undefined ? 3 : Number(r.protocol)
    const hops = r.nexthops?.length ? r.nexthops : [{ gateway: r.gateway, dev: r.dev }]
    for (const h of hops) {
      const ifIndex = h.dev !== undefined ? byName.get(h.dev) : undefined
      if (ifIndex === undefined || !Number.isFinite(tableId) || !Number.isFinite(protocol)) continue
      const hop: Metadata = { Priority: r.metric ?? 0 }
      if (h.gateway) hop['IP'] = h.gateway
      hop['IfIndex'] = ifIndex
      const src = r.prefsrc ?? ''
      let byTable = tables.get(ifIndex)
      if (!byTable) tables.set(ifIndex, (byTable = new Map()))
      const key = `${tableId}|${src}`
      let table = byTable.get(key)
      if (!table) byTable.set(key, (table = { ID: tableId, Src: src, Routes: [] }))
      table.Routes.push({ Protocol: protocol, Prefix: prefix, NextHops: [hop] })
    }
  }
  const out = new Map<number, Metadata[]>()
  for (const [ifIndex, byTable] of tables) out.set(ifIndex, [...byTable.values()])
  return out
}

function routePrefix(dst: string | undefined, family6: boolean): string {
  if (dst === undefined || dst === 'default') return family6 ? '::/0' : '0.0.0.0/0'
  if (dst.includes('/')) return dst
  return `${dst}/${dst.includes(':') ? 128 : 32}`
}

/** `Neighbors` per ifindex (spec/topology.md §2.6). */
export function neighborsByIfIndex(neighbors: readonly IpNeighbor[], byName: Map<string, number>): Map<number, Metadata[]> {
  const out = new Map<number, Metadata[]>()
  for (const n of neighbors) {
    const ifIndex = n.dev !== undefined ? byName.get(n.dev) : undefined
    if (ifIndex === undefined) continue
    const entry: Metadata = {}
    const flags = [...(n.proxy !== undefined ? ['NTF_PROXY'] : []), ...(n.router !== undefined ? ['NTF_ROUTER'] : [])]
    if (flags.length) entry['Flags'] = flags
    if (n.lladdr) entry['MAC'] = n.lladdr.toLowerCase()
    if (n.dst) entry['IP'] = n.dst
    if (n.state?.length) entry['State'] = n.state.map((s) => `NUD_${s}`)
    entry['IfIndex'] = ifIndex
    let list = out.get(ifIndex)
    if (!list) out.set(ifIndex, (list = []))
    list.push(entry)
  }
  return out
}
