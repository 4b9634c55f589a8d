/** Gremlin console: query box with history, results as a table or JSON, node results highlighted. */
import { useMemo, useState } from 'preact/hooks'
import { queryTopology } from '../api/rest.js'
import type { Column } from '../model/table-sort.js'
import { isNodeLike, nodeIdsOf } from '../model/query-result.js'
import { DataTable } from './data-table.js'

const HISTORY_KEY = 'skydive.gremlin.history'
const EXAMPLES = ["G.V().Has('Type', 'host')", "G.V().Has('Type', 'veth')", "G.V().Has('State', 'DOWN')", 'G.V().Count()', 'G.Flows()']

function loadHistory(): string[] {
  try { return JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as string[] } catch { return [] }
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function columnsFor(rows: unknown[]): Column<unknown>[] {
  if (rows.every(isNodeLike)) {
    const md = (r: unknown, k: string) => ((r as Obj)['Metadata'] as Obj)[k]
    return [
      { key: 'Name', title: 'Name', value: (r) => md(r, 'Name') },
      { key: 'Type', title: 'Type', value: (r) => md(r, 'Type') },
      { key: 'State', title: 'State', value: (r) => md(r, 'State') },
      { key: 'Host', title: 'Host', value: (r) => (r as Obj)['Host'] },
      { key: 'ID', title: 'ID', value: (r) => (r as Obj)['ID'] },
    ]
  }
  if (rows.every(isObj)) {
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r as Obj)))].slice(0, 14)
    return keys.map((k) => ({ key: k, title: k, value: (r: unknown) => (r as Obj)[k] }))
  }
  return [{ key: 'value', title: 'Value', value: (r) => r }]
}

/** Props of GremlinConsole. */
export interface GremlinConsoleProps {
  onNodes(ids: string[]): void
  onSelect(id: string): void
}

/** The console. */
export function GremlinConsole({ onNodes, onSelect }: GremlinConsoleProps) {
  const [query, setQuery] = useState("G.V().Has('Type', 'host')")
  const [history, setHistory] = useState<string[]>(loadHistory)
  const [cursor, setCursor] = useState(-1)
  const [result, setResult] = useState<{ data: unknown; ms: number } | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [mode, setMode] = useState<'table' | 'json'>('table')

  const run = async (q = query) => {
    const text = q.trim()
    if (!text) return
    setBusy(true)
    setError(undefined)
    const next = [text, ...history.filter((h) => h !== text)].slice(0, 50)
    setHistory(next)
    setCursor(-1)
    localStorage.setItem(HISTORY_KEY, JSON.stringify(next))
    const t0 = performance.now()
    try {
      const data = await queryTopology(text)
      setResult({ data, ms: performance.now() - t0 })
      onNodes(nodeIdsOf(data))
    } catch (err) {
      setResult(undefined)
      setError((err as Error).message)
      onNodes([])
    } finally {
      setBusy(false)
    }
  }

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void run() }
    else if (e.key === 'ArrowUp' && history.length) {
      e.preventDefault()
      const c = Math.min(cursor + 1, history.length - 1)
      setCursor(c); setQuery(history[c]!)
    } else if (e.key === 'ArrowDown' && cursor >= 0) {
      e.preventDefault()
      const c = cursor - 1
      setCursor(c); setQuery(c >= 0 ? history[c]! : '')
    }
  }

  const rows = useMemo(() => {
    const d = result?.data
    if (Array.isArray(d)) return d.length === 1 && isObj(d[0]) && Array.isArray(d[0]['Nodes']) ? (d[0]['Nodes'] as unknown[]) : d
    return undefined
  }, [result])
  const columns = useMemo(() => (rows ? columnsFor(rows) : []), [rows])

  return (
    <div class="gremlin" data-testid="gremlin">
      <div class="query-row">
        <textarea
          data-testid="gremlin-input" rows={2} value={query} spellcheck={false} aria-label="Gremlin query"
          onInput={(e) => setQuery((e.target as HTMLTextAreaElement).value)} onKeyDown={onKey}
        />
        <button class="primary" data-testid="gremlin-run" disabled={busy} onClick={() => void run()}>{busy ? 'Running…' : 'Run'}</button>
      </div>
      <p class="muted small">Enter runs, Shift+Enter adds a line, ↑/↓ walk the history. Node results are highlighted in the graph.</p>
      {error && <pre class="error" data-testid="gremlin-error">{error}</pre>}
      {result && (
        <div class="result">
          <div class="result-head">
            <span class="muted" data-testid="gremlin-summary">
              {Array.isArray(result.data) ? `${result.data.length} result${result.data.length === 1 ? '' : 's'}` : 'result'} in {result.ms.toFixed(0)} ms
            </span>
            <span class="seg">
              <button class={mode === 'table' ? 'on' : ''} onClick={() => setMode('table')}>Table</button>
              <button class={mode === 'json' ? 'on' : ''} onClick={() => setMode('json')}>JSON</button>
            </span>
          </div>
          {mode === 'json' || !rows
            ? <pre class="json" data-testid="gremlin-json">{JSON.stringify(result.data, null, 2)}</pre>
            : <DataTable rows={rows} columns={columns} rowKey={(r, i) => (isNodeLike(r) ? (r['ID'] as string) : String(i))}
                onRowClick={(r) => isNodeLike(r) && onSelect(r['ID'] as string)} testId="gremlin-table" />}
        </div>
      )}
      <details class="history" open={!result && !error}>
        <summary>History and examples</summary>
        <ul>
          {[...history, ...EXAMPLES.filter((x) => !history.includes(x))].map((h) => (
            <li key={h}><a href="#" onClick={(e) => { e.preventDefault(); setQuery(h); void run(h) }}>{h}</a></li>
          ))}
        </ul>
      </details>
    </div>
  )
}
