/** Everything about the selected node: summary, counters, Sockets (hosts), links, all metadata. */
import type { WireNode } from '../../wire/index.js'
import { colorForType, isDown } from '../model/colors.js'
import type { Column } from '../model/table-sort.js'
import { DataTable } from './data-table.js'
import { MetadataTree } from './metadata-tree.js'
import type { TopologyController } from './topology-controller.js'

/** Props of NodePanel. */
export interface NodePanelProps {
  node: WireNode | undefined
  controller: TopologyController
  canCapture: boolean
  onSelect(id: string): void
  onCapture(node: WireNode): void
  onFlows(node: WireNode): void
}

type Row = Record<string, unknown>
const SOCKET_COLUMNS: Column<Row>[] = [
  { key: 'Protocol', title: 'Proto', value: (r) => r['Protocol'] },
  { key: 'Local', title: 'Local', value: (r) => `${String(r['LocalAddress'])}:${String(r['LocalPort'])}` },
  { key: 'Remote', title: 'Remote', value: (r) => `${String(r['RemoteAddress'])}:${String(r['RemotePort'])}` },
  { key: 'State', title: 'State', value: (r) => r['State'] },
  { key: 'Name', title: 'Process', value: (r) => r['Name'] },
  { key: 'Pid', title: 'Pid', value: (r) => r['Pid'], numeric: true },
  { key: 'Process', title: 'Path', value: (r) => r['Process'] },
]
const COUNTERS = ['RxPackets', 'TxPackets', 'RxBytes', 'TxBytes', 'RxErrors', 'TxErrors', 'RxDropped', 'TxDropped', 'Multicast', 'Collisions']

const time = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toLocaleString() : '—')
const num = (v: unknown) => (typeof v === 'number' ? v.toLocaleString() : '')

/** Interface counters: cumulative Metric and the last interval's LastUpdateMetric as rates. */
function Counters({ md }: { md: Record<string, unknown> }) {
  const total = (md['Metric'] ?? {}) as Record<string, unknown>
  const last = (md['LastUpdateMetric'] ?? {}) as Record<string, unknown>
  const seconds = typeof last['Last'] === 'number' && typeof last['Start'] === 'number' ? (last['Last'] - last['Start']) / 1000 : 0
  const keys = [...new Set([...COUNTERS, ...Object.keys(total), ...Object.keys(last)])]
    .filter((k) => k !== 'Start' && k !== 'Last' && (k in total || k in last))
  if (!keys.length) return <p class="muted">No counters reported yet (the agent refreshes them periodically).</p>
  return (
    <table class="data counters" data-testid="counters">
      <thead><tr><th>Counter</th><th class="num">Total</th><th class="num">Last interval</th><th class="num">per s</th></tr></thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k}>
            <td>{k}</td><td class="num">{num(total[k])}</td><td class="num">{num(last[k])}</td>
            <td class="num">{seconds > 0 && typeof last[k] === 'number' ? (last[k] / seconds).toFixed(1) : ''}</td>
          </tr>
        ))}
      </tbody>
      {seconds > 0 && <caption class="muted">interval {time(last['Start'])} – {time(last['Last'])}</caption>}
    </table>
  )
}

/** Side panel for one node. */
export function NodePanel({ node, controller, canCapture, onSelect, onCapture, onFlows }: NodePanelProps) {
  if (!node) return <p class="muted">Click a node in the graph, or search by name, IP or MAC.</p>
  const md = node.Metadata
  const type = String(md['Type'] ?? '')
  const name = String(md['Name'] ?? node.ID)
  const sockets = Array.isArray(md['Sockets']) ? (md['Sockets'] as Row[]) : undefined
  const isIf = typeof md['IfIndex'] === 'number'
  const links = [...controller.store.edgesOf(node.ID)].map((id) => controller.store.edges.get(id)!).filter(Boolean)
  const captures = Array.isArray(md['Captures']) ? (md['Captures'] as Row[]) : []
  const head = controller.groupOf(node.ID) === node.ID
  return (
    <div class="node-panel" data-testid="node-panel">
      <h2>
        <span class="swatch" style={{ background: colorForType(type) }} />
        {name} <span class="muted">{type}</span>
        {isDown(md) && <span class="badge down">{String(md['State'])}</span>}
      </h2>
      <div class="buttons">
        {head && <button onClick={() => controller.toggle(node.ID)}>{controller.isCollapsed(node.ID) ? 'Expand host' : 'Collapse host'}</button>}
        {isIf && canCapture && <button data-testid="capture-here" onClick={() => onCapture(node)}>Capture…</button>}
        <button onClick={() => onFlows(node)}>Flows</button>
      </div>
      <dl class="summary">
        <dt>ID</dt><dd class="mono">{node.ID}</dd>
        <dt>Host</dt><dd>{node.Host || '—'}</dd>
        <dt>Origin</dt><dd>{node.Origin}</dd>
        <dt>Revision</dt><dd>{node.Revision}</dd>
        <dt>Created</dt><dd>{time(node.CreatedAt)}</dd>
        <dt>Updated</dt><dd>{time(node.UpdatedAt)}</dd>
      </dl>
      {captures.length > 0 && (
        <section><h3>Captures</h3>{captures.map((c, i) => <MetadataTree key={i} value={c} depth={1} />)}</section>
      )}
      {isIf && <section><h3>Counters</h3><Counters md={md} /></section>}
      {sockets && (
        <section>
          <h3>Sockets ({sockets.length})</h3>
          <DataTable rows={sockets} columns={SOCKET_COLUMNS} rowKey={(r, i) => `${i}:${String(r['LocalPort'])}:${String(r['RemotePort'])}`} testId="sockets" />
        </section>
      )}
      {links.length > 0 && (
        <section>
          <h3>Links ({links.length})</h3>
          <ul class="links">
            {links.map((e) => {
              const other = e.Parent === node.ID ? e.Child : e.Parent
              const o = controller.node(other)
              return (
                <li key={e.ID}>
                  <span class="muted">{String(e.Metadata['RelationType'] ?? '')}{e.Metadata['Type'] ? `/${String(e.Metadata['Type'])}` : ''} {e.Parent === node.ID ? '→' : '←'}</span>{' '}
                  <a href="#" onClick={(ev) => { ev.preventDefault(); onSelect(other) }}>{String(o?.Metadata['Name'] ?? other)}</a>
                  <span class="muted"> {String(o?.Metadata['Type'] ?? '')}</span>
                </li>
              )
            })}
          </ul>
        </section>
      )}
      <section>
        <h3>Metadata</h3>
        <MetadataTree value={md} />
      </section>
    </div>
  )
}
