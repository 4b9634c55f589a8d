/**
 * Flow matrix: which process on which host talks to which process on which host, computed
 * by the analyzer with the same core as `skydive flow-matrix` (GET /api/flowmatrix).
 * Drawn as upstream's dot output is: hosts as clusters, processes as nodes, client → server edges.
 */
import { useEffect, useMemo, useState } from 'preact/hooks'
import { getFlowMatrix, type MatrixRow } from '../api/rest.js'
import type { Column } from '../model/table-sort.js'
import { DataTable } from './data-table.js'

const COLUMNS: Column<MatrixRow>[] = [
  { key: 'protocol', title: 'Proto', value: (r) => r.protocol },
  { key: 'client', title: 'Client host', value: (r) => r.client },
  { key: 'client_procname', title: 'Client process', value: (r) => r.client_procname },
  { key: 'client_ip', title: 'Client IP', value: (r) => r.client_ip },
  { key: 'server', title: 'Server host', value: (r) => r.server },
  { key: 'server_procname', title: 'Server process', value: (r) => r.server_procname },
  { key: 'server_ip', title: 'Server IP', value: (r) => r.server_ip },
  { key: 'port', title: 'Port', value: (r) => r.port, numeric: true },
]

const BOX_W = 190
const PROC_H = 30
const GAP = 70

