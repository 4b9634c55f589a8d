// The web UI on a graph above the collapse threshold (upstream's largest UI fixture size,
// 1,223 nodes / 2,200 edges, from the benchmark's generator, published on /ws/publisher to a
// real analyzer): hosts start collapsed, a search reveals the node inside its host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { syntheticTopology } from '../../bench/ui.bench.js'
import {
  freePort, gremlin, launchBrowser, screenshot, skipReason, startSkydive, waitFor, waitForProcess, waitText,
  type Browser, type PageGlobals, type SkydiveProcess,
} from './ui-harness.js'

const skip = skipReason()

describe.skipIf(skip !== undefined)(`web UI on a large published graph${skip ? ` (skipped: ${skip})` : ''}`, { timeout: 120_000 }, () => {
  const graph = syntheticTopology(1223, 2200)
  let analyzer: SkydiveProcess
  let ws: WebSocket | undefined
  let browser: Browser
  let base = ''
  const g = () => browser.page
  const domCount = async (testId: string) => Number(await g().getByTestId(testId).textContent())

  beforeAll(async () => {
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    analyzer = startSkydive(['analyzer', '--listen', `127.0.0.1:${port}`, '--host-id', 'sdt-ui-scale-analyzer'])
    await waitForProcess(analyzer, 'the analyzer to answer', async () => ((await fetch(`${base}/api`)).ok ? true : undefined))
    const pub = new WebSocket(`ws://127.0.0.1:${port}/ws/publisher`, {
      headers: { 'X-Host-ID': 'sdt-ui-scale-pub', 'X-Client-Type': 'test', 'X-Persistence-Policy': 'DeleteOnDisconnect' },
    })
    ws = pub
    await new Promise((res, rej) => { pub.once('open', res); pub.once('error', rej) })
    pub.send(JSON.stringify({ Namespace: 'Graph', Type: 'Sync', Obj: graph }))
    await waitForProcess(analyzer, 'the published graph', async () => (Number(await gremlin(base, 'G.V().Count()')) === graph.Nodes.length ? true : undefined))
    browser = await launchBrowser()
    await g().goto(base)
    await g().waitForFunction(() => (globalThis as unknown as PageGlobals).__skydive?.firstRenderMs, undefined, { timeout: 60_000 })
  })

  afterAll(async () => {
    await browser?.close()
    ws?.close()
    await analyzer?.stop()
  })

  it('starts with every host collapsed into one node when the graph is above the threshold', async () => {
    expect(graph.Nodes.length).toBeGreaterThan(400)
    const hosts = Number(await gremlin(base, "G.V().Has('Type', 'host').Count()"))
    expect(hosts).toBeGreaterThan(1)
    await waitFor('the whole graph in the page', async () => ((await domCount('count-nodes')) === graph.Nodes.length ? true : undefined))
    expect(await domCount('count-hosts')).toBe(hosts)
    expect(await domCount('drawn-nodes')).toBe(hosts)
    const notHeads = await g().evaluate(() => {
      const s = (globalThis as unknown as PageGlobals).__skydive!
      return Object.keys(s.view.snapshot().positions).filter((id) => s.controller.groupOf(id) !== id)
    })
    expect(notHeads).toEqual([])
    await screenshot(g(), 'ui-scale-collapsed')
  })

  it('expands the host of a node found by IP and focuses that node, leaving the other hosts collapsed', async () => {
    const [target] = (await gremlin(base, "G.V().Has('IPV4', '10.0.3.1/16')")) as Array<{ ID: string; Metadata: { Name: string } }>
    expect(target).toBeDefined()
    await g().getByTestId('search').fill('10.0.3.1')
    await waitText(g().getByTestId('search-hits'), target!.Metadata.Name)
    await g().getByTestId('search').press('Enter')
    await waitText(g().getByTestId('node-panel'), target!.ID)
    const drawn = await waitFor('the node drawn inside its expanded host', () => g().evaluate((id) => {
      const s = (globalThis as unknown as PageGlobals).__skydive!
      const ids = Object.keys(s.view.snapshot().positions)
      return ids.includes(id) ? ids : undefined
    }, target!.ID))
    const hosts = await domCount('count-hosts')
    const perHost = graph.Nodes.length / hosts
    // one host open (about a host's worth of nodes), the others still one node each
    expect(drawn.length).toBeGreaterThan(hosts)
    expect(drawn.length).toBeLessThan(hosts + 2 * perHost)
    await screenshot(g(), 'ui-scale-search')
  })
})
