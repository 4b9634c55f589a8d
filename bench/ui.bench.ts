// Web UI benchmark (issue 7): a synthetic topology published to a real analyzer over
// /ws/publisher, opened in headless Debian Chromium (playwright-core). Measures the time to the
// first complete render, frame and render times while panning and zooming, and the JS heap,
// at 5,000 nodes / 10,000 edges and at upstream's largest UI fixture size (1,223 / 2,200).
// Needs `npm run build` first (it starts bin/skydive). Run: npm run bench -- ui
// (UI_BENCH_PEERS=0 skips the cytoscape.js peer runs, UI_BENCH_APP=0 runs only them)
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { build } from 'esbuild'
import WebSocket from 'ws'
import { StableLayout } from '../src/ui/model/layout.js'
import { TopologyStore, isOwnership } from '../src/ui/model/topology-store.js'
import { layoutNodes } from '../src/ui/model/view-model.js'
import type { WireEdge, WireNode } from '../src/wire/index.js'

const ROOT = resolve(import.meta.dirname, '..')

/** What the page exposes on `window` (src/ui/view/workspace.tsx); the bench runs without DOM types. */
interface PageGlobals {
  __skydive?: {
    firstRenderMs?: number
    controller: { summary(): { drawnNodes: number; drawnEdges: number } }
    view: {
      camera: { getState(): { x: number; y: number; ratio: number }; setState(s: Partial<{ x: number; y: number; ratio: number }>): void }
      recordRenders(on: boolean): number[]
    }
  }
  requestAnimationFrame(cb: () => void): number
}
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run']

/** Deterministic topology of `nodes` nodes and `edges` edges shaped like real hosts. */
export function syntheticTopology(nodes: number, edges: number): { Nodes: WireNode[]; Edges: WireEdge[] } {
  const now = Date.now()
  const N: WireNode[] = []
  const E: WireEdge[] = []
  const mk = (id: string, md: Record<string, unknown>): WireNode =>
    ({ ID: id, Metadata: md, Host: '', Origin: '', CreatedAt: now, UpdatedAt: now, DeletedAt: null, Revision: 1 })
  const link = (p: string, c: string, rel: string, extra: Record<string, unknown> = {}) =>
    E.push({ ...mk(`e${E.length}`, { RelationType: rel, ...extra }), Parent: p, Child: c })
  const hosts = Math.max(1, Math.floor(nodes / 100))
  const vethPairs: Array<[string, string]> = []
  const bridges: Array<[string, string]> = []
  const eth0: string[] = []
  for (let h = 0; h < hosts; h++) {
    const host = `h${h}`
    N.push(mk(host, { Name: `node-${h}`, Type: 'host', Hostname: `node-${h}` }))
    const own = (id: string, md: Record<string, unknown>, owner: string) => { N.push(mk(id, md)); link(owner, id, 'ownership') }
    own(`${host}-lo`, { Name: 'lo', Type: 'device', IfIndex: 1, State: 'UNKNOWN' }, host)
    own(`${host}-eth0`, { Name: 'eth0', Type: 'device', IfIndex: 2, State: 'UP', MAC: `52:54:00:00:${(h >> 8).toString(16).padStart(2, '0')}:${(h & 255).toString(16).padStart(2, '0')}`, IPV4: [`10.${h >> 8}.${h & 255}.1/16`] }, host)
    own(`${host}-br0`, { Name: 'br0', Type: 'bridge', IfIndex: 3, State: 'UP' }, host)
    eth0.push(`${host}-eth0`)
    for (let v = 0; v < 42; v++) {
      own(`${host}-veth${v}`, { Name: `veth${v}`, Type: 'veth', IfIndex: 10 + v, State: v % 17 === 16 ? 'DOWN' : 'UP' }, host)
      bridges.push([`${host}-br0`, `${host}-veth${v}`])
    }
    for (let n = 0; n < 9; n++) {
      const ns = `${host}-ns${n}`
      own(ns, { Name: `ns${n}`, Type: 'netns', Path: `/var/run/netns/ns${n}` }, host)
      for (let i = 0; i < 5; i++) {
        const id = `${ns}-if${i}`
        own(id, { Name: i === 0 ? 'lo' : `eth${i - 1}`, Type: i === 0 ? 'device' : 'veth', IfIndex: i + 1, State: i === 0 ? 'UNKNOWN' : 'UP', IPV4: i ? [`172.16.${n}.${i}/24`] : undefined }, ns)
        const v = n * 5 + i - 1
        if (i > 0 && v < 42) vethPairs.push([id, `${host}-veth${v}`])
      }
    }
  }
  // extra nodes (sizes that are not a multiple of 100) go into the first host's first namespace
  for (let x = 0; N.length < nodes; x++) {
    const id = `extra${x}`
    N.push(mk(id, { Name: `extra${x}`, Type: 'veth', IfIndex: 100 + x, State: 'UP' }))
    link('h0-ns0', id, 'ownership')
  }
  N.length = Math.min(N.length, nodes)
  const known = new Set(N.map((n) => n.ID))
  for (let i = E.length - 1; i >= 0; i--) if (!known.has(E[i]!.Parent) || !known.has(E[i]!.Child)) E.splice(i, 1)
  const pairs = new Set<string>()
  const l2 = (a: string, b: string, extra: Record<string, unknown> = {}) => {
    const k = a < b ? `${a}|${b}` : `${b}|${a}`
    if (E.length >= edges || pairs.has(k) || !known.has(a) || !known.has(b) || a === b) return
    pairs.add(k)
    link(a, b, 'layer2', extra)
  }
  for (const [a, b] of vethPairs) l2(a, b, { Type: 'veth' })
  for (const [a, b] of bridges) l2(a, b)
  for (let k = 1; E.length < edges && k < eth0.length; k++) for (let h = 0; h < eth0.length; h++) l2(eth0[h]!, eth0[(h + k) % eth0.length]!, { Type: 'fabric' })
  const ids = [...known]
  let seed = 7
  while (E.length < edges) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    const a = ids[seed % ids.length]!
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    l2(a, ids[seed % ids.length]!)
  }
  return { Nodes: N, Edges: E }
}

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port
      s.close(() => res(p))
    })
  })
}

