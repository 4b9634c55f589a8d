/** Fitting an interface label into its column under the node (pure: the caller measures text). */
import { NODE_SIZE } from './view-model.js'

/** Width available to an interface label, in node radii (column spacing minus a margin). */
const LABEL_RADII = 2.3 / NODE_SIZE

/** Measures text as drawn (a canvas context with its font set). */
export interface TextMeasure { measureText(text: string): { width: number } }

/**
 * The text drawn under an interface of radius `size` px, fitted to its column. A state suffix
 * such as " (DOWN)" goes first (the red ring says it; hover shows the whole label), then the
 * name is cut with an ellipsis.
 */
export function cutLabel(ctx: TextMeasure, label: string, size: number): string {
  const max = size * LABEL_RADII
  const fits = (t: string): boolean => ctx.measureText(t).width <= max
  if (fits(label)) return label
  const state = / \([^()]*\)$/.exec(label)
  let text = state ? label.slice(0, state.index) : label
  if (fits(text)) return text
  while (text.length > 1 && !fits(`${text}…`)) text = text.slice(0, -1)
  return `${text}…`
}
