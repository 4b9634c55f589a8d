/**
 * Stable hierarchical layout. Hosts (and other ownership roots) are boxes on a grid; inside a
 * host, its own interfaces sit on a grid under the host node and its namespaces, OVS bridges
 * and containers are sub-boxes below, each holding everything they own. Every element has a
 * slot that it keeps while it lives, and every box reserves room in powers of two, so an
 * update moves nothing but the changed element. Only when a box outgrows its reservation do
 * the boxes after it shift (and `generation` increments). While there are at most 4 level-1
 * boxes, the grid's column width is reserved the same way (the widest box's content, grown in
 * steps), so a one-machine graph is not a few dots in a wide empty box; past 4 boxes the grid
 * re-flows anyway and columns take the full width for good.
 * Upstream's UI ran a force layout over the whole graph (issues #2268, #2274): this avoids both its cost and its jumps.
 */
import { SlotSet, capacityFor } from './slot-set.js'

/** What the layout needs to know of a node. */
export interface LayoutNode {
  id: string
  type: string
  /** ownership parent, if any */
  owner?: string | undefined
}

/** A point in layout units (about 1 = spacing between two rows of interfaces); y grows downwards. */
export interface Point { x: number; y: number }

/** A drawn group: level 1 = host or other root, level 2 = namespace/bridge/container inside it. */
export interface Box { id: string; level: 1 | 2; x: number; y: number; w: number; h: number }

/** Positions of every node, the group boxes, and for each node its level-1 group. */
export interface LayoutResult {
  positions: Map<string, Point>
  boxes: Map<string, Box>
  /** node ID -> level-1 group ID (the host it belongs to, or ORPHANS) */
  groupOf: Map<string, string>
  /** node IDs of level-1 group heads (hosts...), ORPHANS excluded */
  heads: Set<string>
  extent: { x: [number, number]; y: [number, number] }
  /** increments each time a reservation grew, i.e. when some unchanged nodes moved */
  generation: number
}

/** Pseudo-group of nodes without owner and without children. */
export const ORPHANS = '\u0000orphans'
/** Types drawn as sub-boxes inside a host even while empty. */
export const GROUP_TYPES = new Set(['netns', 'ovsbridge', 'container', 'libvirt', 'vpp', 'cluster'])

/** columns of interfaces in a sub-box, sub-boxes per shelf, columns of a host's own interfaces */
const COLS = 6
const SUBCOLS = 3
const PAD = 1
const SUB_W = COLS + 0.5
const HOST_W = 2 * PAD + SUBCOLS * (SUB_W + 1) - 1
const HCOLS = SUBCOLS * (COLS + 1) - 1
const GAP = 3
/** Level-1 boxes up to which columns are as narrow as their content (the grid's first capacity). */
const NARROW_GROUPS = 4
/** Fewest interface columns a narrow box reserves (room for its own node's label too). */
const MIN_LEAF_COLS = 4
/** Layout units per grid step: wide columns leave room for a label under each interface. */
const DX = 2.4
const DY = 1.25

interface SubState { leaves: SlotSet }
interface GroupState {
  leaves: SlotSet
  leafCap: number
  subs: SlotSet
  /** reserved leaf capacity per sub slot, kept after a sub-box goes so later shelves stay put */
  subCaps: number[]
  subState: Map<string, SubState>
}

/** Stateful layout: call `run` with the whole node list after each batch of changes. */
export class StableLayout {
  #groups = new SlotSet()
  #groupState = new Map<string, GroupState>()
  #groupH: number[] = []
  #groupCap = 0
  #generation = 0
  /** reserved level-1 column width (layout units); HOST_W for good once past NARROW_GROUPS boxes */
  #colW = 0

