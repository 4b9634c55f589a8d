// The web UI in headless Chromium against a real analyzer and a real agent (no auth): counts,
// live updates from kernel changes, Gremlin console, captures, pcap flows, flow matrix.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ROOT, cleanupKernel, freePort, gremlin, launchBrowser, screenshot, sh, skipReason, startSkydive, waitFor, waitForProcess, waitText,
  type Browser, type PageGlobals, type SkydiveProcess,
} from './ui-harness.js'
import type { Page } from 'playwright-core'

const PREFIX = 'sdt-ui-'
const HOST_ID = 'sdt-ui-host'
const skip = skipReason()

// Runs in the page (a string: the tests compile without DOM types). Lists the flow matrix
// arrows hidden under the process pills and the labels drawn over a pill or a host name.
const MATRIX_FAULTS = `(() => {
  const svg = document.querySelector('[data-testid=matrix-svg]')
  const pills = [...svg.querySelectorAll('rect.proc')].map((r) => r.getBBox())
  const names = [...svg.querySelectorAll('text.cluster-label, text.proc-label')].map((t) => t.getBBox())
  const inside = (p, b) => p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height
  const meet = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
  const faults = []
  for (const g of svg.querySelectorAll('g.conn')) {
    const path = g.querySelector('path'), text = g.querySelector('text')
    const len = path.getTotalLength()
    let outside = 0
    for (let s = 0; s < len; s += 1) if (!pills.some((b) => inside(path.getPointAtLength(s), b))) outside += 1
    if (outside < 20) faults.push(text.textContent + ': only ' + outside + ' px of its arrow outside the pills')
    const t = text.getBBox()
    if (pills.concat(names).some((b) => meet(t, b))) faults.push(text.textContent + ': label over a pill or a name')
  }
  return faults
})()`

// Runs in the page with a screenshot of it (base64 PNG): how many drawn nodes show on the
// graph canvas, i.e. whose page position (as sigma computes it) is inside the canvas, off the
// legend and status bar, and has a pixel (3x3 around the centre) far from the background.
const VISIBLE_NODES = (png: string) => `(async () => {
  const img = new Image()
  img.src = 'data:image/png;base64,${png}'
  await img.decode()
  const c = document.createElement('canvas')
  c.width = img.width; c.height = img.height
  const ctx = c.getContext('2d')
  ctx.drawImage(img, 0, 0)
  const px = ctx.getImageData(0, 0, c.width, c.height).data
  const r = window.devicePixelRatio || 1
  const within = (p, el) => { const b = document.querySelector(el).getBoundingClientRect(); return p.x >= b.left && p.x <= b.right && p.y >= b.top && p.y <= b.bottom }
  const s = window.__skydive
  let shown = 0
  for (const id of Object.keys(s.view.snapshot().positions)) {
    const p = s.view.pagePositionOf(id)
    if (!p || !within(p, '[data-testid=graph]') || within(p, '[data-testid=legend]') || within(p, '[data-testid=status]')) continue
    let far = 0
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
      const i = (Math.round((p.y + dy) * r) * c.width + Math.round((p.x + dx) * r)) * 4
      far = Math.max(far, Math.abs(px[i] - 251) + Math.abs(px[i + 1] - 252) + Math.abs(px[i + 2] - 253))
    }
    if (far > 90) shown++
  }
  return shown
})()`

