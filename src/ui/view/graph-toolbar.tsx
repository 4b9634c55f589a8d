/** Search (Name / IP / MAC) and view buttons above the canvas, and the colour legend. */
import { useMemo, useState } from 'preact/hooks'
import { colorForType, DOWN_COLOR } from '../model/colors.js'
import { searchNodes } from '../model/search.js'
import type { TopologyController, TopologySummary } from './topology-controller.js'

/** Props of GraphToolbar. */
export interface GraphToolbarProps { controller: TopologyController; onPick(id: string): void; onClearHighlight(): void }

/** Search box with a result list; Enter focuses the best hit. */
export function GraphToolbar({ controller, onPick, onClearHighlight }: GraphToolbarProps) {
  const [q, setQ] = useState('')
  const [open, setOpen] = useState(false)
  const hits = useMemo(() => searchNodes(controller.store.nodes.values(), q, 12), [q, open])
  const pick = (id: string) => { setOpen(false); onPick(id) }
  return (
    <div class="graph-toolbar">
      <div class="search">
        <input
          type="search" placeholder="Search name, IP or MAC" value={q} data-testid="search" aria-label="Search nodes"
          onInput={(e) => { setQ((e.target as HTMLInputElement).value); setOpen(true) }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && hits[0]) { e.preventDefault(); pick(hits[0].id) }
            if (e.key === 'Escape') setOpen(false)
          }}
          onBlur={() => setTimeout(() => setOpen(false), 200)}
        />
        {open && q.trim() && (
          <ul class="hits" data-testid="search-hits">
            {hits.length === 0 && <li class="muted">No node named, addressed or with a MAC like “{q}”.</li>}
            {hits.map((h) => {
              const n = controller.node(h.id)
              const type = String(n?.Metadata['Type'] ?? '')
              const host = controller.groupOf(h.id)
              return (
                <li key={h.id} onMouseDown={() => pick(h.id)}>
                  <span class="swatch" style={{ background: colorForType(type) }} />
                  <b>{String(n?.Metadata['Name'] ?? h.id)}</b> <span class="muted">{type}</span>
                  {h.field !== 'Name' && <span class="muted"> {h.field} {h.value}</span>}
                  {host && host !== h.id && <span class="muted"> · {String(controller.node(host)?.Metadata['Name'] ?? '')}</span>}
                </li>
              )
            })}
          </ul>
        )}
      </div>
      <button onClick={() => controller.view.fit()} title="Show the whole graph">Fit</button>
      <button onClick={() => controller.setAllCollapsed(false)} data-testid="expand-all">Expand all</button>
      <button onClick={() => controller.setAllCollapsed(true)} data-testid="collapse-all">Collapse all</button>
      <button onClick={onClearHighlight}>Clear highlight</button>
    </div>
  )
}

/** Node types present, with their colour and count; DOWN ring explained. */
export function Legend({ summary }: { summary: TopologySummary }) {
  return (
    <div class="legend" data-testid="legend">
      {summary.types.slice(0, 16).map(([t, n]) => (
        <span key={t} class="item"><span class="swatch" style={{ background: colorForType(t) }} />{t || '(no Type)'} <span class="muted">{n}</span></span>
      ))}
      <span class="item"><span class="swatch ring" style={{ borderColor: DOWN_COLOR }} />DOWN</span>
      <span class="item muted">boxes = ownership · lines = layer2</span>
    </div>
  )
}