async function waitFor<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    try {
      const v = await f()
      if (v !== undefined) return v
    } catch { /* not yet */ }
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function startAnalyzer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/skydive'), 'analyzer', '--listen', `127.0.0.1:${port}`, '--host-id', 'sdt-ui-bench'],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SKYDIVE_LOGGING_LEVEL: 'WARNING' } })
  await waitFor('the analyzer', async () => ((await fetch(`http://127.0.0.1:${port}/api`)).ok ? true : undefined))
  return child
}

async function publish(port: number, graph: { Nodes: WireNode[]; Edges: WireEdge[] }): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/publisher`, {
    headers: { 'X-Host-ID': 'sdt-ui-bench-pub', 'X-Client-Type': 'bench', 'X-Persistence-Policy': 'DeleteOnDisconnect' },
  })
  await new Promise((res, rej) => { ws.once('open', res); ws.once('error', rej) })
  ws.send(JSON.stringify({ Namespace: 'Graph', Type: 'Sync', Obj: graph }))
  const count = async (q: string) => {
    const r = await fetch(`http://127.0.0.1:${port}/api/topology`, { method: 'POST', body: JSON.stringify({ GremlinQuery: q }) })
    return Number(await r.text())
  }
  await waitFor('the published graph', async () =>
    (await count('G.V().Count()')) === graph.Nodes.length && (await count('G.E().Count()')) === graph.Edges.length ? true : undefined)
  return ws
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN
}

/**
 * A user drags the canvas for 2 s, then turns the mouse wheel for 2 s (real input events, paced
 * like a hand) while the page records the interval between animation frames.
 */
