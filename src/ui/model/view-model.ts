/**
 * What the graph view draws: the store's nodes at their layout positions, with collapsed hosts
 * replaced by one node carrying counts, ownership left to the boxes, and the other relations
 * (layer2, ...) as edges re-targeted to collapsed hosts and de-duplicated.
 */
import type { WireNode } from '../../wire/index.js'
import { colorForType, DOWN_COLOR, isDown } from './colors.js'
import { GROUP_TYPES, ORPHANS, type LayoutNode, type LayoutResult } from './layout.js'
import { isOwnership, type TopologyStore } from './topology-store.js'

/** A drawn node; `collapsed` ones stand for a whole host. */
export interface ViewNode {
  x: number
  y: number
  size: number
  color: string
  borderColor: string
  label: string
  type: string
  down: boolean
  collapsed: boolean
  /** interfaces get their label centred under them, cut to the column width */
  labelBelow: boolean
  /** the node heads a drawn box whose label names it: no label of its own except on hover */
  boxLabelled: boolean
}

/** A drawn edge between two drawn nodes; `count` > 1 when several edges were merged. */
export interface ViewEdge { source: string; target: string; color: string; size: number; count: number; relation: string }

/**
 * What a host (or other level-1 box) holds, shown on it collapsed and in its box header:
 * interfaces (IfIndex), namespaces, ports (switch and fabric ports, OVS ports: no IfIndex),
 * other leaves, and how many members are DOWN. Sub-boxes other than netns carry their own name.
 */
export interface GroupCounts { nodes: number; interfaces: number; namespaces: number; ports: number; others: number; down: number }

/** The drawable graph. */
export interface ViewGraph { nodes: Map<string, ViewNode>; edges: Map<string, ViewEdge>; counts: Map<string, GroupCounts> }

/** Radius of an interface in layout units; labelled nodes' label width is a multiple of it. */
export const NODE_SIZE = 0.38
/** Radius of a collapsed host, as a share of its box's smaller side. */
export const COLLAPSED_RADIUS = 0.22
const EDGE_COLORS: Record<string, string> = { layer2: '#6b7b8c', mirroring: '#b4478b', vf: '#7030a0' }

/** Types of ports that carry no IfIndex (spec/topology.md §3: switch→switchport, ovsbridge→ovsport). */
const PORT_TYPES = new Set(['switchport', 'port', 'ovsport'])

/** True when a node is an interface (netlink gives every link an IfIndex). */
export function isInterface(n: WireNode): boolean {
  return typeof n.Metadata['IfIndex'] === 'number'
}

/** The layout's input: every node with its Type and ownership parent, in arrival order. */
export function layoutNodes(store: TopologyStore): LayoutNode[] {
  return [...store.nodes.values()].map((n) => ({ id: n.ID, type: String(n.Metadata['Type'] ?? ''), owner: store.ownerOf(n.ID) }))
}

/** Builds the view for the current store, layout and set of collapsed level-1 groups. */
export function buildView(store: TopologyStore, layout: LayoutResult, collapsed: ReadonlySet<string>): ViewGraph {
  const counts = new Map<string, GroupCounts>()
  for (const n of store.nodes.values()) {
    const g = layout.groupOf.get(n.ID)
    if (!g || g === n.ID) continue
    let c = counts.get(g)
    if (!c) counts.set(g, (c = { nodes: 0, interfaces: 0, namespaces: 0, ports: 0, others: 0, down: 0 }))
    c.nodes++
    const type = String(n.Metadata['Type'] ?? '')
    if (isInterface(n)) c.interfaces++
    else if (type === 'netns') c.namespaces++
    else if (layout.boxes.has(n.ID) || GROUP_TYPES.has(type)) { /* a sub-box, labelled with its own name */ }
    // a fabric switch's ports are fabric nodes (Type defaults to device) it owns
    else if (PORT_TYPES.has(type) || n.Metadata['Probe'] === 'fabric') c.ports++
    else c.others++
    if (isDown(n.Metadata)) c.down++
  }

  const rep = (id: string): string => {
    const g = layout.groupOf.get(id)
    return g && g !== ORPHANS && collapsed.has(g) ? g : id
  }
  const nodes = new Map<string, ViewNode>()
  for (const n of store.nodes.values()) {
    const p = layout.positions.get(n.ID)
    if (!p || rep(n.ID) !== n.ID) continue
    const type = String(n.Metadata['Type'] ?? '')
    const name = String(n.Metadata['Name'] ?? n.ID)
    const down = isDown(n.Metadata)
    const isCollapsed = collapsed.has(n.ID) && layout.heads.has(n.ID)
    const c = counts.get(n.ID)
    const color = colorForType(type)
    // A collapsed host is drawn big, in the middle of the room its box reserves.
    const box = isCollapsed ? layout.boxes.get(n.ID) : undefined
    const at = box ? { x: box.x + box.w / 2, y: box.y + Math.min(box.h, box.w) / 2 } : p
    nodes.set(n.ID, {
      x: at.x,
      y: -at.y, // sigma's y axis points up
      size: box ? Math.min(box.w, box.h) * COLLAPSED_RADIUS : layout.heads.has(n.ID) ? NODE_SIZE * 1.6 : NODE_SIZE,
      color,
      // The ring means this node is DOWN: a collapsed host whose interfaces are down is not, and
      // says how many are in its label (and its box header once expanded).
      borderColor: down ? DOWN_COLOR : color,
      label: isCollapsed && c ? `${name} [${describeCounts(c, type === 'host').join(', ')}]`
        : down ? `${name} (${String(n.Metadata['State'])})` : name,
      type,
      down,
      collapsed: isCollapsed,
      labelBelow: !isCollapsed && !layout.heads.has(n.ID),
      // a namespace or bridge box carries its name; its node's label would repeat it
      boxLabelled: layout.boxes.has(n.ID) && !layout.heads.has(n.ID),
    })
  }

  const edges = new Map<string, ViewEdge>()
  for (const e of store.edges.values()) {
    if (isOwnership(e)) continue
    const s = rep(e.Parent)
    const t = rep(e.Child)
    if (s === t || !nodes.has(s) || !nodes.has(t)) continue
    const relation = String(e.Metadata['RelationType'] ?? '')
    const merged = s !== e.Parent || t !== e.Child
    const key = merged ? `agg:${s < t ? `${s}|${t}` : `${t}|${s}`}` : e.ID
    const old = edges.get(key)
    if (old) {
      old.count++
      old.size = Math.min(0.2, 0.05 + old.count * 0.01)
      continue
    }
    edges.set(key, { source: s, target: t, color: EDGE_COLORS[relation] ?? '#9aa5b1', size: 0.05, count: 1, relation })
  }
  return { nodes, edges, counts }
}

/**
 * The counts worth showing, e.g. ["3 interfaces", "1 netns", "1 down"] or, for a fabric
 * switch, ["2 ports"]. Hosts always name interfaces and netns; other boxes only what they hold.
 */
export function describeCounts(c: GroupCounts, isHost: boolean): string[] {
  const parts: string[] = []
  if (isHost || c.interfaces) parts.push(plural(c.interfaces, 'interface'))
  if (isHost || c.namespaces) parts.push(`${c.namespaces} netns`)
  if (c.ports) parts.push(plural(c.ports, 'port'))
  if (c.others) parts.push(plural(c.others, 'other node'))
  if (c.down) parts.push(`${c.down} down`)
  return parts
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
