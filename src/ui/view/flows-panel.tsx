/** Flows over `G.Flows()` (or the selected node's), refreshed live, plus pcap upload. */
import { useEffect, useState } from 'preact/hooks'
import type { WireNode } from '../../wire/index.js'
import { queryTopology, uploadPcap } from '../api/rest.js'
import type { Column } from '../model/table-sort.js'
import { captureQueryFor } from './captures-panel.js'
import { DataTable } from './data-table.js'

type Flow = Record<string, unknown>
const layer = (f: Flow, l: string, k: string) => (f[l] as Record<string, unknown> | undefined)?.[k]
const metric = (f: Flow, k: string) => (f['Metric'] as Record<string, unknown> | undefined)?.[k]
const time = (ms: unknown) => (typeof ms === 'number' && ms > 0 ? new Date(ms).toISOString().replace('T', ' ').slice(0, 23) : '')

const COLUMNS: Column<Flow>[] = [
  { key: 'Application', title: 'App', value: (f) => f['Application'] },
  { key: 'LayersPath', title: 'Layers', value: (f) => f['LayersPath'] },
  { key: 'NetA', title: 'Network A', value: (f) => layer(f, 'Network', 'A') ?? layer(f, 'Link', 'A') },
  { key: 'PortA', title: 'Port A', value: (f) => layer(f, 'Transport', 'A'), numeric: true },
  { key: 'NetB', title: 'Network B', value: (f) => layer(f, 'Network', 'B') ?? layer(f, 'Link', 'B') },
  { key: 'PortB', title: 'Port B', value: (f) => layer(f, 'Transport', 'B'), numeric: true },
  { key: 'ABPackets', title: 'AB pkts', value: (f) => metric(f, 'ABPackets'), numeric: true },
  { key: 'ABBytes', title: 'AB bytes', value: (f) => metric(f, 'ABBytes'), numeric: true },
  { key: 'BAPackets', title: 'BA pkts', value: (f) => metric(f, 'BAPackets'), numeric: true },
  { key: 'BABytes', title: 'BA bytes', value: (f) => metric(f, 'BABytes'), numeric: true },
  { key: 'Start', title: 'Start', value: (f) => time(f['Start']) },
  { key: 'Last', title: 'Last', value: (f) => time(f['Last']) },
  { key: 'UUID', title: 'UUID', value: (f) => f['UUID'] },
]

/** Props of FlowsPanel. */
export interface FlowsPanelProps {
  node: WireNode | undefined
  canUpload: boolean
  /** when true the panel shows the selected node's flows instead of all flows */
  nodeScope: boolean
  setNodeScope(v: boolean): void
}

/** The panel. */
export function FlowsPanel({ node, canUpload, nodeScope, setNodeScope }: FlowsPanelProps) {
  const [flows, setFlows] = useState<Flow[]>([])
  const [error, setError] = useState<string | undefined>()
  const [notice, setNotice] = useState<string | undefined>()
  const [live, setLive] = useState(true)
  const [file, setFile] = useState<File | undefined>()
  const [updated, setUpdated] = useState<Date | undefined>()
  const query = nodeScope && node ? `${captureQueryFor(node)}.Flows()` : 'G.Flows()'

  const refresh = async () => {
    try {
      const res = await queryTopology(query)
      setFlows(Array.isArray(res) ? (res as Flow[]) : [])
      setError(undefined)
      setUpdated(new Date())
    } catch (err) {
      setError((err as Error).message)
    }
  }
  useEffect(() => { void refresh() }, [query])
  useEffect(() => {
    if (!live) return
    const t = setInterval(() => void refresh(), 3000)
    return () => clearInterval(t)
  }, [live, query])

  const upload = async (e: Event) => {
    e.preventDefault()
    if (!file) return
    setNotice(undefined)
    setError(undefined)
    try {
      await uploadPcap(file)
      setNotice(`${file.name} (${file.size.toLocaleString()} bytes) uploaded`)
      setNodeScope(false)
      await refresh()
    } catch (err) {
      setError(`Upload of ${file.name} failed: ${(err as Error).message}`)
    }
  }

  return (
    <div class="flows" data-testid="flows">
      <div class="toolbar-row">
        <code data-testid="flows-query">{query}</code>
        {node && <label class="inline"><input type="checkbox" checked={nodeScope} onChange={(e) => setNodeScope((e.target as HTMLInputElement).checked)} /> only {String(node.Metadata['Name'] ?? node.ID)}</label>}
        <label class="inline"><input type="checkbox" checked={live} onChange={(e) => setLive((e.target as HTMLInputElement).checked)} /> live</label>
        <button class="link" onClick={() => void refresh()}>refresh</button>
        {updated && <span class="muted small">updated {updated.toLocaleTimeString()}</span>}
      </div>
      {canUpload && (
        <form class="upload" onSubmit={upload}>
          <input type="file" accept=".pcap,.pcapng,.cap" data-testid="pcap-file" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0])} />
          <button class="primary" type="submit" data-testid="pcap-upload" disabled={!file}>Upload pcap</button>
        </form>
      )}
      {error && <pre class="error" data-testid="flows-error">{error}</pre>}
      {notice && <p class="notice" data-testid="flows-notice">{notice}</p>}
      <DataTable rows={flows} columns={COLUMNS} rowKey={(f, i) => String(f['UUID'] ?? i)} testId="flow-table"
        empty="No flow yet: start a capture or upload a pcap." initialSort={{ key: 'Start', dir: 1 }} />
    </div>
  )
}
