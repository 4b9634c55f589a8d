/** The main screen: topology canvas on the left, tabbed side panel on the right. */
import { useEffect, useRef, useState } from 'preact/hooks'
import type { GraphMessage, WireNode } from '../../wire/index.js'
import type { Permission } from '../api/rest.js'
import { openSubscriber, type StreamState } from '../api/subscriber.js'
import { can } from '../model/session.js'
import { CapturesPanel } from './captures-panel.js'
import { FlowMatrixPanel } from './flow-matrix-panel.js'
import { FlowsPanel } from './flows-panel.js'
import { GraphToolbar, Legend } from './graph-toolbar.js'
import { GraphView } from './graph-view.js'
import { GremlinConsole } from './gremlin-console.js'
import { NodePanel } from './node-panel.js'
import { SidePanel } from './side-panel.js'
import { TopologyController, type TopologySummary } from './topology-controller.js'

type Tab = 'node' | 'gremlin' | 'captures' | 'flows' | 'matrix'
const TABS: Array<[Tab, string]> = [['node', 'Node'], ['gremlin', 'Gremlin'], ['captures', 'Captures'], ['flows', 'Flows'], ['matrix', 'Flow matrix']]

/** Hook exposed on `window.__skydive` for the end-to-end tests and the benchmark. */
declare global { interface Window { __skydive?: { controller: TopologyController; view: GraphView; firstRenderMs?: number } } }

/** Props of Workspace. */
export interface WorkspaceProps { host: string; version: string; permissions: Permission[] | undefined; onLogout(): void }

/** The workspace. */
export function Workspace({ host, version, permissions, onLogout }: WorkspaceProps) {
  const canvas = useRef<HTMLDivElement>(null)
  const [ctl, setCtl] = useState<TopologyController>()
  const [summary, setSummary] = useState<TopologySummary>()
  const [stream, setStream] = useState<{ state: StreamState; detail?: string | undefined }>({ state: 'connecting' })
  const [selected, setSelected] = useState<string>()
  const [tab, setTab] = useState<Tab>('node')
  const [captureTick, setCaptureTick] = useState(0)
  const [captureTarget, setCaptureTarget] = useState<WireNode>()
  const [nodeScope, setNodeScope] = useState(false)

  useEffect(() => {
    let firstRender = true
    let controller: TopologyController | undefined
    const early: GraphMessage[] = []
    const handle = (m: GraphMessage, c: TopologyController) => {
      if (firstRender && m.Type === 'SyncReply') performance.mark('skydive:sync-received')
      c.push(m)
      if (firstRender && m.Type === 'SyncReply') {
        firstRender = false
        requestAnimationFrame(() => performance.mark('skydive:model-applied'))
        // first complete render: the SyncReply applied and drawn by sigma
        requestAnimationFrame(() => void c.view.nextRender().then(() => {
          performance.mark('skydive:first-render')
          window.__skydive!.firstRenderMs = performance.now()
          c.view.fit()
        }))
      }
    }
    // The stream opens first: its handshake overlaps the WebGL set-up below; early frames wait.
    const sub = openSubscriber({
      onGraph: (m) => (controller ? handle(m, controller) : early.push(m)),
      onOther: (ns) => { if (ns.startsWith('OnDemandCapture')) setCaptureTick((t) => t + 1) },
      onState: (state, detail) => {
        if (state === 'live' && !performance.getEntriesByName('skydive:stream-open').length) performance.mark('skydive:stream-open')
        setStream({ state, detail })
      },
    })
    const view = new GraphView(canvas.current!, {
      onNodeClick: (id) => {
        if (controller!.isCollapsed(id)) controller!.toggle(id)
        setSelected(id)
        setTab('node')
      },
      onStageClick: () => setSelected(undefined),
    })
    // ?expanded=1 opens every host whatever the size (and the benchmark's full render)
    const expanded = new URLSearchParams(location.search).get('expanded') === '1'
    const c = (controller = new TopologyController(view, expanded ? Infinity : undefined))
    performance.mark('skydive:canvas-ready')
    window.__skydive = { controller: c, view }
    for (const m of early.splice(0)) handle(m, c)
    c.setResync(sub.resync)
    const off = c.onChange(setSummary)
    setCtl(c)
    return () => { off(); sub.close() }
  }, [])

  useEffect(() => { ctl?.view.setSelected(selected) }, [ctl, selected, summary?.version])

  const node = selected ? ctl?.node(selected) : undefined
  const highlight = (ids: string[]) => {
    if (!ctl) return
    ids.forEach((id) => ctl.reveal(id))
    ctl.view.setHighlight(ids)
  }
  const select = (id: string) => {
    if (!ctl) return
    const shown = ctl.reveal(id)
    setSelected(shown)
    setTab('node')
    void ctl.view.nextRender().then(() => ctl.view.focus(shown))
  }
  const canCapture = can(permissions, 'capture', 'write')

  return (
    <div class="workspace">
      <header class="topbar">
        <span class="brand"><span class="logo">◈</span> Skydive</span>
        {ctl && <GraphToolbar controller={ctl} onPick={select} onClearHighlight={() => ctl.view.setHighlight([])} />}
        <span class="spacer" />
        <span class={`conn ${stream.state}`} title={stream.detail} data-testid="conn-state">{stream.state}</span>
        <span class="muted small">{host} · {version}</span>
        {permissions && <button class="link" onClick={onLogout}>Log out</button>}
      </header>
      <main class="main">
        <section class="canvas-wrap">
          <div class="canvas" ref={canvas} data-testid="graph" />
          {summary && <Legend summary={summary} />}
          <div class="status" data-testid="status">
            {summary ? (
              <>
                <span data-testid="count-hosts">{summary.hosts}</span> host{summary.hosts === 1 ? '' : 's'} · <span data-testid="count-interfaces">{summary.interfaces}</span> interface{summary.interfaces === 1 ? '' : 's'} ·{' '}
                <span data-testid="count-nodes">{summary.nodes}</span> nodes · <span data-testid="count-edges">{summary.edges}</span> edges · drawn{' '}
                <span data-testid="drawn-nodes">{summary.drawnNodes}</span>/<span data-testid="drawn-edges">{summary.drawnEdges}</span>
              </>
            ) : 'waiting for the graph…'}
          </div>
        </section>
        <SidePanel>
          <nav class="tabs">
            {TABS.map(([t, label]) => <button key={t} class={tab === t ? 'on' : ''} data-testid={`tab-${t}`} onClick={() => setTab(t)}>{label}</button>)}
          </nav>
          <div class="tab-body">
            {ctl && tab === 'node' && (
              <NodePanel node={node} controller={ctl} canCapture={canCapture} onSelect={select}
                onCapture={(n) => { setCaptureTarget(n); setTab('captures') }}
                onFlows={(n) => { setCaptureTarget(n); setNodeScope(true); setTab('flows') }} />
            )}
            {tab === 'gremlin' && <GremlinConsole onNodes={highlight} onSelect={select} />}
            {tab === 'captures' && <CapturesPanel target={captureTarget ?? node} canRead={can(permissions, 'capture', 'read')} canWrite={canCapture} tick={captureTick} />}
            {tab === 'flows' && <FlowsPanel node={node ?? captureTarget} canUpload={can(permissions, 'pcap', 'write')} nodeScope={nodeScope} setNodeScope={setNodeScope} />}
            {tab === 'matrix' && <FlowMatrixPanel />}
          </div>
        </SidePanel>
      </main>
    </div>
  )
}
