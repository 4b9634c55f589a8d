/** Colour per node Type (spec/topology.md §2–§3), the same in the graph, the legend and the panel. */

const PALETTE: Record<string, string> = {
  host: '#1f4e79',
  netns: '#7f6000',
  device: '#2e75b6',
  veth: '#00a388',
  bridge: '#c55a11',
  ovsbridge: '#a0410d',
  ovsport: '#d6862b',
  openvswitch: '#bf7a3a',
  internal: '#e0a060',
  patch: '#e2b07a',
  tun: '#7030a0',
  tuntap: '#7030a0',
  vxlan: '#b4478b',
  geneve: '#b4478b',
  gre: '#b4478b',
  vlan: '#5b9bd5',
  bond: '#44546a',
  macvlan: '#8faadc',
  dummy: '#a5a5a5',
  container: '#548235',
  fabric: '#404040',
  switch: '#404040',
  switchport: '#767171',
  service: '#e6550d',
}

// Sigma's WebGL programs parse hex and rgb() only, so unknown types pick from hex colours.
const EXTRA = ['#8c564b', '#17becf', '#bcbd22', '#9467bd', '#d62728', '#2ca02c', '#ff7f0e', '#1f77b4', '#e377c2', '#7f7f7f']

/** Colour for a Type; unknown types get a stable colour derived from the name. */
export function colorForType(type: string): string {
  const known = PALETTE[type]
  if (known) return known
  let h = 0
  for (let i = 0; i < type.length; i++) h = (h * 31 + type.charCodeAt(i)) >>> 0
  return EXTRA[h % EXTRA.length]!
}

/** Ring colour of a node whose State is DOWN (or any non-UP state but UNKNOWN). */
export const DOWN_COLOR = '#e00000'

/** True when an interface is down: State other than UP/UNKNOWN (lo reports UNKNOWN). */
export function isDown(metadata: Record<string, unknown>): boolean {
  const s = metadata['State']
  return typeof s === 'string' && s !== 'UP' && s !== 'UNKNOWN'
}