/** Process map of the rows: one box per host, one pill per (host, process), one arrow per row. */
export function MatrixDiagram({ rows }: { rows: readonly MatrixRow[] }) {
  const layout = useMemo(() => {
    const hosts = new Map<string, string[]>()
    const add = (h: string, p: string) => {
      const list = hosts.get(h) ?? []
      if (!list.includes(p)) list.push(p)
      hosts.set(h, list)
    }
    for (const r of rows) { add(r.server, r.server_procname); add(r.client, r.client_procname) }
    const names = [...hosts.keys()].sort()
    const perRow = Math.max(1, Math.ceil(Math.sqrt(names.length)))
    const pos = new Map<string, { x: number; y: number }>()
    const boxes: Array<{ host: string; x: number; y: number; h: number }> = []
    const rowH: number[] = []
    names.forEach((h, i) => {
      const r = Math.floor(i / perRow)
      rowH[r] = Math.max(rowH[r] ?? 0, 40 + hosts.get(h)!.length * (PROC_H + 8))
    })
    names.forEach((h, i) => {
      const r = Math.floor(i / perRow)
      const x = 10 + (i % perRow) * (BOX_W + GAP)
      const y = 10 + rowH.slice(0, r).reduce((a, b) => a + b + GAP, 0)
      const procs = hosts.get(h)!.sort()
      boxes.push({ host: h, x, y, h: 40 + procs.length * (PROC_H + 8) })
      procs.forEach((p, j) => pos.set(`${h}\u0000${p}`, { x: x + 15, y: y + 34 + j * (PROC_H + 8) }))
    })
    const width = 280 + Math.min(names.length, perRow) * (BOX_W + GAP)
    const height = 20 + rowH.reduce((a, b) => a + b + GAP, 0)
    return { boxes, pos, width, height }
  }, [rows])
  const pw = BOX_W - 30
  // one arrow per (client process, server process), labelled with its distinct "PROTO :port"
  const conns = useMemo(() => {
    const m = new Map<string, { from: string; to: string; labels: string[] }>()
    for (const r of rows) {
      const from = `${r.client}\u0000${r.client_procname}`, to = `${r.server}\u0000${r.server_procname}`
      const k = `${from}>${to}`
      const c = m.get(k) ?? { from, to, labels: [] }
      const label = `${r.protocol} :${r.port}`
      if (!c.labels.includes(label)) c.labels.push(label)
      m.set(k, c)
    }
    return [...m.values()]
  }, [rows])
  return (
    <svg class="matrix" width={layout.width} height={layout.height} data-testid="matrix-svg" role="img" aria-label="Flow matrix">
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555" /></marker></defs>
      {layout.boxes.map((b) => (
        <g key={b.host}>
          <rect x={b.x} y={b.y} width={BOX_W} height={b.h} rx={8} class="cluster" />
          <text x={b.x + 10} y={b.y + 20} class="cluster-label">{b.host}</text>
        </g>
      ))}
      {conns.map((c) => {
        const a = layout.pos.get(c.from)!
        const b = layout.pos.get(c.to)!
        const label = c.labels.length > 3 ? `${c.labels.slice(0, 3).join(', ')} +${c.labels.length - 3}` : c.labels.join(', ')
        if (c.from === c.to) {
          // same process on both ends (e.g. loopback): a loop on the right of its pill
          const x = a.x + pw, y = a.y
          return (
            <g key={`${c.from}>${c.to}`} class="conn">
              <path d={`M${x},${y + 7} C${x + 45},${y - 14} ${x + 45},${y + PROC_H + 14} ${x},${y + PROC_H - 7}`} fill="none" marker-end="url(#arrow)" />
              <text x={x + 40} y={y + PROC_H / 2 + 4}>{label}</text>
            </g>
          )
        }
        if (a.x === b.x) {
          // one above the other (same host, or hosts in one column): an arc on the right of the
          // pills, since a line between their centres would run under them and hide
          const x = a.x + pw, ay = a.y + PROC_H / 2, by = b.y + PROC_H / 2
          const bulge = 30 + Math.min(60, Math.abs(by - ay) / 4)
          return (
            <g key={`${c.from}>${c.to}`} class="conn">
              <path d={`M${x},${ay} C${x + bulge},${ay} ${x + bulge},${by} ${x},${by}`} fill="none" marker-end="url(#arrow)" />
              <text x={x + bulge * 0.75 + 4} y={(ay + by) / 2 + 4}>{label}</text>
            </g>
          )
        }
        const ax = a.x + pw / 2, ay = a.y + PROC_H / 2, bx = b.x + pw / 2, by = b.y + PROC_H / 2
        const mx = (ax + bx) / 2 + (ay === by ? 0 : 30), my = (ay + by) / 2
        return (
          <g key={`${c.from}>${c.to}`} class="conn">
            <path d={`M${ax},${ay} Q${mx},${my} ${bx},${by}`} fill="none" marker-end="url(#arrow)" />
            <text x={mx} y={my - 4}>{label}</text>
          </g>
        )
      })}
      {[...layout.pos].map(([k, p]) => (
        <g key={k}>
          <rect x={p.x} y={p.y} width={pw} height={PROC_H} rx={6} class="proc" />
          <text x={p.x + 8} y={p.y + 19} class="proc-label">{k.split('\u0000')[1] || '?'}</text>
        </g>
      ))}
    </svg>
  )
}

/** The panel: diagram and table, refreshed on demand. */
export function FlowMatrixPanel() {
  const [rows, setRows] = useState<MatrixRow[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [useFlows, setUseFlows] = useState(false)
  const refresh = async () => {
    try {
      setRows((await getFlowMatrix(useFlows)).rows)
      setError(undefined)
    } catch (err) {
      setError((err as Error).message)
    }
  }
  useEffect(() => { void refresh() }, [useFlows])
  return (
    <div class="matrix-panel" data-testid="flow-matrix">
      <div class="toolbar-row">
        <label class="inline"><input type="checkbox" checked={useFlows} onChange={(e) => setUseFlows((e.target as HTMLInputElement).checked)} /> use flows</label>
        <button class="link" onClick={() => void refresh()}>refresh</button>
        <span class="muted small">same rows as <code>skydive flow-matrix</code></span>
      </div>
      {error && <pre class="error" data-testid="matrix-error">{error}</pre>}
      {rows && rows.length > 0 && <div class="matrix-scroll"><MatrixDiagram rows={rows} /></div>}
      {rows && <DataTable rows={rows} columns={COLUMNS} rowKey={(r, i) => `${i}`} testId="matrix-table" empty="No connection between known processes (hosts need the socketinfo probe)." />}
    </div>
  )
}