async function interact(page: Page, box: { x: number; y: number; width: number; height: number }) {
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2
  const frames = async (act: () => Promise<void>): Promise<{ frames: number[]; renders: number[] }> => {
    await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals & { __frames: number[]; __rec: boolean; __last: number; __tick: () => void }
      w.__frames = []
      w.__rec = true
      w.__last = performance.now()
      w.__tick = () => {
        const now = performance.now()
        w.__frames.push(now - w.__last)
        w.__last = now
        if (w.__rec) w.requestAnimationFrame(w.__tick)
      }
      w.requestAnimationFrame(w.__tick)
      w.__skydive?.view.recordRenders(true)
    })
    await act()
    return page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals & { __frames: number[]; __rec: boolean }
      w.__rec = false
      return { frames: w.__frames.slice(2), renders: w.__skydive?.view.recordRenders(false) ?? [] }
    })
  }
  const pace = (ms: number) => new Promise((r) => setTimeout(r, ms))
  const pan = await frames(async () => {
    await page.mouse.move(cx, cy)
    await page.mouse.down()
    for (let i = 1; i <= 120; i++) {
      await page.mouse.move(cx + 200 * Math.sin(i / 12), cy + 150 * (1 - Math.cos(i / 12)))
      await pace(16)
    }
    await page.mouse.up()
  })
  const zoom = await frames(async () => {
    for (let i = 0; i < 60; i++) {
      await page.mouse.wheel(0, i < 30 ? -120 : 120)
      await pace(33)
    }
  })
  console.log(`  pan frame p50 ${pct(pan.frames, 50).toFixed(1)} ms, zoom frame p50 ${pct(zoom.frames, 50).toFixed(1)} ms`)
  return { pan, zoom }
}

interface Measure { view: string; firstRenderMs: number; drawnNodes: number; drawnEdges: number; frameP50: number; frameP95: number; renderP50: number; renderP95: number; renderMax: number; heapMiB: number }

async function measure(ctx: BrowserContext, url: string, view: string): Promise<Measure> {
  const page: Page = await ctx.newPage()
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto(url)
  const firstRenderMs = await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__skydive?.firstRenderMs, undefined, { timeout: 60_000 }).then((h) => h.jsonValue() as Promise<number>)
  const drawn = await page.evaluate(() => (globalThis as unknown as PageGlobals).__skydive!.controller.summary())
  // where the first render's time goes: page loaded, SyncReply parsed, model + graph built, drawn
  // (no named arrow functions in page code: tsx's keepNames would inject a helper the page lacks)
  const marks = await page.evaluate(() => {
    const t: Record<string, number> = {}
    for (const name of ['api-ok', 'canvas-ready', 'stream-open', 'sync-received', 'model-applied', 'first-render']) t[name] = performance.getEntriesByName(`skydive:${name}`)[0]?.startTime ?? NaN
    // Node's typings lack 'navigation' entries; the page has them
    const nav = (performance as unknown as { getEntriesByType(t: string): unknown[] }).getEntriesByType('navigation')[0] as { domContentLoadedEventEnd: number } | undefined
    return { loaded: nav?.domContentLoadedEventEnd ?? NaN, api: t['api-ok']!, canvas: t['canvas-ready']!, open: t['stream-open']!, sync: t['sync-received']!, model: t['model-applied']!, drawn: t['first-render']! }
  })
  console.log(`  first render breakdown: page loaded ${marks.loaded.toFixed(0)} ms, GET /api ${marks.api.toFixed(0)}, WebGL canvas ${marks.canvas.toFixed(0)}, ` +
    `stream open ${marks.open.toFixed(0)}, SyncReply parsed ${marks.sync.toFixed(0)} ms, ` +
    `model and graph built ${marks.model.toFixed(0)} ms, drawn ${marks.drawn.toFixed(0)} ms`)
  const box = (await page.getByTestId('graph').boundingBox())!
  const { pan, zoom } = await interact(page, box)
  const t = { frames: [...pan.frames, ...zoom.frames], renders: [...pan.renders, ...zoom.renders] }
  const cdp = await ctx.newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = await cdp.send('Runtime.getHeapUsage') as { usedSize: number }
  await page.screenshot({ path: join(ROOT, `bench/out/ui-${view.replace(/\W+/g, '-')}.png`) })
  await page.close()
  return {
    view, firstRenderMs, drawnNodes: drawn.drawnNodes, drawnEdges: drawn.drawnEdges,
    frameP50: pct(t.frames, 50), frameP95: pct(t.frames, 95),
    renderP50: pct(t.renders, 50), renderP95: pct(t.renders, 95), renderMax: Math.max(...t.renders),
    heapMiB: heap.usedSize / 2 ** 20,
  }
}