// A shared 2-core machine renders WebGL in software: generous timeouts, no timing assertion.
describe.skipIf(skip !== undefined)(`web UI on a real analyzer and agent${skip ? ` (skipped: ${skip})` : ''}`, { timeout: 120_000 }, () => {
  let analyzer: SkydiveProcess
  let agent: SkydiveProcess
  let browser: Browser
  let base = ''
  const g = () => browser.page

  beforeAll(async () => {
    cleanupKernel(PREFIX)
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    analyzer = startSkydive(['analyzer', '--listen', `127.0.0.1:${port}`, '--host-id', 'sdt-ui-analyzer'])
    await waitForProcess(analyzer, 'the analyzer to answer', async () => ((await fetch(`${base}/api`)).ok ? true : undefined))
    agent = startSkydive(['agent', '--analyzer', `127.0.0.1:${port}`, '--host-id', HOST_ID])
    await waitForProcess(agent, 'the agent host node', async () => ((await gremlin(base, `G.V().Has('Name', '${HOST_ID}')`)) as unknown[]).length > 0 ? true : undefined)
    browser = await launchBrowser()
    await g().goto(base)
    await g().waitForFunction(() => (globalThis as unknown as PageGlobals).__skydive?.firstRenderMs, undefined, { timeout: 30_000 })
    // a marker that a reload would erase
    await g().evaluate(() => { (globalThis as unknown as PageGlobals).__marker = 42 })
  })

  afterAll(async () => {
    await browser?.close()
    await agent?.stop()
    await analyzer?.stop()
    cleanupKernel(PREFIX)
  })

  const apiCount = async (q: string) => Number(await gremlin(base, q))
  const domCount = async (testId: string) => Number(await g().getByTestId(testId).textContent())
  const marker = () => g().evaluate(() => (globalThis as unknown as PageGlobals).__marker)
  const snapshot = () => g().evaluate(() => (globalThis as unknown as PageGlobals).__skydive!.view.snapshot())

  it('shows a one-machine graph readable after load: interface dots of 10 px or more, a short label uncut, all on screen', async () => {
    type Shown = { name: string; diameter: number; label: string; x: number; y: number }
    const shown = await waitFor('the first fit to settle on the interfaces', () => g().evaluate(() => {
      const s = (globalThis as unknown as PageGlobals).__skydive!
      const view = s.view as typeof s.view & { onScreen(id: string): { diameter: number; label: string } | undefined; camera: { isAnimated(): boolean } }
      if (view.camera.isAnimated()) return undefined
      const out: Shown[] = []
      for (const n of s.controller.store.nodes.values()) {
        const at = typeof n.Metadata['IfIndex'] === 'number' ? view.onScreen(n.ID) : undefined
        const p = view.pagePositionOf(n.ID)
        if (at && p) out.push({ name: String(n.Metadata['Name']), ...at, ...p })
      }
      return out.length ? out : undefined
    }))
    await screenshot(g(), 'ui-first-view')
    const box = (await g().getByTestId('graph').boundingBox())!
    for (const i of shown) {
      expect(i.diameter, `${i.name} dot diameter`).toBeGreaterThanOrEqual(10)
      expect(i.x > box.x && i.x < box.x + box.width && i.y > box.y && i.y < box.y + box.height, `${i.name} on screen`).toBe(true)
    }
    const short = shown.filter((i) => i.name === 'lo' || i.name === 'eth0')
    expect(short.length).toBeGreaterThan(0)
    for (const i of short) expect(i.label).toBe(i.name)
  })

  it('shows as many hosts and interfaces as the API reports, and draws every node when expanded', async () => {
    const [hosts, interfaces] = await waitFor('the page counts to match the API', async () => {
      const api = [await apiCount("G.V().Has('Type', 'host').Count()"), await apiCount("G.V().HasKey('IfIndex').Count()")]
      const dom = [await domCount('count-hosts'), await domCount('count-interfaces')]
      return api[0] === dom[0] && api[1] === dom[1] ? (dom as [number, number]) : undefined
    })
    expect(hosts).toBeGreaterThanOrEqual(1)
    expect(interfaces).toBeGreaterThanOrEqual(1)
    await waitText(g().getByTestId('status'), `${hosts} host${hosts === 1 ? '' : 's'} · `)
    await g().getByTestId('expand-all').click()
    const drawn = await waitFor('every node drawn', async () => {
      const [api, dom] = [await apiCount('G.V().Count()'), await domCount('drawn-nodes')]
      return api === dom ? dom : undefined
    })
    expect(drawn).toBeGreaterThan(hosts)
    await waitText(g().getByTestId('legend'), 'host')
    await screenshot(g(), 'ui-topology')
  })

  it('collapses hosts into one node with counts and expands a host when it is clicked', async () => {
    const hosts = await apiCount("G.V().Has('Type', 'host').Count()")
    await g().getByTestId('collapse-all').click()
    // drawn: hosts (collapsed) and nodes no host owns, nothing inside a host
    const drawn = await waitFor('only hosts and unowned nodes drawn', () => g().evaluate(() => {
      const s = (globalThis as unknown as PageGlobals).__skydive!
      const ids = Object.keys(s.view.snapshot().positions)
      return ids.every((id) => { const grp = s.controller.groupOf(id); return grp === undefined || grp === id }) ? ids : undefined
    }))
    expect(drawn.length).toBeGreaterThanOrEqual(hosts)
    const [host] = (await gremlin(base, `G.V().Has('Name', '${HOST_ID}')`)) as Array<{ ID: string }>
    const label = await g().evaluate((id) => {
      const s = (globalThis as unknown as PageGlobals).__skydive!
      return (s.view.snapshot().positions[id] ? (s.controller.store.nodes.get(id)?.Metadata['Name'] as string) : undefined)
    }, host!.ID)
    expect(label).toBe(HOST_ID)
    await screenshot(g(), 'ui-collapsed')
    const at = await waitFor('the collapsed host on screen', () => g().evaluate((id) => (globalThis as unknown as PageGlobals).__skydive!.view.pagePositionOf(id), host!.ID))
    await g().mouse.click(at.x, at.y)
    // every node of the page's graph drawn again (the machine's namespaces may come and go meanwhile)
    await waitFor('the host expanded', async () => ((await domCount('drawn-nodes')) === (await domCount('count-nodes')) ? true : undefined))
    await waitText(g().getByTestId('node-panel'), HOST_ID)
  })

  it('focuses the node whose IP or MAC is typed in the search box and shows its metadata', async () => {
    const ifaces = (await gremlin(base, `G.V().Has('Name', '${HOST_ID}').Out().HasKey('MAC')`)) as Array<{ ID: string; Metadata: Record<string, unknown> }>
    const withIp = ifaces.find((n) => Array.isArray(n.Metadata['IPV4']) && (n.Metadata['IPV4'] as string[]).length > 0)
    const target = withIp ?? ifaces.find((n) => n.Metadata['MAC'] !== '00:00:00:00:00:00') ?? ifaces[0]
    expect(target, 'an interface with a MAC on the agent host').toBeDefined()
    const term = withIp ? (withIp.Metadata['IPV4'] as string[])[0]!.split('/')[0]! : String(target!.Metadata['MAC'])
    await g().getByTestId('search').fill(term)
    await waitText(g().getByTestId('search-hits'), String(target!.Metadata['Name']))
    await g().getByTestId('search').press('Enter')
    await waitText(g().getByTestId('node-panel'), target!.ID)
    await waitText(g().getByTestId('node-panel'), term)
    await g().getByTestId('counters').or(g().getByText('No counters reported yet')).first().waitFor()
    await screenshot(g(), 'ui-search')
  })

  it('shows the host Sockets table with as many rows as the host node carries', async () => {
    await g().getByTestId('search').fill(HOST_ID)
    await g().getByTestId('search').press('Enter')
    await waitText(g().getByTestId('node-panel'), 'Sockets')
    const [host] = (await gremlin(base, `G.V().Has('Name', '${HOST_ID}')`)) as Array<{ ID: string; Metadata: { Sockets?: unknown[] } }>
    expect(host!.Metadata.Sockets?.length ?? 0).toBeGreaterThan(0)
    // the agent rewrites Sockets every few seconds: compare the table with the host node the page holds
    const rows = await waitFor('the table to list every socket of the host node', async () => {
      const n = await g().evaluate((id) => ((globalThis as unknown as PageGlobals).__skydive!.controller.store.nodes.get(id)?.Metadata['Sockets'] as unknown[] | undefined)?.length ?? 0, host!.ID)
      const text = await g().getByTestId('sockets-count').textContent().catch(() => null)
      return n > 0 && text?.includes(`${n} of ${n} rows`) ? n : undefined
    })
    expect(rows).toBeGreaterThan(0)
    await screenshot(g(), 'ui-host-sockets')
  })

  it('shows a veth pair created in new namespaces without reload, without moving other nodes on screen, and drops it when deleted', async () => {
    const before = await snapshot()
    const onPage = (ids: string[]) => waitFor('the camera at rest', () => g().evaluate((list) => {
      const s = (globalThis as unknown as PageGlobals).__skydive!
      if ((s.view as unknown as { camera: { isAnimated(): boolean } }).camera.isAnimated()) return undefined
      return list.map((id) => s.view.pagePositionOf(id))
    }, ids))
    const pageBefore = await onPage(Object.keys(before.positions))
    sh('ip', 'netns', 'add', `${PREFIX}ns1`)
    sh('ip', 'netns', 'add', `${PREFIX}ns2`)
    sh('ip', 'link', 'add', `${PREFIX}va`, 'netns', `${PREFIX}ns1`, 'type', 'veth', 'peer', 'name', `${PREFIX}vb`, 'netns', `${PREFIX}ns2`)
    const ids = await waitFor('the veth pair in the page', () => g().evaluate((prefix) => {
      const s = (globalThis as unknown as PageGlobals).__skydive!
      const byName = (name: string) => [...s.controller.store.nodes.values()].find((n) => n.Metadata['Name'] === name)?.ID
      const a = byName(`${prefix}va`), b = byName(`${prefix}vb`)
      const snap = s.view.snapshot()
      const linked = snap.edges.some(([x, y]) => (x === a && y === b) || (x === b && y === a))
      return a && b && snap.positions[a] && snap.positions[b] && linked ? [a, b] : undefined
    }, PREFIX))
    expect(ids).toHaveLength(2)
    expect(await marker()).toBe(42)
    const after = await snapshot()
    const moved = Object.entries(before.positions)
      .filter(([id, p]) => after.positions[id] && (after.positions[id]!.x !== p.x || after.positions[id]!.y !== p.y))
    expect(moved).toEqual([])
    // the camera stays where it was: only the first view and "Fit" frame the content
    const pageAfter = await onPage(Object.keys(before.positions))
    const jumped = pageBefore.filter((p, i) => p && pageAfter[i] && Math.hypot(p.x - pageAfter[i]!.x, p.y - pageAfter[i]!.y) > 0.5)
    expect(jumped).toEqual([])
    await screenshot(g(), 'ui-veth-added')

    sh('ip', 'netns', 'del', `${PREFIX}ns1`)
    sh('ip', 'netns', 'del', `${PREFIX}ns2`)
    await waitFor('the veth pair to leave the page', () => g().evaluate((gone) => {
      const s = (globalThis as unknown as PageGlobals).__skydive!
      const snap = s.view.snapshot()
      return gone.every((id) => !s.controller.store.nodes.has(id) && !snap.positions[id]) ? true : undefined
    }, ids))
    expect(await marker()).toBe(42)
    await screenshot(g(), 'ui-veth-removed')
  })

  it('highlights exactly the nodes a Gremlin query typed in the console returns, and shows analyzer errors verbatim', async () => {
    const query = `G.V().Has('Name', '${HOST_ID}').Out().Has('Type', 'device')`
    await g().getByTestId('tab-gremlin').click()
    await g().getByTestId('gremlin-input').fill(query)
    await g().getByTestId('gremlin-run').click()
    await g().getByTestId('gremlin-summary').waitFor()
    const api = ((await gremlin(base, query)) as Array<{ ID: string }>).map((n) => n.ID).sort()
    expect(api.length).toBeGreaterThan(0)
    const highlighted = await waitFor('the highlight', async () => {
      const h = (await snapshot()).highlighted.sort()
      return h.length ? h : undefined
    })
    expect(highlighted).toEqual(api)
    expect(await g().getByTestId('gremlin-table-count').textContent()).toContain(`${api.length} of ${api.length} rows`)
    await screenshot(g(), 'ui-gremlin')

    const bad = "G.V().Has('Type'"
    let apiError = ''
    try { await gremlin(base, bad) } catch (err) { apiError = (err as Error).message }
    expect(apiError).not.toBe('')
    await g().getByTestId('gremlin-input').fill(bad)
    await g().getByTestId('gremlin-run').click()
    await waitText(g().getByTestId('gremlin-error'), apiError, { exact: true })
  })

  it('walks the console history with the arrow keys and shows a result as JSON', async () => {
    const first = `G.V().Has('Name', '${HOST_ID}')`
    const second = "G.V().Has('Type', 'host').Count()"
    const input = g().getByTestId('gremlin-input')
    await g().getByTestId('tab-gremlin').click()
    for (const q of [first, second]) {
      await input.fill(q)
      await input.press('Enter')
      await g().getByTestId('gremlin-summary').waitFor()
    }
    await input.fill('')
    await input.press('ArrowUp')
    expect(await input.inputValue()).toBe(second)
    await input.press('ArrowUp')
    expect(await input.inputValue()).toBe(first)
    await input.press('ArrowDown')
    expect(await input.inputValue()).toBe(second)
    await input.press('ArrowUp')
    await input.press('Enter')
    const [host] = (await gremlin(base, first)) as Array<{ ID: string }>
    await waitText(g().getByTestId('gremlin-table'), HOST_ID)
    await g().getByTestId('gremlin').getByRole('button', { name: 'JSON', exact: true }).click()
    const json = JSON.parse(await waitText(g().getByTestId('gremlin-json'), host!.ID)) as Array<{ ID: string }>
    expect(json.map((n) => n.ID)).toEqual([host!.ID])
  })

  it('creates a capture on the selected interface from the UI and deletes it', async () => {
    const [iface] = (await gremlin(base, `G.V().Has('Name', '${HOST_ID}').Out().HasKey('IfIndex')`)) as Array<{ ID: string; Metadata: Record<string, unknown> }>
    expect(iface).toBeDefined()
    await g().evaluate(() => (globalThis as unknown as PageGlobals).__skydive!.controller.setAllCollapsed(false))
    const at = await waitFor('the interface on screen', () => g().evaluate((id) => (globalThis as unknown as PageGlobals).__skydive!.view.pagePositionOf(id), iface!.ID))
    await g().mouse.click(at.x, at.y)
    await waitText(g().getByTestId('node-panel'), String(iface!.Metadata['Name']))
    await g().getByTestId('capture-here').click()
    await g().getByTestId('capture-bpf').fill('tcp port 80')
    const query = await g().getByTestId('capture-query').inputValue()
    expect(query).toContain(String(iface!.Metadata['TID'] ?? iface!.ID))
    await g().getByTestId('capture-create').click()
    await waitText(g().getByTestId('capture-notice'), 'created')
    const list = async () => Object.values((await (await fetch(`${base}/api/capture`)).json()) as Record<string, { UUID: string; GremlinQuery: string; BPFFilter?: string }>)
    const created = (await list()).find((c) => c.GremlinQuery === query && c.BPFFilter === 'tcp port 80')
    expect(created).toBeDefined()
    await waitText(g().getByTestId('capture-list'), created!.UUID)
    await screenshot(g(), 'ui-capture')
    await g().getByTestId('capture-list').locator('tr', { hasText: created!.UUID }).getByTestId('capture-delete').click()
    await waitText(g().getByTestId('capture-notice'), 'deleted')
    expect((await list()).some((c) => c.UUID === created!.UUID)).toBe(false)
  })

  it('shows the analyzer\'s words when the BPF filter does not compile, and creates nothing', async () => {
    const bad = 'tcp port'
    const query = await g().getByTestId('capture-query').inputValue()
    const res = await fetch(`${base}/api/capture`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ GremlinQuery: query, BPFFilter: bad }) })
    expect(res.status).toBe(400)
    const apiError = (await res.text()).trim()
    expect(apiError).toContain(bad)
    await g().getByTestId('capture-bpf').fill(bad)
    await g().getByTestId('capture-create').click()
    await waitText(g().getByTestId('capture-error'), apiError, { exact: true })
    expect(await g().getByTestId('capture-notice').count()).toBe(0)
    const captures = Object.values((await (await fetch(`${base}/api/capture`)).json()) as Record<string, { BPFFilter?: string }>)
    expect(captures.some((c) => c.BPFFilter === bad)).toBe(false)
    await screenshot(g(), 'ui-capture-bad-bpf')
  })

  it('shows the flows of a reference pcap uploaded from the page', async () => {
    const pcap = [join(ROOT, 'test/fixtures/pcaps/simple-tcpv4.pcap'), join(ROOT, '../shared/pcaps/simple-tcpv4.pcap')].find(existsSync)
    expect(pcap, 'simple-tcpv4.pcap in test/fixtures/pcaps or ../shared/pcaps').toBeDefined()
    await g().getByTestId('tab-flows').click()
    await g().getByTestId('pcap-file').setInputFiles(pcap!)
    await g().getByTestId('pcap-upload').click()
    await waitText(g().getByTestId('flows-notice'), 'uploaded')
    // spec/flows.md §5.2: exactly one flow 192.168.0.2:36108 -> 192.168.0.1:3333, AB 5 packets
    const row = g().getByTestId('flow-table').locator('tbody tr', { hasText: '36108' })
    await waitText(row, '192.168.0.2')
    await waitText(row, '192.168.0.1')
    await waitText(row, '3333')
    const apiFlows = (await gremlin(base, 'G.Flows()')) as unknown[]
    await waitText(g().getByTestId('flow-table-count'), `${apiFlows.length} of ${apiFlows.length} rows`)
    await screenshot(g(), 'ui-flows')
  })

  it('refreshes the flows table by itself when a pcap reaches the analyzer from elsewhere, and filters and sorts it by column', async () => {
    const pcap = [join(ROOT, 'test/fixtures/pcaps/dns.pcap'), join(ROOT, '../shared/pcaps/dns.pcap')].find(existsSync)
    expect(pcap, 'dns.pcap in test/fixtures/pcaps or ../shared/pcaps').toBeDefined()
    await g().getByTestId('tab-flows').click()
    const res = await fetch(`${base}/api/pcap`, { method: 'POST', headers: { 'Content-Type': 'application/vnd.tcpdump.pcap' }, body: readFileSync(pcap!) })
    expect(res.ok).toBe(true)
    type Flow = { Application?: string; Transport?: { A?: number } }
    const flows = (await gremlin(base, 'G.Flows()')) as Flow[]
    // no click: the live table polls G.Flows()
    await waitText(g().getByTestId('flow-table-count'), `${flows.length} of ${flows.length} rows`)
    const dns = flows.filter((f) => (f.Application ?? '').toLowerCase().includes('dns'))
    expect(dns.length).toBeGreaterThan(0)
    expect(dns.length).toBeLessThan(flows.length)
    await g().getByLabel('Filter App', { exact: true }).fill('dns')
    await waitText(g().getByTestId('flow-table-count'), `${dns.length} of ${flows.length} rows`)
    const portA = async () => (await g().getByTestId('flow-table').locator('tbody tr td:nth-child(4)').allTextContents()).map(Number)
    const ports = dns.map((f) => f.Transport?.A ?? 0)
    await g().getByTestId('flow-table').locator('thead th', { hasText: 'Port A' }).click()
    const ascending = [...ports].sort((a, b) => a - b)
    await waitFor('Port A ascending', async () => (JSON.stringify(await portA()) === JSON.stringify(ascending) ? true : undefined))
    await g().getByTestId('flow-table').locator('thead th', { hasText: 'Port A' }).click()
    const descending = [...ports].sort((a, b) => b - a)
    await waitFor('Port A descending', async () => (JSON.stringify(await portA()) === JSON.stringify(descending) ? true : undefined))
    await g().getByLabel('Filter Port A', { exact: true }).fill(`>${Math.min(...ports)}`)
    await waitText(g().getByTestId('flow-table-count'), `${ports.filter((p) => p > Math.min(...ports)).length} of ${flows.length} rows`)
    await screenshot(g(), 'ui-flows-filtered')
    await g().getByLabel('Filter Port A', { exact: true }).fill('')
    await g().getByLabel('Filter App', { exact: true }).fill('')
  })

  it('shows the flow matrix rows the analyzer computes with the flow-matrix core, the rows `skydive flow-matrix` prints', async () => {
    // same service as the CLI: equal rows (retried: the agent rescans sockets as connections come and go)
    await waitFor('the endpoint and the CLI to print the same rows', async () => {
      const cli = JSON.parse(sh(process.execPath, join(ROOT, 'bin/skydive'), 'flow-matrix', '--analyzer', base.replace('http://', ''), '--format', 'json')) as { rows: unknown[] }
      const endpoint = (await (await fetch(`${base}/api/flowmatrix`)).json()) as { rows: unknown[] }
      return JSON.stringify(cli.rows) === JSON.stringify(endpoint.rows) ? true : undefined
    }, 40_000)
    const api = (await (await fetch(`${base}/api/flowmatrix`)).json()) as { rows: Array<{ server: string }> }
    await g().getByTestId('tab-matrix').click()
    if (api.rows.length === 0) {
      await waitText(g().getByTestId('flow-matrix'), 'No connection')
    } else {
      await waitText(g().getByTestId('matrix-table-count'), `${api.rows.length} of ${api.rows.length} rows`)
      await waitText(g().getByTestId('matrix-svg'), api.rows[0]!.server)
      // every arrow shows at least 20 px outside the process pills (an arrow between two pills of
      // one host once ran under them), and no label lies on a pill or a host name
      const faults = await g().evaluate(MATRIX_FAULTS) as string[]
      expect(faults).toEqual([])
    }
    await screenshot(g(), 'ui-flow-matrix')
  })

  it('draws the arrow between two processes of one host beside their pills, its label clear of them', async () => {
    // the page's own stream is such a connection (chromium -> the analyzer) once the agent's socket scan sees it
    type Row = { client: string; server: string; client_procname: string; server_procname: string }
    const row = await waitFor('a connection between two processes of one host', async () => {
      const { rows } = (await (await fetch(`${base}/api/flowmatrix`)).json()) as { rows: Row[] }
      return rows.find((r) => r.client === r.server && r.client_procname !== r.server_procname)
    }, 40_000)
    await g().getByTestId('tab-matrix').click()
    await g().getByTestId('flow-matrix').getByRole('button', { name: 'refresh' }).click()
    await waitText(g().getByTestId('matrix-svg'), row.client_procname)
    await waitText(g().getByTestId('matrix-svg'), row.server_procname)
    expect(await g().evaluate(MATRIX_FAULTS) as string[]).toEqual([])
    await screenshot(g(), 'ui-flow-matrix-same-host')
  })
  it('widens the side panel when its left border is dragged: the Flows table shows its last column, the graph follows, the width survives a reload', async () => {
    // a 1920 px window: at most 75 % for the panel, room for every flow column
    await g().setViewportSize({ width: 1920, height: 1000 })
    try {
      const box = async (l: ReturnType<Page['getByTestId']>) => (await l.boundingBox())!
      const panel = g().getByTestId('side-panel')
      const graph = g().getByTestId('graph')
      const lastHead = g().getByTestId('flow-table').locator('thead tr').first().locator('th').last()
      const visibleNodes = async () => g().evaluate(VISIBLE_NODES((await g().screenshot()).toString('base64'))) as Promise<number>
      await g().getByTestId('tab-flows').click()
      await g().getByTestId('flow-table').locator('tbody tr').first().waitFor()
      await g().evaluate(() => (globalThis as unknown as PageGlobals).__skydive!.controller.setAllCollapsed(false))
      const p0 = await box(panel)
      const g0 = await box(graph)
      const h0 = await box(lastHead)
      expect(p0.width).toBe(480)
      expect(h0.x + h0.width, 'the last column cut off at the default width').toBeGreaterThan(p0.x + p0.width)
      expect(await waitFor('nodes drawn before the drag', async () => ((await visibleNodes()) > 0 ? true : undefined))).toBe(true)

      const handle = await box(g().getByTestId('side-resize'))
      const x = handle.x + handle.width / 2, y = handle.y + handle.height / 2
      await g().mouse.move(x, y)
      await g().mouse.down()
      await g().mouse.move(x - 400, y + 50, { steps: 8 })
      await g().mouse.move(x - 1200, y + 80, { steps: 8 }) // beyond the maximum
      await g().mouse.up()
      const p1 = await waitFor('the panel wider', async () => { const b = await box(panel); return b.width > p0.width ? b : undefined })
      expect(p1.width).toBe(Math.floor(1920 * 0.75))
      expect(p1.x + p1.width).toBe(p0.x + p0.width)
      const h1 = await box(lastHead)
      expect(h1.x).toBeGreaterThanOrEqual(p1.x)
      expect(h1.x + h1.width, 'the last column inside the panel').toBeLessThanOrEqual(p1.x + p1.width)
      expect(await g().evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('skydive.sidePanelWidth'))).toBe(String(p1.width))

      // the graph gave up what the panel took, and sigma redrew at the new size, not stretched
      const g1 = await waitFor('the graph canvas narrower', async () => { const b = await box(graph); return b.width < g0.width ? b : undefined })
      expect(g1.width).toBeCloseTo(g0.width - (p1.width - p0.width), 0)
      // within a few frames, with no topology update needed to make sigma render (the agent's
      // updates would eventually resize it anyway: waiting for frames, not retrying, tells them apart)
      const layers = await g().evaluate(`(async () => {
        for (let i = 0; i < 5; i++) await new Promise((r) => requestAnimationFrame(r))
        return [...document.querySelectorAll('[data-testid=graph] canvas')].map((c) => Math.round(c.getBoundingClientRect().width))
      })()`) as number[]
      expect(layers.length).toBeGreaterThan(1)
      expect(layers, 'every canvas layer as wide as the graph').toEqual(layers.map(() => Math.round(g1.width)))
      expect(await waitFor('nodes drawn after the drag', async () => ((await visibleNodes()) > 0 ? true : undefined))).toBe(true)
      await screenshot(g(), 'ui-side-panel-wide')

      // remembered across a reload
      await g().reload()
      await g().waitForFunction(() => (globalThis as unknown as PageGlobals).__skydive?.firstRenderMs, undefined, { timeout: 30_000 })
      expect((await box(panel)).width).toBe(p1.width)

      // double-click: back to the default width
      await g().getByTestId('side-resize').dblclick()
      await waitFor('the default width', async () => ((await box(panel)).width === 480 ? true : undefined))
    } finally {
      await g().setViewportSize({ width: 1500, height: 900 })
    }
  })
})
