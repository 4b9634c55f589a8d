// The web UI with basic auth on: the page asks for a login, /login sets the cookie the REST
// calls and the /ws/subscriber stream then carry, and a guest sees no write action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  freePort, launchBrowser, screenshot, skipReason, startSkydive, waitFor, waitForProcess, waitText, writeConfig,
  type Browser, type PageGlobals, type SkydiveProcess,
} from './ui-harness.js'

const skip = skipReason()

describe.skipIf(skip !== undefined)(`web UI with auth on${skip ? ` (skipped: ${skip})` : ''}`, { timeout: 120_000 }, () => {
  let analyzer: SkydiveProcess
  let agent: SkydiveProcess
  let base = ''
  let port = 0

  beforeAll(async () => {
    port = await freePort()
    base = `http://127.0.0.1:${port}`
    const config = writeConfig([
      'analyzer:',
      `  listen: 127.0.0.1:${port}`,
      '  auth:',
      '    api:',
      '      backend: sdtui',
      'auth:',
      '  sdtui:',
      '    type: basic',
      '    users:',
      '      admin: sdt-ui-admin-pw',
      '      viewer: sdt-ui-viewer-pw',
      'rbac:',
      '  policy:',
      '    - "g, viewer, guest"',
      '',
    ].join('\n'))
    analyzer = startSkydive(['analyzer', '--config', config, '--host-id', 'sdt-ui-auth-analyzer'])
    await waitForProcess(analyzer, 'the analyzer to answer', async () => ((await fetch(`${base}/api`)).status === 401 ? true : undefined))
    // agents use the cluster backend, noauth here
    agent = startSkydive(['agent', '--analyzer', `127.0.0.1:${port}`, '--host-id', 'sdt-ui-auth-host'])
  })

  afterAll(async () => {
    await agent?.stop()
    await analyzer?.stop()
  })

  async function login(b: Browser, user: string, password: string): Promise<void> {
    await b.page.goto(base)
    await b.page.getByTestId('login-form').waitFor()
    await b.page.fill('input[name=username]', user)
    await b.page.fill('input[name=password]', password)
    await b.page.click('button[type=submit]')
  }

  /** Selects an interface (lo, every host has one) through the search box. */
  async function selectLoopback(b: Browser): Promise<void> {
    await b.page.getByTestId('search').fill('lo')
    await b.page.getByTestId('search').press('Enter')
    await waitText(b.page.getByTestId('node-panel'), 'Counters')
  }

  it('serves the page without credentials but shows a login form, and refuses a wrong password with the analyzer\'s words', async () => {
    const page = await fetch(base)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('app.js')
    expect((await fetch(`${base}/api/topology`)).status).toBe(401)
    const b = await launchBrowser()
    try {
      await login(b, 'admin', 'not-the-password')
      await waitText(b.page.getByTestId('login-error'), 'Wrong credentials')
      expect(await b.page.getByTestId('graph').count()).toBe(0)
      await screenshot(b.page, 'ui-login')
    } finally {
      await b.close()
    }
  })

  it('lets an admin in: live topology over the cookie-authenticated stream, capture form and pcap upload shown', async () => {
    const b = await launchBrowser()
    try {
      await login(b, 'admin', 'sdt-ui-admin-pw')
      await b.page.getByTestId('graph').waitFor()
      const cookies = await b.ctx.cookies(base)
      expect(cookies.map((c) => c.name)).toContain('authtoken')
      await waitFor('the agent host in the page', () => b.page.evaluate(() => {
        const s = (globalThis as unknown as PageGlobals).__skydive
        return s && s.controller.summary().hosts >= 1 ? true : undefined
      }))
      await waitText(b.page.getByTestId('conn-state'), 'live')
      await selectLoopback(b)
      expect(await b.page.getByTestId('capture-here').count()).toBe(1)
      await b.page.getByTestId('tab-captures').click()
      await b.page.getByTestId('capture-form').waitFor()
      await b.page.getByTestId('tab-flows').click()
      expect(await b.page.getByTestId('pcap-upload').count()).toBe(1)
      await screenshot(b.page, 'ui-admin')
    } finally {
      await b.close()
    }
  })

  it('shows a guest the topology but no write action', async () => {
    const b = await launchBrowser()
    try {
      await login(b, 'viewer', 'sdt-ui-viewer-pw')
      await b.page.getByTestId('graph').waitFor()
      await waitFor('the agent host in the page', () => b.page.evaluate(() => {
        const s = (globalThis as unknown as PageGlobals).__skydive
        return s && s.controller.summary().hosts >= 1 ? true : undefined
      }))
      await selectLoopback(b)
      expect(await b.page.getByTestId('capture-here').count()).toBe(0)
      await b.page.getByTestId('tab-captures').click()
      await b.page.getByTestId('captures').waitFor()
      expect(await b.page.getByTestId('capture-form').count()).toBe(0)
      expect(await b.page.getByTestId('capture-delete').count()).toBe(0)
      await waitText(b.page.getByTestId('capture-readonly'), 'neither list nor create captures')
      await b.page.getByTestId('tab-flows').click()
      await b.page.getByTestId('flows').waitFor()
      expect(await b.page.getByTestId('pcap-upload').count()).toBe(0)
      await b.page.getByTestId('tab-node').click()
      await screenshot(b.page, 'ui-guest')
    } finally {
      await b.close()
    }
  })
})
