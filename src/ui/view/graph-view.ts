/**
 * The topology canvas: sigma.js (WebGL) over a graphology graph, plus a 2D canvas layer under
 * the edges that draws the host and namespace boxes. The only file that knows sigma; it gets a
 * ViewGraph and applies the difference, so an update touches only the changed elements.
 */
import Graph from 'graphology'
import Sigma from 'sigma'
import type { CameraState, NodeDisplayData } from 'sigma/types'
import { createNodeBorderProgram } from '@sigma/node-border'
import { drawnBounds } from '../model/drawn-bounds.js'
import type { Box } from '../model/layout.js'
import type { ViewEdge, ViewGraph, ViewNode } from '../model/view-model.js'
import { cutLabel } from '../model/label-fit.js'
import { drawHover, drawLabel, labelPx } from './node-labels.js'

/** Attributes of a graphology node / edge as the canvas keeps them. */
export type NodeAttrs = ViewNode & { type: string; nodeType: string }
/** Edge attributes. */
export type EdgeAttrs = ViewEdge
interface Extent { x: [number, number]; y: [number, number] }

const BorderProgram = createNodeBorderProgram<NodeAttrs, EdgeAttrs>({
  borders: [
    { size: { attribute: 'borderSize', defaultValue: 0.2 }, color: { attribute: 'borderColor' } },
    { size: { fill: true }, color: { attribute: 'color' } },
  ],
})
const DIM = '#d5dbe1'
/** Above this many drawn edges, edges and labels are hidden while the camera moves. */
const LARGE_EDGES = 2000
/** Fit: screen margin (CSS px), and the closest zoom (px per layout unit: interface dots ~27 px, labels of ~11 characters uncut). */
const FIT_MARGIN = 24
const MAX_PX_PER_UNIT = 36
const RESET: CameraState = { x: 0.5, y: 0.5, ratio: 1, angle: 0 }
/** Callbacks from the canvas. */
export interface GraphViewEvents {
  onNodeClick(id: string): void
  onStageClick(): void
}

/** A sigma instance bound to one container. */
export class GraphView {
  readonly #graph = new Graph<NodeAttrs, EdgeAttrs>({ multi: false, type: 'undirected', allowSelfLoops: false })
  readonly #sigma: Sigma<NodeAttrs, EdgeAttrs>
  readonly #boxCanvas: HTMLCanvasElement
  #boxes: Box[] = []
  #boxLabels = new Map<string, string>()
  #highlight = new Set<string>()
  #selected: string | undefined
  #bbox: Extent | undefined
  #renders = 0
  #renderStart = 0
  #renderTimes: number[] | undefined
  #onRender: Array<() => void> = []

