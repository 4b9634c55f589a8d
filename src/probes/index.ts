/**
 * @module probes
 * Topology probes: each fills the agent graph from one source (netlink, network namespaces,
 * /proc sockets...). Picked by name from TOPOLOGY_PROBES (STYLE.md §6): a new probe is one
 * file plus one line here.
 */
import type { Probe, ProbeContext } from './probe.js'
import { NetlinkProbe } from './netlink/netlink-probe.js'
import { NetnsProbe } from './netns/netns-probe.js'
import { SocketInfoProbe } from './socketinfo/socketinfo-probe.js'

/** Every probe an agent can run, by its upstream name. */
export const TOPOLOGY_PROBES = {
  netlink: (ctx) => new NetlinkProbe(ctx),
  netns: (ctx) => new NetnsProbe(ctx),
  socketinfo: (ctx) => new SocketInfoProbe(ctx),
} satisfies Record<string, (ctx: ProbeContext) => Probe>

/** Name of a registered probe. */
export type ProbeName = keyof typeof TOPOLOGY_PROBES

/** Upstream probe names not ported yet: asked for, they are skipped with a warning. */
export const UNPORTED_PROBES = ['ovsdb', 'lxd', 'docker', 'lldp', 'neutron', 'opencontrail', 'libvirt', 'runc', 'vpp',
  'bess', 'blockdev', 'hardware'] as const

/** True when `name` is a registered probe. */
export function isProbeName(name: string): name is ProbeName {
  return Object.hasOwn(TOPOLOGY_PROBES, name)
}

export type { Probe, ProbeConfig, ProbeContext } from './probe.js'
export { createHostNode, type HostNodeOptions } from './host/host-node.js'
export { VethLinker } from './netlink/veth-linker.js'
export { SocketScanner } from './socketinfo/socket-scanner.js'
