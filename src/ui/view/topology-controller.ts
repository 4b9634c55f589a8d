/**
 * Glue between the subscriber stream, the store, the stable layout and the canvas. Messages
 * are batched per animation frame; the layout re-runs only when the ownership tree changed.
 */
import type { GraphMessage, WireNode } from '../../wire/index.js'
import { StableLayout, ORPHANS, type LayoutResult } from '../model/layout.js'
import { emptyChange, TopologyStore, type StoreChange } from '../model/topology-store.js'
import { buildView, describeCounts, isInterface, layoutNodes, type ViewGraph } from '../model/view-model.js'
import type { GraphView } from './graph-view.js'

/** Above this many nodes the first view starts with every host collapsed. */
export const COLLAPSE_THRESHOLD = 400

/** Summary for the status bar and the tests. */
export interface TopologySummary {
  hosts: number
  interfaces: number
  nodes: number
  edges: number
  drawnNodes: number
  drawnEdges: number
  types: Array<[string, number]>
  /** bumps on every applied batch so listeners can refresh node panels */
  version: number
}

/** Owns the model for one page. */
export class TopologyController {
  readonly store = new TopologyStore()
  readonly #layout = new StableLayout()
  #result: LayoutResult | undefined
  #view: ViewGraph | undefined
  readonly #collapsed = new Set<string>()
  /** heads the user opened or closed by hand: the threshold rule no longer applies to them */
  readonly #touched = new Set<string>()
  #pending: GraphMessage[] = []
  #frame = 0
  #synced = false
  #version = 0
  #listeners = new Set<(s: TopologySummary) => void>()
  #resync: (() => void) | undefined

  /** `collapseThreshold`: node count above which hosts start collapsed (Infinity: never). */
  constructor(readonly view: GraphView, readonly collapseThreshold = COLLAPSE_THRESHOLD) {}

  /** Called with the stream's resync function (used when a partial update cannot be applied). */
  setResync(f: () => void): void { this.#resync = f }

  /** Queues a subscriber message; the batch is applied on the next animation frame. */
  push(msg: GraphMessage): void {
    this.#pending.push(msg)
    if (!this.#frame) this.#frame = requestAnimationFrame(() => this.flush())
  }

  /** Applies every queued message now. */
  flush(): void {
    this.#frame = 0
    const batch = this.#pending
    this.#pending = []
    const change: StoreChange = emptyChange()
    let sync = false
    for (const m of batch) {
      this.store.apply(m, change)
      if (m.Type === 'SyncReply' || m.Type === 'Sync') sync = true
    }
    if (change.needsResync) this.#resync?.()
    if (!sync && !change.nodes.size && !change.edges.size) return
    if (sync && !this.#synced) {
      this.#synced = true
      if (this.store.nodes.size > this.collapseThreshold) this.#collapseAllUntouched()
    }
    if (change.structure || !this.#result) this.#result = this.#layout.run(layoutNodes(this.store))
    if (this.store.nodes.size > this.collapseThreshold) {
      // hosts arriving into a big graph start collapsed too
      for (const h of this.#result.heads) if (!this.#touched.has(h) && change.nodes.has(h)) this.#collapsed.add(h)
    }
    this.#redraw()
  }

  /** Expands a collapsed host or collapses an expanded one. */
  toggle(head: string): void {
    if (!this.#result?.heads.has(head)) return
    this.#touched.add(head)
    if (this.#collapsed.has(head)) this.#collapsed.delete(head)
    else this.#collapsed.add(head)
    this.#redraw()
  }

  /** Collapses or expands every host. */
  setAllCollapsed(collapsed: boolean): void {
    for (const h of this.#result?.heads ?? []) {
      this.#touched.add(h)
      if (collapsed) this.#collapsed.add(h)
      else this.#collapsed.delete(h)
    }
    this.#redraw()
  }

  /** True when `id` is a host drawn collapsed. */
  isCollapsed(id: string): boolean { return this.#collapsed.has(id) }

  /** The host (level-1 group) a node belongs to. */
  groupOf(id: string): string | undefined {
    const g = this.#result?.groupOf.get(id)
    return g === ORPHANS ? undefined : g
  }

  /** Makes a node visible (expanding its host if needed) and returns the ID actually drawn. */
  reveal(id: string): string {
    const g = this.groupOf(id)
    if (g && g !== id && this.#collapsed.has(g)) {
      this.#touched.add(g)
      this.#collapsed.delete(g)
      this.#redraw()
    }
    return id
  }

  /** Node by ID, if known. */
  node(id: string): WireNode | undefined { return this.store.nodes.get(id) }

  /** Subscribes to summaries (called after each applied batch); returns an unsubscribe. */
  onChange(f: (s: TopologySummary) => void): () => void {
    this.#listeners.add(f)
    return () => this.#listeners.delete(f)
  }

  /** Current summary. */
  summary(): TopologySummary {
    let hosts = 0, interfaces = 0
    const types = new Map<string, number>()
    for (const n of this.store.nodes.values()) {
      const t = String(n.Metadata['Type'] ?? '')
      if (t === 'host') hosts++
      if (isInterface(n)) interfaces++
      types.set(t, (types.get(t) ?? 0) + 1)
    }
    const s = this.view.stats()
    return {
      hosts, interfaces, nodes: this.store.nodes.size, edges: this.store.edges.size,
      drawnNodes: s.nodes, drawnEdges: s.edges, version: this.#version,
      types: [...types].sort((a, b) => b[1] - a[1]),
    }
  }

  #collapseAllUntouched(): void {
    this.#result ??= this.#layout.run(layoutNodes(this.store))
    for (const h of this.#result.heads) if (!this.#touched.has(h)) this.#collapsed.add(h)
  }

  #redraw(): void {
    const r = this.#result
    if (!r) return
    this.#view = buildView(this.store, r, this.#collapsed)
    const boxes = [...r.boxes.values()].filter((b) => {
      const g = b.level === 1 ? b.id : r.groupOf.get(b.id)
      return !(g && this.#collapsed.has(g))
    })
    const labels = new Map<string, string>()
    for (const b of boxes) {
      const n = this.store.nodes.get(b.id)
      const c = b.level === 1 ? this.#view.counts.get(b.id) : undefined
      const name = b.id === ORPHANS ? 'not owned by any host' : String(n?.Metadata['Name'] ?? b.id)
      const parts = c ? describeCounts(c, n?.Metadata['Type'] === 'host') : []
      labels.set(b.id, [name, ...parts].join(' · '))
    }
    this.view.update(this.#view, boxes, labels, r.extent)
    this.#version++
    const s = this.summary()
    for (const f of this.#listeners) f(s)
  }
}
