/** Captures: create one on the selected interface (with a BPF filter), list them, delete them. */
import { useEffect, useState } from 'preact/hooks'
import type { WireNode } from '../../wire/index.js'
import { createCapture, deleteCapture, listCaptures, type Capture } from '../api/rest.js'
import type { Column } from '../model/table-sort.js'
import { DataTable } from './data-table.js'

/** Gremlin selecting one node the way upstream's UI does: by TID when it has one. */
export function captureQueryFor(node: WireNode): string {
  const tid = node.Metadata['TID']
  return typeof tid === 'string' && tid ? `G.V().Has('TID', '${tid}')` : `G.V('${node.ID}')`
}

const COLUMNS: Column<Capture>[] = [
  { key: 'Name', title: 'Name', value: (c) => c.Name },
  { key: 'GremlinQuery', title: 'Query', value: (c) => c.GremlinQuery },
  { key: 'BPFFilter', title: 'BPF', value: (c) => c.BPFFilter },
  { key: 'Type', title: 'Type', value: (c) => c.Type || 'auto' },
  { key: 'Count', title: 'Active on', value: (c) => c.Count, numeric: true },
  { key: 'UUID', title: 'UUID', value: (c) => c.UUID },
]

/** Props of CapturesPanel. */
export interface CapturesPanelProps {
  target: WireNode | undefined
  canRead: boolean
  canWrite: boolean
  /** bumps when the analyzer notifies a capture change */
  tick: number
}

/** The panel. */
export function CapturesPanel({ target, canRead, canWrite, tick }: CapturesPanelProps) {
  const [captures, setCaptures] = useState<Capture[]>([])
  const [error, setError] = useState<string | undefined>()
  const [notice, setNotice] = useState<string | undefined>()
  const [query, setQuery] = useState('')
  const [bpf, setBpf] = useState('')
  const [name, setName] = useState('')
  const [type, setType] = useState('')

  const refresh = async () => {
    if (!canRead) return
    try {
      setCaptures(Object.values(await listCaptures()))
    } catch (err) {
      setError((err as Error).message)
    }
  }
  useEffect(() => { void refresh() }, [tick])
  useEffect(() => {
    const t = setInterval(() => void refresh(), 5000)
    return () => clearInterval(t)
  }, [])
  useEffect(() => {
    if (target) {
      setQuery(captureQueryFor(target))
      setName(`${String(target.Metadata['Name'] ?? 'capture')}${target.Host ? `@${target.Host}` : ''}`)
    }
  }, [target?.ID])

  const create = async (e: Event) => {
    e.preventDefault()
    setError(undefined)
    setNotice(undefined)
    try {
      const c = await createCapture({ GremlinQuery: query, BPFFilter: bpf || undefined, Name: name || undefined, Type: type || undefined })
      setNotice(`Capture ${c.UUID} created`)
      await refresh()
    } catch (err) {
      setError((err as Error).message)
    }
  }
  const remove = async (c: Capture) => {
    setError(undefined)
    try {
      await deleteCapture(c.UUID)
      setNotice(`Capture ${c.UUID} deleted`)
      await refresh()
    } catch (err) {
      setError((err as Error).message)
    }
  }

  return (
    <div class="captures" data-testid="captures">
      {canWrite ? (
        <form class="form" onSubmit={create} data-testid="capture-form">
          <h3>New capture</h3>
          {!target && <p class="muted">Select an interface in the graph to fill in the query.</p>}
          <label>Gremlin query<input data-testid="capture-query" required value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} /></label>
          <label>BPF filter<input data-testid="capture-bpf" placeholder="e.g. tcp port 80" value={bpf} onInput={(e) => setBpf((e.target as HTMLInputElement).value)} /></label>
          <label>Name<input data-testid="capture-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
          <label>Type
            <select value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
              <option value="">auto</option><option value="pcap">pcap</option><option value="afpacket">afpacket</option><option value="pcapsocket">pcapsocket</option>
            </select>
          </label>
          <button class="primary" type="submit" data-testid="capture-create">Create capture</button>
        </form>
      ) : <p class="muted" data-testid="capture-readonly">Your role may {canRead ? 'list captures but not create or delete them' : 'neither list nor create captures'}.</p>}
      {error && <pre class="error" data-testid="capture-error">{error}</pre>}
      {notice && <p class="notice" data-testid="capture-notice">{notice}</p>}
      {canRead && <h3>Captures <button class="link" onClick={() => void refresh()}>refresh</button></h3>}
      {canRead && <DataTable rows={captures} columns={COLUMNS} rowKey={(c) => c.UUID} testId="capture-list" empty="No capture."
        actions={canWrite ? (c) => <button class="danger" data-testid="capture-delete" onClick={() => void remove(c)}>Delete</button> : undefined} />}
    </div>
  )
}