  constructor(container: HTMLElement, events: GraphViewEvents) {
    this.#sigma = new Sigma<NodeAttrs, EdgeAttrs>(this.#graph, container, {
      itemSizesReference: 'positions',
      zoomToSizeRatioFunction: (r) => r,
      defaultNodeType: 'border',
      nodeProgramClasses: { border: BorderProgram },
      labelRenderedSizeThreshold: 4,
      labelDensity: 1,
      labelGridCellSize: 60,
      labelFont: 'system-ui, sans-serif',
      defaultDrawNodeLabel: drawLabel,
      defaultDrawNodeHover: drawHover,
      minCameraRatio: 0.002,
      maxCameraRatio: 4,
      hideEdgesOnMove: false,
      zIndex: true,
      allowInvalidContainer: true,
      nodeReducer: (id, data) => this.#reduceNode(id, data),
      edgeReducer: (_id, data) => (this.#highlight.size ? { ...data, color: DIM } : data),
    })
    this.#boxCanvas = this.#sigma.createCanvas('groups', { beforeLayer: 'edges' })
    this.#sigma.on('resize', () => this.#sizeBoxCanvas())
    this.#sigma.on('beforeRender', () => { this.#renderStart = performance.now() })
    this.#sigma.on('afterRender', () => {
      this.#drawBoxes()
      this.#renderTimes?.push(performance.now() - this.#renderStart)
      this.#renders++
      const waiting = this.#onRender
      this.#onRender = []
      for (const f of waiting) f()
    })
    this.#sigma.on('clickNode', ({ node }) => events.onNodeClick(node))
    this.#sigma.on('clickStage', () => events.onStageClick())
    this.#sizeBoxCanvas()
    // Sigma re-measures its container only on window resizes: a container that changes on its
    // own (the side panel dragged wider) would keep canvases of the old size, cut or blank.
    // A refresh re-measures (sigma's resize, then our box canvas) and rebuilds the label grid.
    new ResizeObserver(() => this.#sigma.scheduleRefresh()).observe(container)
  }

  /** Applies a new view: adds, updates and removes only what differs. */
  update(view: ViewGraph, boxes: Iterable<Box>, boxLabels: Map<string, string>, extent: Extent): void {
    const g = this.#graph
    for (const id of g.nodes()) if (!view.nodes.has(id)) g.dropNode(id)
    for (const [id, n] of view.nodes) {
      const attrs: NodeAttrs = { ...n, type: 'border', nodeType: n.type, zIndex: n.collapsed ? 1 : 0, borderSize: n.down ? 0.45 : 0.2 } as NodeAttrs
      if (!g.hasNode(id)) g.addNode(id, attrs)
      else if (differs(g.getNodeAttributes(id), attrs)) g.replaceNodeAttributes(id, attrs)
    }
    for (const id of g.edges()) if (!view.edges.has(id)) g.dropEdge(id)
    for (const [id, e] of view.edges) {
      if (!g.hasEdge(id)) {
        if (!g.hasEdge(e.source, e.target)) g.addEdgeWithKey(id, e.source, e.target, { ...e })
      } else if (differs(g.getEdgeAttributes(id), e)) g.replaceEdgeAttributes(id, { ...e })
    }
    // Big drawings: skip edges and labels while the user drags or zooms (sigma's own remedy)
    const big = view.edges.size > LARGE_EDGES
    if (this.#sigma.getSetting('hideEdgesOnMove') !== big) this.#sigma.setSettings({ hideEdgesOnMove: big, hideLabelsOnMove: big })
    this.#boxes = [...boxes]
    this.#boxLabels = boxLabels
    this.#setExtent(extent)
    this.#sigma.scheduleRender()
  }

  /** Highlights a set of nodes (Gremlin results, search), dimming the rest; empty clears. */
  setHighlight(ids: Iterable<string>): void {
    this.#highlight = new Set(ids)
    this.#sigma.refresh({ skipIndexation: true })
  }

  /** Marks the selected node (bigger, label always shown). */
  setSelected(id: string | undefined): void {
    this.#selected = id
    this.#sigma.refresh({ skipIndexation: true })
  }

  /** Moves the camera onto a drawn node, zoomed in on its neighbourhood. */
  focus(id: string): void {
    const d = this.#sigma.getNodeDisplayData(id)
    if (!d) return
    const w = this.#bbox ? Math.max(this.#bbox.x[1] - this.#bbox.x[0], this.#bbox.y[1] - this.#bbox.y[0]) : 1
    // no closer than Fit's cap: a small graph's extent is small, 24 units would be huge
    const ratio = Math.max(Math.min(1, 24 / w), this.#pxPerUnitAtReset() / MAX_PX_PER_UNIT)
    void this.#sigma.getCamera().animate({ x: d.x, y: d.y, ratio }, { duration: 400 })
  }

  /**
   * Shows what is drawn (nodes and the occupied part of boxes, not their empty reserved room),
   * zoomed in no further than a comfortable size. Only this moves the camera to the content:
   * live updates keep it where it is.
   */
  fit(): void {
    void this.#sigma.getCamera().animate(this.#fitState(), { duration: 300 })
  }

  /** Resolves after the next frame sigma draws (used to time the first complete render). */
  nextRender(): Promise<void> {
    return new Promise((resolve) => {
      this.#onRender.push(resolve)
      this.#sigma.scheduleRender()
    })
  }

  /** Numbers for tests and the status bar: what is drawn right now. */
  stats(): { nodes: number; edges: number; renders: number } {
    return { nodes: this.#graph.order, edges: this.#graph.size, renders: this.#renders }
  }

  /** Starts (true) or stops (false) timing each render; stopping returns the durations in ms. */
  recordRenders(on: boolean): number[] {
    const out = this.#renderTimes ?? []
    this.#renderTimes = on ? [] : undefined
    return out
  }

  /** The sigma camera, for benchmarks that pan and zoom. */
  get camera() { return this.#sigma.getCamera() }

  /** Graph coordinates of every drawn node, and the drawn edges as endpoint pairs (tests, bench). */
  snapshot(): { positions: Record<string, { x: number; y: number }>; edges: Array<[string, string]>; highlighted: string[] } {
    const positions: Record<string, { x: number; y: number }> = {}
    this.#graph.forEachNode((id, a) => { positions[id] = { x: a.x, y: a.y } })
    const edges: Array<[string, string]> = this.#graph.mapEdges((_e, _a, s, t) => [s, t] as [string, string])
    return { positions, edges, highlighted: [...this.#highlight].filter((id) => this.#graph.hasNode(id)) }
  }

  /** Page position (CSS px) of a drawn node, for tests that click on it. */
  pagePositionOf(id: string): { x: number; y: number } | undefined {
    if (!this.#graph.hasNode(id)) return undefined
    const a = this.#graph.getNodeAttributes(id)
    const p = this.#sigma.graphToViewport({ x: a.x, y: a.y })
    const r = this.#sigma.getContainer().getBoundingClientRect()
    return { x: r.left + p.x, y: r.top + p.y }
  }

  /** Where a drawn node shows at the current camera: diameter and its label as drawn, in CSS px (tests). */
  onScreen(id: string): { diameter: number; label: string } | undefined {
    if (!this.#graph.hasNode(id)) return undefined
    const a = this.#graph.getNodeAttributes(id)
    const p0 = this.#sigma.graphToViewport({ x: a.x, y: a.y })
    const p1 = this.#sigma.graphToViewport({ x: a.x + a.size, y: a.y })
    const r = Math.abs(p1.x - p0.x)
    const ctx = document.createElement('canvas').getContext('2d')
    if (!ctx || !a.labelBelow) return { diameter: 2 * r, label: a.label }
    ctx.font = `${this.#sigma.getSetting('labelWeight')} ${labelPx(r, this.#sigma.getSetting('labelSize'))}px ${this.#sigma.getSetting('labelFont')}`
    return { diameter: 2 * r, label: cutLabel(ctx, a.label, r) }
  }

  // Screen px per graph unit with the camera reset (ratio 1): ratio r shows 1/r times that.
  #pxPerUnitAtReset(): number {
    const p0 = this.#sigma.graphToViewport({ x: 0, y: 0 }, { cameraState: RESET })
    const p1 = this.#sigma.graphToViewport({ x: 1, y: 0 }, { cameraState: RESET })
    return Math.max(1e-9, Math.abs(p1.x - p0.x))
  }

  // The camera state framing drawnBounds(), from the mapping at the reset camera (ratio 1).
  #fitState(): CameraState {
    const reset = { ...RESET }
    const { width, height } = this.#sigma.getDimensions()
    const b = drawnBounds(this.#graph.mapNodes((_id, a) => a), this.#boxes)
    if (!b || width < 2 || height < 2) return reset
    const p0 = this.#sigma.graphToViewport({ x: b.x[0], y: b.y[1] }, { cameraState: reset })
    const p1 = this.#sigma.graphToViewport({ x: b.x[1], y: b.y[0] }, { cameraState: reset })
    const w = Math.max(1, Math.abs(p1.x - p0.x)), h = Math.max(1, Math.abs(p1.y - p0.y))
    const zoom = Math.min((width - 2 * FIT_MARGIN) / w, (height - 2 * FIT_MARGIN) / h, MAX_PX_PER_UNIT / this.#pxPerUnitAtReset())
    const c = this.#sigma.viewportToFramedGraph({ x: (p0.x + p1.x) / 2, y: (p0.y + p1.y) / 2 }, { cameraState: reset })
    const ratio = Math.min(this.#sigma.getSetting('maxCameraRatio') ?? 4, Math.max(this.#sigma.getSetting('minCameraRatio') ?? 0.002, 1 / zoom))
    return { x: c.x, y: c.y, ratio, angle: 0 }
  }

  #reduceNode(id: string, data: NodeAttrs): Partial<NodeDisplayData> & { borderColor?: string } {
    if (id === this.#selected) return { ...data, size: data.size * 1.5, forceLabel: true, highlighted: true, zIndex: 3 }
    if (!this.#highlight.size) return data
    if (this.#highlight.has(id)) return { ...data, size: data.size * 1.4, forceLabel: true, highlighted: true, zIndex: 2 }
    return { ...data, color: DIM, borderColor: data.down ? data.borderColor : DIM, label: '' }
  }

  // Sigma normalises coordinates to the graph's extent; a fixed custom bbox keeps nodes from
  // moving on screen when a node is added at the edge. When the extent must grow, the camera
  // is moved so that the point at the centre of the screen stays there at the same scale.
  #setExtent(extent: Extent): void {
    const next: Extent = { x: [extent.x[0] - 2, extent.x[1] + 2], y: [-extent.y[1] - 2, -extent.y[0] + 2] }
    const b = this.#bbox
    if (b && b.x[0] === next.x[0] && b.x[1] === next.x[1] && b.y[0] === next.y[0] && b.y[1] === next.y[1]) return
    const first = !b
    const { width, height } = this.#sigma.getDimensions()
    const center = { x: width / 2, y: height / 2 }
    const g0 = this.#sigma.viewportToGraph(center)
    const scale0 = distance(g0, this.#sigma.viewportToGraph({ x: center.x + 100, y: center.y }))
    this.#bbox = next
    this.#sigma.setCustomBBox(next)
    this.#sigma.refresh()
    if (first || width < 2) return
    const cam = this.#sigma.getCamera()
    const f = this.#sigma.viewportToFramedGraph(this.#sigma.graphToViewport(g0))
    cam.setState({ x: f.x, y: f.y })
    const scale1 = distance(this.#sigma.viewportToGraph(center), this.#sigma.viewportToGraph({ x: center.x + 100, y: center.y }))
    if (scale1 > 0) cam.setState({ ratio: cam.ratio * (scale0 / scale1) })
  }

  #sizeBoxCanvas(): void {
    const { width, height } = this.#sigma.getDimensions()
    const r = window.devicePixelRatio || 1
    this.#boxCanvas.width = width * r
    this.#boxCanvas.height = height * r
    this.#boxCanvas.style.width = `${width}px`
    this.#boxCanvas.style.height = `${height}px`
  }

  #drawBoxes(): void {
    const ctx = this.#boxCanvas.getContext('2d')
    if (!ctx) return
    const r = window.devicePixelRatio || 1
    ctx.setTransform(r, 0, 0, r, 0, 0)
    ctx.clearRect(0, 0, this.#boxCanvas.width, this.#boxCanvas.height)
    const { width, height } = this.#sigma.getDimensions()
    for (const b of this.#boxes) {
      const p0 = this.#sigma.graphToViewport({ x: b.x, y: -b.y })
      const p1 = this.#sigma.graphToViewport({ x: b.x + b.w, y: -(b.y + b.h) })
      const x = Math.min(p0.x, p1.x), y = Math.min(p0.y, p1.y)
      const w = Math.abs(p1.x - p0.x), h = Math.abs(p1.y - p0.y)
      if (x > width || y > height || x + w < 0 || y + h < 0 || w < 2) continue
      ctx.fillStyle = b.level === 1 ? 'rgba(31, 78, 121, 0.06)' : 'rgba(127, 96, 0, 0.08)'
      ctx.strokeStyle = b.level === 1 ? 'rgba(31, 78, 121, 0.55)' : 'rgba(127, 96, 0, 0.55)'
      ctx.lineWidth = b.level === 1 ? 1.5 : 1
      ctx.beginPath()
      ctx.roundRect(x, y, w, h, Math.min(8, w / 20))
      ctx.fill()
      ctx.stroke()
      const label = this.#boxLabels.get(b.id)
      const font = Math.min(14, w / (b.level === 1 ? 24 : 9))
      if (label && font >= 7) {
        ctx.fillStyle = b.level === 1 ? '#1f4e79' : '#7f6000'
        ctx.font = `${b.level === 1 ? 600 : 500} ${font}px system-ui, sans-serif`
        // hosts: above the box; namespaces: inside, right of their own node
        if (b.level === 1) ctx.fillText(label, x + 4, y - 4 > 0 ? y - 4 : y + font + 2)
        else {
          const unit = w / b.w // pixels per layout unit
          ctx.fillText(label, x + unit * 1.8, y + unit * 0.625 + font * 0.35)
        }
      }
    }
  }
}

function differs(a: object, b: object): boolean {
  const ra = a as Record<string, unknown>
  for (const [k, v] of Object.entries(b)) if (ra[k] !== v) return true
  return false
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y)
}