/**
 * Peer: cytoscape.js (canvas, and its WebGL mode) on a bare page, given the same graph at the
 * same positions (our layout), hosts and namespaces as compound nodes: what the UI would cost
 * with the other well-kept library. No app, no network: a lower bound for that library.
 */
async function measureCytoscape(ctx: BrowserContext, graph: { Nodes: WireNode[]; Edges: WireEdge[] }, webgl: boolean): Promise<Measure> {
  const bundle = await build({ stdin: { contents: "import cytoscape from 'cytoscape'; globalThis.cytoscape = cytoscape", resolveDir: ROOT },
    bundle: true, format: 'iife', minify: true, write: false, logLevel: 'silent' })
  const store = new TopologyStore()
  store.replace(graph)
  const layout = new StableLayout().run(layoutNodes(store))
  const parentOf = (id: string): string | undefined => {
    const owner = store.ownerOf(id)
    return owner && layout.boxes.has(owner) ? owner : owner ? parentOf(owner) : undefined
  }
  const elements = [
    ...graph.Nodes.map((n) => {
      const p = layout.positions.get(n.ID)!
      const parent = parentOf(n.ID)
      return { data: { id: n.ID, label: String(n.Metadata['Name'] ?? ''), ...(parent ? { parent } : {}) }, position: { x: p.x * 40, y: p.y * 40 } }
    }),
    ...graph.Edges.filter((e) => !isOwnership(e)).map((e) => ({ data: { id: e.ID, source: e.Parent, target: e.Child } })),
  ]
  const page = await ctx.newPage()
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.setContent('<div id="cy" style="position:absolute;inset:0"></div>')
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text })
  const r = await page.evaluate(async ({ elements, webgl }) => {
    type Cy = { on(ev: string, f: () => void): void; pan(p?: { x: number; y: number }): { x: number; y: number }; zoom(z?: number): number; fit(): void; nodes(): { length: number }; edges(): { length: number } }
    const w = globalThis as unknown as { cytoscape(o: unknown): Cy; document: { getElementById(id: string): unknown }; requestAnimationFrame(f: () => void): number }
    const t0 = performance.now()
    const cy = w.cytoscape({
      container: w.document.getElementById('cy'), elements, layout: { name: 'preset' },
      renderer: { name: 'canvas', webgl },
      style: [
        { selector: 'node', style: { width: 12, height: 12, label: 'data(label)', 'font-size': 8, 'min-zoomed-font-size': 6 } },
        { selector: ':parent', style: { 'background-opacity': 0.06, 'border-width': 1 } },
        { selector: 'edge', style: { width: 1 } },
      ],
    })
    await new Promise<void>((res) => cy.on('render', () => res()))
    await new Promise((res) => w.requestAnimationFrame(() => res(undefined)))
    const firstRenderMs = performance.now() - t0
    return { firstRenderMs, drawnNodes: cy.nodes().length, drawnEdges: cy.edges().length }
  }, { elements, webgl })
  // 180 input events; when frames take seconds the interaction would last minutes: give up at 60 s
  let timer: ReturnType<typeof setTimeout> | undefined
  const done = await Promise.race([interact(page, { x: 0, y: 0, width: 1600, height: 1000 }),
    new Promise<undefined>((res) => { timer = setTimeout(() => res(undefined), 60_000) })]).finally(() => clearTimeout(timer))
  const frames = done ? [...done.pan.frames, ...done.zoom.frames] : []
  const cdp = await ctx.newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = await cdp.send('Runtime.getHeapUsage') as { usedSize: number }
  await page.screenshot({ path: join(ROOT, `bench/out/ui-cytoscape-${webgl ? 'webgl' : 'canvas'}-${graph.Nodes.length}.png`) })
  await page.close()
  return {
    view: `peer: cytoscape.js ${webgl ? 'WebGL mode' : 'canvas'}, compound boxes${done ? '' : ' (2 s of pan/zoom input not absorbed in 60 s)'}`, firstRenderMs: r.firstRenderMs, drawnNodes: r.drawnNodes, drawnEdges: r.drawnEdges,
    frameP50: pct(frames, 50), frameP95: pct(frames, 95), renderP50: NaN, renderP95: NaN, renderMax: NaN, heapMiB: heap.usedSize / 2 ** 20,
  }
}

