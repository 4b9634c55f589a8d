/**
 * The part of the canvas worth showing on "Fit": every drawn node with room for its label and
 * every drawn box with its header, not the whole extent (collapsed hosts leave their box's room
 * empty), so a small graph fills the screen instead of a corner of it.
 */
import type { Box } from './layout.js'
import { COLLAPSED_RADIUS } from './view-model.js'

/** A drawn node in sigma's graph coordinates (y up); `size` is its radius in the same units. */
export interface DrawnNode { x: number; y: number; size: number; labelBelow: boolean; collapsed: boolean }

/** A rectangle in sigma's graph coordinates (y up). */
export interface Bounds { x: [number, number]; y: [number, number] }

/** Room kept for a label under an interface (half its column either side, one row below). */
const LABEL_HALF_W = 1.2
const LABEL_BELOW = 1.1
/** Room kept right of a host's own node for its label, and above a host box for its header. */
const SIDE_LABEL_W = 3
const HEADER_H = 1.2

/** Bounds of what is drawn; undefined when no node is. Boxes come in layout coordinates (y down). */
export function drawnBounds(nodes: Iterable<DrawnNode>, boxes: Iterable<Box>): Bounds | undefined {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity
  const add = (xa: number, xb: number, ya: number, yb: number) => {
    x0 = Math.min(x0, xa); x1 = Math.max(x1, xb); y0 = Math.min(y0, ya); y1 = Math.max(y1, yb)
  }
  for (const n of nodes) {
    // a collapsed host: the room of the box it stands for (its long label needs it)
    if (n.collapsed) add(n.x - n.size / COLLAPSED_RADIUS / 2, n.x + n.size / COLLAPSED_RADIUS / 2, n.y - n.size, n.y + n.size)
    else if (n.labelBelow) add(n.x - Math.max(n.size, LABEL_HALF_W), n.x + Math.max(n.size, LABEL_HALF_W), n.y - n.size - LABEL_BELOW, n.y + n.size)
    else add(n.x - n.size, n.x + n.size + SIDE_LABEL_W, n.y - n.size, n.y + n.size)
  }
  if (x0 === Infinity) return undefined
  for (const b of boxes) {
    add(b.x, b.x + b.w, -(b.y + b.h), -b.y + (b.level === 1 ? HEADER_H : 0))
  }
  return { x: [x0, x1], y: [y0, y1] }
}
