/** Width of the side panel: bounds, and the value remembered in localStorage. */

/** Narrowest side panel in CSS px: the node panel's summary and a few table columns fit. */
export const PANEL_MIN = 360
/** Widest side panel, as a share of the window: the graph keeps a quarter. */
export const PANEL_MAX_SHARE = 0.75
/** Width before the user drags the panel's border. */
export const PANEL_DEFAULT = 480
/** localStorage key of the width the user chose. */
export const PANEL_WIDTH_KEY = 'skydive.sidePanelWidth'

/** Clamps a width to [PANEL_MIN, 75 % of the window]; a window too narrow for both gets 75 %. */
export function clampPanelWidth(width: number, windowWidth: number): number {
  const max = Math.floor(windowWidth * PANEL_MAX_SHARE)
  const w = Number.isFinite(width) ? Math.round(width) : PANEL_DEFAULT
  return Math.max(Math.min(PANEL_MIN, max), Math.min(w, max))
}

/** The stored width (a number of px as text) clamped, or the default when absent or garbled. */
export function storedPanelWidth(stored: string | null, windowWidth: number): number {
  const n = stored === null ? NaN : Number(stored)
  return clampPanelWidth(Number.isFinite(n) && n > 0 ? n : PANEL_DEFAULT, windowWidth)
}