/** Runs `f` in a fresh Chromium profile (cold caches every time), closed afterwards even if it crashed. */
async function withBrowser<T>(f: (ctx: BrowserContext) => Promise<T>): Promise<T> {
  const userDir = mkdtempSync(join(tmpdir(), 'sdt-ui-bench-chrome-'))
  const ctx = await chromium.launchPersistentContext(userDir, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  try {
    return await f(ctx)
  } finally {
    await ctx.close().catch(() => {})
    rmSync(userDir, { recursive: true, force: true })
  }
}

const line = (nodes: number, edges: number, m: Measure) => console.log(`${nodes} nodes / ${edges} edges, ${m.view}: first render ${m.firstRenderMs.toFixed(0)} ms, ` +
  `drawn ${m.drawnNodes}/${m.drawnEdges}, frame p50 ${m.frameP50.toFixed(1)} p95 ${m.frameP95.toFixed(1)} ms, ` +
  `render p50 ${m.renderP50.toFixed(1)} p95 ${m.renderP95.toFixed(1)} max ${m.renderMax.toFixed(1)} ms, heap ${m.heapMiB.toFixed(1)} MiB`)

async function main(): Promise<void> {
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true })
  const results: Array<Measure & { nodes: number; edges: number }> = []
  const record = (nodes: number, edges: number, m: Measure) => {
    results.push({ nodes, edges, ...m })
    line(nodes, edges, m)
  }
  const sizes = [[5000, 10000], [1223, 2200]] as const
  for (const [nodes, edges] of process.env['UI_BENCH_APP'] === '0' ? [] : sizes) {
    const port = await freePort()
    const analyzer = await startAnalyzer(port)
    try {
      const pub = await publish(port, syntheticTopology(nodes, edges))
      for (const [view, q] of [['collapsed (default)', ''], ['expanded', '?expanded=1']] as const) {
        const m = await withBrowser((ctx) => measure(ctx, `http://127.0.0.1:${port}/${q}`, `${nodes}-${view}`))
        record(nodes, edges, { ...m, view })
      }
      pub.close()
    } finally {
      analyzer.kill('SIGTERM')
    }
  }
  // peers last: cytoscape's WebGL mode has crashed headless Chromium here (UI_BENCH_PEERS=0 skips them)
  for (const webgl of process.env['UI_BENCH_PEERS'] === '0' ? [] : [false, true]) {
    for (const [nodes, edges] of sizes) {
      try {
        let timer: ReturnType<typeof setTimeout> | undefined
        const timeout = new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error('no first render within 180 s')), 180_000) })
        record(nodes, edges, await Promise.race([withBrowser((ctx) => measureCytoscape(ctx, syntheticTopology(nodes, edges), webgl)), timeout]).finally(() => clearTimeout(timer)))
      } catch (err) {
        console.log(`${nodes} nodes / ${edges} edges, peer: cytoscape.js ${webgl ? 'WebGL mode' : 'canvas'}: failed: ${(err as Error).message.split('\n')[0]}`)
      }
    }
  }
  writeFileSync(join(ROOT, 'bench/out/ui.json'), JSON.stringify(results, null, 2))
  console.log('\n| topology | view | first complete render | drawn nodes/edges | frame p50 / p95 | render p50 / p95 / max | JS heap |')
  console.log('|---|---|---|---|---|---|---|')
  for (const r of results) {
    console.log(`| ${r.nodes.toLocaleString('en')} nodes, ${r.edges.toLocaleString('en')} edges | ${r.view} | ${r.firstRenderMs.toFixed(0)} ms | ${r.drawnNodes}/${r.drawnEdges} | ` +
      `${r.frameP50.toFixed(1)} / ${r.frameP95.toFixed(1)} ms | ${Number.isNaN(r.renderP50) ? '—' : `${r.renderP50.toFixed(1)} / ${r.renderP95.toFixed(1)} / ${r.renderMax.toFixed(1)} ms`} | ${r.heapMiB.toFixed(1)} MiB |`)
  }
}

// run only when executed, not when imported for its topology generator
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main()