  /** Lays out `nodes` (in arrival order), keeping every surviving node's slot. */
  run(nodes: readonly LayoutNode[]): LayoutResult {
    const tree = buildTree(nodes)
    let grew = false
    this.#groups.sync(tree.groups.keys())
    for (const id of [...this.#groupState.keys()]) if (!tree.groups.has(id)) this.#groupState.delete(id)

    const positions = new Map<string, Point>()
    const boxes = new Map<string, Box>()
    const local = new Map<string, { h: number; place: (ox: number, oy: number, w: number) => void }>()
    let needW = 0
    for (const [gid, members] of tree.groups) {
      let st = this.#groupState.get(gid)
      if (!st) this.#groupState.set(gid, (st = { leaves: new SlotSet(), leafCap: 0, subs: new SlotSet(), subCaps: [], subState: new Map() }))
      st.leaves.sync(members.leaves)
      st.subs.sync(members.subs.keys())
      for (const id of [...st.subState.keys()]) if (!members.subs.has(id)) st.subState.delete(id)
      const leafCap = capacityFor(st.leaves.span, HCOLS, st.leafCap)
      if (st.leafCap && leafCap !== st.leafCap) grew = true
      st.leafCap = leafCap
      for (const [sid, leaves] of members.subs) {
        let ss = st.subState.get(sid)
        if (!ss) st.subState.set(sid, (ss = { leaves: new SlotSet() }))
        ss.leaves.sync(leaves)
        const slot = st.subs.get(sid)!
        const prev = st.subCaps[slot] ?? 0
        const cap = capacityFor(ss.leaves.span, COLS, prev)
        if (prev && cap !== prev) grew = true
        st.subCaps[slot] = cap
      }
      needW = Math.max(needW, contentWidth(st.leaves.span, st.subs.span))
      local.set(gid, this.#placeGroup(gid, members, st, positions, boxes))
    }

    // Level-1 grid: uniform column width, each row as tall as its tallest reservation.
    const cap = capacityFor(this.#groups.span, NARROW_GROUPS, this.#groupCap)
    if (this.#groupCap && cap !== this.#groupCap) grew = true
    this.#groupCap = cap
    const colW = cap > NARROW_GROUPS ? HOST_W : Math.max(this.#colW, needW)
    if (this.#colW && colW !== this.#colW) grew = true
    this.#colW = colW
    const hc = Math.ceil(Math.sqrt(cap))
    for (const [gid, l] of local) {
      const slot = this.#groups.get(gid)!
      const prev = this.#groupH[slot] ?? 0
      if (prev && l.h > prev) grew = true
      this.#groupH[slot] = Math.max(prev, l.h)
    }
    const rowTop: number[] = [0]
    for (let r = 0; r * hc < this.#groups.span; r++) {
      const hs = this.#groupH.slice(r * hc, (r + 1) * hc)
      rowTop[r + 1] = rowTop[r]! + Math.max(0, ...hs.map((h) => h ?? 0)) + GAP
    }
    for (const [gid, l] of local) {
      const slot = this.#groups.get(gid)!
      l.place((slot % hc) * (colW + GAP), rowTop[Math.floor(slot / hc)]!, colW)
    }
    if (grew) this.#generation++
    const cols = Math.min(hc, Math.max(1, this.#groups.span))
    return {
      positions, boxes, groupOf: tree.groupOf, heads: tree.heads, generation: this.#generation,
      extent: { x: [0, (cols * (colW + GAP) - GAP) * DX], y: [0, Math.max(1, rowTop[rowTop.length - 1]! - GAP) * DY] },
    }
  }

  /** Places a group's content relative to (0,0); returns its height and a function moving it into place. */
  #placeGroup(gid: string, members: GroupMembers, st: GroupState, positions: Map<string, Point>, boxes: Map<string, Box>) {
    const rel = new Map<string, Point>()
    const subBoxes: Box[] = []
    if (gid !== ORPHANS) rel.set(gid, { x: PAD, y: PAD })
    for (const id of members.leaves) {
      const s = st.leaves.get(id)!
      rel.set(id, { x: PAD + (s % HCOLS), y: PAD + 1 + Math.floor(s / HCOLS) })
    }
    const subTop = PAD + 1 + st.leafCap / HCOLS + 1
    const shelfTop: number[] = [subTop]
    for (let sh = 0; sh * SUBCOLS < st.subs.span; sh++) {
      const caps = st.subCaps.slice(sh * SUBCOLS, (sh + 1) * SUBCOLS).map((c) => c ?? 0)
      shelfTop[sh + 1] = shelfTop[sh]! + 1.5 + Math.max(0, ...caps) / COLS + 1
    }
    for (const [sid, leaves] of members.subs) {
      const slot = st.subs.get(sid)!
      const ox = PAD + (slot % SUBCOLS) * (SUB_W + 1)
      const oy = shelfTop[Math.floor(slot / SUBCOLS)]!
      const ss = st.subState.get(sid)!
      rel.set(sid, { x: ox + 0.25, y: oy + 0.25 })
      for (const id of leaves) {
        const s = ss.leaves.get(id)!
        rel.set(id, { x: ox + 0.25 + (s % COLS), y: oy + 1.25 + Math.floor(s / COLS) })
      }
      subBoxes.push({ id: sid, level: 2, x: ox - 0.25, y: oy - 0.25, w: SUB_W, h: 1.5 + (st.subCaps[slot] ?? 0) / COLS })
    }
    const h = shelfTop[shelfTop.length - 1]! + PAD - 0.5
    return {
      h,
      place: (ox: number, oy: number, w: number) => {
        for (const [id, p] of rel) positions.set(id, { x: (ox + p.x) * DX, y: (oy + p.y) * DY })
        boxes.set(gid, { id: gid, level: 1, x: ox * DX, y: oy * DY, w: w * DX, h: h * DY })
        for (const b of subBoxes) boxes.set(b.id, { ...b, x: (b.x + ox) * DX, y: (b.y + oy) * DY, w: b.w * DX, h: b.h * DY })
      },
    }
  }
}

/**
 * Width (layout units) a box needs for `leaves` interface slots and `subs` sub-box slots: the
 * interface columns in doubling steps, the sub-box columns one by one, at most the full HOST_W.
 */
function contentWidth(leaves: number, subs: number): number {
  const leafCols = Math.min(HCOLS, capacityFor(leaves, MIN_LEAF_COLS))
  const subCols = Math.min(SUBCOLS, subs)
  return Math.min(HOST_W, Math.max(2 * PAD + leafCols - 1, 2 * PAD + subCols * (SUB_W + 1) - 1))
}

interface GroupMembers { leaves: string[]; subs: Map<string, string[]> }
interface Tree { groups: Map<string, GroupMembers>; groupOf: Map<string, string>; heads: Set<string> }

/** Splits the ownership forest into level-1 groups, their direct leaves and their sub-boxes. */
function buildTree(nodes: readonly LayoutNode[]): Tree {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const hasChildren = new Set<string>()
  for (const n of nodes) if (n.owner && byId.has(n.owner)) hasChildren.add(n.owner)
  // Chain from a node up to its root (bounded: a corrupt ownership cycle must not hang the page).
  const chain = (n: LayoutNode): string[] => {
    const out = [n.id]
    let cur = n
    while (cur.owner && byId.has(cur.owner) && out.length < 64 && !out.includes(cur.owner)) {
      cur = byId.get(cur.owner)!
      out.push(cur.id)
    }
    return out
  }
  const groups = new Map<string, GroupMembers>()
  const groupOf = new Map<string, string>()
  const heads = new Set<string>()
  const group = (id: string): GroupMembers => {
    let g = groups.get(id)
    if (!g) groups.set(id, (g = { leaves: [], subs: new Map() }))
    return g
  }
  const isSub = (id: string): boolean => GROUP_TYPES.has(byId.get(id)!.type) || hasChildren.has(id)
  for (const n of nodes) {
    const up = chain(n)
    const root = up[up.length - 1]!
    const rootIsGroup = byId.get(root)!.type === 'host' || hasChildren.has(root)
    if (up.length === 1) {
      if (rootIsGroup) { group(root); heads.add(root); groupOf.set(root, root) }
      else { group(ORPHANS).leaves.push(root); groupOf.set(root, ORPHANS) }
      continue
    }
    groupOf.set(n.id, root)
    const g = group(root)
    const top = up[up.length - 2]!
    if (!isSub(top)) g.leaves.push(n.id)
    else if (top === n.id) { if (!g.subs.has(top)) g.subs.set(top, []) }
    else {
      let s = g.subs.get(top)
      if (!s) g.subs.set(top, (s = []))
      s.push(n.id)
    }
  }
  return { groups, groupOf, heads }
}
