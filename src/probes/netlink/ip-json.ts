/**
 * The parts of iproute2's JSON output (`ip -j -d -s -s addr`, `ip -j -N route`,
 * `ip -j neigh`, `ip -j netns list-id`) the netlink probe reads. Every field is optional:
 * iproute2 omits what the kernel did not report.
 */

/** One `ip -j -d -s -s addr show` entry: a link with its addresses and counters. */
export interface IpLink {
  ifindex: number
  ifname: string
  /** IFF_* names, e.g. ["BROADCAST","MULTICAST","UP","LOWER_UP"] */
  flags?: string[]
  mtu?: number
  /** master device name (bridge, bond, ovs-system) */
  master?: string
  operstate?: string
  /** "ether", "loopback", "none"... */
  link_type?: string
  address?: string
  /** IFLA_LINK as a name when it resolves in this namespace (veth peer, vlan lower device) */
  link?: string | null
  /** IFLA_LINK as an index when it does not (peer in another namespace) */
  link_index?: number
  /** namespace id of the peer's namespace, relative to this one */
  link_netnsid?: number
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown>; info_slave_kind?: string }
  /** bus and device of a physical NIC, e.g. "pci" + "0000:00:03.0" */
  parentbus?: string
  parentdev?: string
  addr_info?: IpAddr[]
  stats64?: { rx?: Record<string, number>; tx?: Record<string, number> }
}

/** One address of a link. */
export interface IpAddr {
  family?: string
  local?: string
  prefixlen?: number
}

/** One `ip -j -N route show table all` entry (numeric protocol and table). */
export interface IpRoute {
  type?: string
  dst?: string
  gateway?: string
  dev?: string
  /** numeric with -N; absent means RTPROT_BOOT (iproute2 does not print it) */
  protocol?: string | number
  /** numeric with -N; absent means the main table (254) */
  table?: string | number
  prefsrc?: string
  metric?: number
  nexthops?: Array<{ gateway?: string; dev?: string; weight?: number }>
}

/** One `ip -j neigh show` entry. */
export interface IpNeighbor {
  dst?: string
  dev?: string
  lladdr?: string
  state?: string[]
  router?: boolean | null
  proxy?: boolean | null
}

/** One `ip -j netns list-id` entry. */
export interface IpNsid {
  nsid: number
  name?: string
}

/** Everything dumped from one namespace. */
export interface NamespaceDump {
  links: IpLink[]
  routes: IpRoute[]
  neighbors: IpNeighbor[]
  nsids: IpNsid[]
  /** driver name by ifname, read from sysfs for physical devices */
  drivers: Record<string, string>
  /** link speed in Mb/s by ifname, for physical devices in the agent's own namespace */
  speeds: Record<string, number>
}
