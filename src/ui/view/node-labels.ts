/** How node labels look: interfaces labelled under themselves, cut to their column; hover halos. */
import { drawDiscNodeHover, drawDiscNodeLabel } from 'sigma/rendering'
import type { Settings } from 'sigma/settings'
import type { NodeDisplayData, PartialButFor } from 'sigma/types'
import { cutLabel } from '../model/label-fit.js'
import type { EdgeAttrs, NodeAttrs } from './graph-view.js'

/** Hovered or selected node: a halo; interfaces keep their label under them, on a white card. */
export function drawHover(ctx: CanvasRenderingContext2D,
  data: PartialButFor<NodeDisplayData, 'x' | 'y' | 'size' | 'label' | 'color'> & { labelBelow?: boolean; boxLabelled?: boolean },
  settings: Settings<NodeAttrs, EdgeAttrs>): void {
  if (!data.labelBelow) return drawDiscNodeHover(ctx, { ...data, label: data.label ?? '' }, settings)
  ctx.beginPath()
  ctx.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2)
  ctx.fillStyle = '#ffffff'
  ctx.shadowColor = 'rgba(0, 0, 0, 0.35)'
  ctx.shadowBlur = 8
  ctx.fill()
  ctx.shadowBlur = 0
  if (!data.label) return
  const px = labelPx(data.size, settings.labelSize)
  ctx.font = `600 ${px}px ${settings.labelFont}`
  const w = ctx.measureText(data.label).width
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(data.x - w / 2 - 3, data.y + data.size + 2, w + 6, px + 4)
  ctx.fillStyle = '#1d2733'
  ctx.textAlign = 'center'
  ctx.fillText(data.label, data.x, data.y + data.size + px + 1)
  ctx.textAlign = 'left'
}

/** Interface labels centred under the node and cut to their column; others as sigma draws them. */
export function drawLabel(ctx: CanvasRenderingContext2D,
  data: PartialButFor<NodeDisplayData, 'x' | 'y' | 'size' | 'label' | 'color'> & { labelBelow?: boolean; boxLabelled?: boolean },
  settings: Settings<NodeAttrs, EdgeAttrs>): void {
  if (!data.label || data.boxLabelled) return
  if (!data.labelBelow) return drawDiscNodeLabel(ctx, data, settings)
  const px = labelPx(data.size, settings.labelSize)
  ctx.font = `${settings.labelWeight} ${px}px ${settings.labelFont}`
  const text = cutLabel(ctx, data.label, data.size)
  ctx.fillStyle = '#1d2733'
  ctx.textAlign = 'center'
  ctx.fillText(text, data.x, data.y + data.size + px)
  ctx.textAlign = 'left'
}

/** Font size (px) of the label under an interface drawn with radius `size` px. */
export function labelPx(size: number, labelSize: number): number {
  return Math.min(labelSize, Math.max(10, size * 1.2))
}
