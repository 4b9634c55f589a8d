/**
 * How a Linux link becomes an interface node's `Type`, `State` and `LinkFlags`
 * (spec/topology.md §2.4). Input is the kernel's vocabulary; output is Skydive's.
 */

/** Link kinds renamed on the way: the netlink library upstream uses names tun links `tuntap`. */
const KIND_NAMES: Readonly<Record<string, string>> = { tun: 'tuntap' }

/**
 * Skydive `Type` of a link: its rtnetlink kind (`veth`, `bridge`, `vxlan`, ...), `device` for
 * physical, loopback and kind-less links, `openvswitch` for the `ovs-system` datapath, forced
 * to `veth` when the driver says so.
 */
export function interfaceType(kind: string | undefined, driver?: string): string {
  if (driver === 'veth') return 'veth'
  if (!kind) return 'device'
  return KIND_NAMES[kind] ?? kind
}

/** Kernel operstate names that Skydive spells with dashes. */
const STATE_NAMES: Readonly<Record<string, string>> = {
  LOWERLAYERDOWN: 'LOWER-LAYER-DOWN',
  NOTPRESENT: 'NOT-PRESENT',
}

/** `State`: the oper state upper-cased, `UNKNOWN` when absent. */
export function operState(state: string | undefined): string {
  const s = (state ?? 'UNKNOWN').toUpperCase()
  return STATE_NAMES[s] ?? s
}

/** Linux IFF_* flag names for bits 0..4. */
const IFF_LOW_BITS = ['UP', 'BROADCAST', 'DEBUG', 'LOOPBACK', 'POINTOPOINT'] as const
/** Names upstream gives to those same bits. */
const UPSTREAM_NAMES = ['UP', 'BROADCAST', 'LOOPBACK', 'POINTTOPOINT', 'MULTICAST'] as const

/**
 * `LinkFlags` from the kernel's IFF_* flag names.
 * Quirk (topology spec §2.4): upstream names raw bits 0..4 as UP, BROADCAST, LOOPBACK,
 * POINTTOPOINT, MULTICAST although the kernel's bits 2..4 are DEBUG, LOOPBACK, POINTOPOINT;
 * we reproduce it so queries written against upstream keep matching (`lo` → UP, POINTTOPOINT).
 */
export function linkFlags(iffNames: readonly string[]): string[] {
  const set = new Set(iffNames)
  const out: string[] = []
  IFF_LOW_BITS.forEach((iff, bit) => {
    if (set.has(iff)) out.push(UPSTREAM_NAMES[bit]!)
  })
  return out
}
