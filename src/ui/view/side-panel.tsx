/**
 * The right-hand panel with a handle on its left border: dragging it (pointer events, with
 * capture so the drag survives leaving the handle) or the arrow keys resize the panel; the
 * width is remembered in localStorage. The graph beside it follows through its ResizeObserver.
 */
import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { clampPanelWidth, PANEL_DEFAULT, PANEL_WIDTH_KEY, storedPanelWidth } from '../model/panel-width.js'

const KEY_STEP = 24

/** Props of SidePanel. */
export interface SidePanelProps { children: ComponentChildren }

/** The resizable side panel. */
export function SidePanel({ children }: SidePanelProps) {
  const aside = useRef<HTMLElement>(null)
  const [wanted, setWanted] = useState(() => storedPanelWidth(readStored(), window.innerWidth))
  const [windowWidth, setWindowWidth] = useState(window.innerWidth)
  const [dragging, setDragging] = useState(false)
  useEffect(() => {
    const onResize = () => setWindowWidth(window.innerWidth)
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [])
  const width = clampPanelWidth(wanted, windowWidth)
  const choose = (w: number) => {
    const next = clampPanelWidth(w, window.innerWidth)
    setWanted(next)
    return next
  }
  const remember = (w: number) => { try { localStorage.setItem(PANEL_WIDTH_KEY, String(w)) } catch { /* storage off: width lasts the page */ } }

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return
    e.preventDefault()
    ;(e.currentTarget as HTMLElement).setPointerCapture(e.pointerId)
    setDragging(true)
  }
  const onPointerMove = (e: PointerEvent) => {
    if (!dragging || !aside.current) return
    choose(aside.current.getBoundingClientRect().right - e.clientX)
  }
  const onPointerEnd = (e: PointerEvent) => {
    if (!dragging) return
    ;(e.currentTarget as HTMLElement).releasePointerCapture(e.pointerId)
    setDragging(false)
    remember(width)
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const delta = e.key === 'ArrowLeft' ? KEY_STEP : e.key === 'ArrowRight' ? -KEY_STEP : 0
    if (!delta) return
    e.preventDefault()
    remember(choose(width + delta))
  }

  return (
    <aside class={`side${dragging ? ' resizing' : ''}`} ref={aside} style={{ width: `${width}px` }} data-testid="side-panel">
      <div class="side-resize" data-testid="side-resize" role="separator" aria-orientation="vertical" aria-label="Resize the side panel"
        aria-valuenow={width} tabIndex={0} title="Drag to resize the panel (double-click: default width)"
        onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerEnd} onPointerCancel={onPointerEnd}
        onKeyDown={onKeyDown} onDblClick={() => remember(choose(PANEL_DEFAULT))} />
      {children}
    </aside>
  )
}

function readStored(): string | null {
  try { return localStorage.getItem(PANEL_WIDTH_KEY) } catch { return null }
}
