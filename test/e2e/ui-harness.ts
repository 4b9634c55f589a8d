// Shared set-up of the web UI end-to-end tests: real `skydive analyzer` and `skydive agent`
// processes from the built binary, headless Debian Chromium driven by playwright-core, kernel
// objects named sdt-ui-*, screenshots in test/artifacts/.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core'

export const ROOT = resolve(import.meta.dirname, '../..')
export const ARTIFACTS = join(ROOT, 'test/artifacts')
export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run']

/** Why the UI e2e tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (creates network namespaces and veth pairs)'
  if (!existsSync(CHROMIUM)) return `needs ${CHROMIUM} (Debian package chromium, listed in scripts/system-packages.txt)`
  if (!existsSync(join(ROOT, 'dist/ui/index.html'))) return 'needs the built UI (npm run build)'
  return undefined
}

/** What the page exposes on `window` (src/ui/view/workspace.tsx); tests compile without DOM types. */
export interface PageGlobals {
  __skydive?: {
    firstRenderMs?: number
    controller: {
      summary(): { hosts: number; interfaces: number; nodes: number; edges: number; drawnNodes: number; drawnEdges: number }
      store: { nodes: Map<string, { ID: string; Metadata: Record<string, unknown> }> }
      setAllCollapsed(collapsed: boolean): void
      groupOf(id: string): string | undefined
    }
    view: {
      snapshot(): { positions: Record<string, { x: number; y: number }>; edges: Array<[string, string]>; highlighted: string[] }
      pagePositionOf(id: string): { x: number; y: number } | undefined
    }
  }
  __marker?: number
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port
      s.close(() => res(p))
    })
  })
}

/** Retries `f` until it returns something other than undefined, or fails naming `what`. */
export async function waitFor<T>(what: string, f: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await f()
      if (v !== undefined) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, 150))
  }
}

/** A skydive process started from bin/skydive; its stderr is kept for failure messages. */
export interface SkydiveProcess { child: ChildProcess; output: string[]; stop(): Promise<void> }

/** Starts `bin/skydive <args>`. */
export function startSkydive(args: string[]): SkydiveProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin/skydive'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  child.stdout!.on('data', (d: Buffer) => output.push(String(d)))
  child.stderr!.on('data', (d: Buffer) => output.push(String(d)))
  return {
    child, output,
    stop: () => new Promise<void>((res) => {
      if (child.exitCode !== null || child.signalCode !== null) return res()
      child.once('exit', () => res())
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 5000).unref()
    }),
  }
}

/** waitFor, but a failure also shows what the process printed (and whether it exited). */
export async function waitForProcess<T>(proc: SkydiveProcess, what: string, f: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  try {
    return await waitFor(what, async () => {
      if (proc.child.exitCode !== null) throw new Error(`process exited with status ${proc.child.exitCode}`)
      return f()
    }, timeoutMs)
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- process output ---\n${proc.output.join('').slice(-3000)}`)
  }
}

/** Writes a skydive.yml for a test into a fresh temporary folder and returns its path. */
export function writeConfig(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdt-ui-cfg-'))
  const file = join(dir, 'skydive.yml')
  writeFileSync(file, yaml)
  return file
}

/** `POST /api/topology` on `base`; the parsed JSON, or throws with the analyzer's text. */
export async function gremlin(base: string, query: string, headers: Record<string, string> = {}): Promise<unknown> {
  const r = await fetch(`${base}/api/topology`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ GremlinQuery: query }) })
  const text = await r.text()
  if (!r.ok) throw new Error(text.trim())
  return JSON.parse(text)
}

/** Runs a command (ip ...), throwing with its stderr on failure. */
export function sh(cmd: string, ...args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Deletes every network namespace and link whose name starts with `prefix`. */
export function cleanupKernel(prefix: string): void {
  for (const ns of sh('ip', 'netns', 'list').split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(prefix))) {
    try { sh('ip', 'netns', 'del', ns) } catch { /* already gone */ }
  }
  for (const link of sh('ip', '-o', 'link', 'show').split('\n').map((l) => l.split(': ')[1]?.split('@')[0] ?? '').filter((n) => n.startsWith(prefix))) {
    try { sh('ip', 'link', 'del', link) } catch { /* already gone */ }
  }
}

/** A headless Chromium with a fresh profile, and one page. */
export interface Browser { ctx: BrowserContext; page: Page; close(): Promise<void> }

/** Launches Debian's Chromium (never a downloaded one) with a fresh --user-data-dir. */
export async function launchBrowser(): Promise<Browser> {
  const userDir = mkdtempSync(join(tmpdir(), 'sdt-ui-chrome-'))
  // playwright passes userDataDir to Chromium as --user-data-dir
  const ctx = await chromium.launchPersistentContext(userDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1500, height: 900 } })
  const page = ctx.pages()[0] ?? (await ctx.newPage())
  return {
    ctx, page,
    async close() {
      await ctx.close().catch(() => {})
      rmSync(userDir, { recursive: true, force: true })
    },
  }
}

/** Saves a screenshot as test/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path })
  return path
}

/**
 * Waits until the element's text contains `expected` (or equals it with `exact`), and returns
 * the text; fails with the last text seen. playwright-core has no web-first assertions.
 */
export async function waitText(loc: Locator, expected: string, opts: { exact?: boolean; timeoutMs?: number } = {}): Promise<string> {
  let seen: string | null = null
  try {
    return await waitFor(`text "${expected}"`, async () => {
      seen = (await loc.count()) > 0 ? await loc.first().textContent() : null
      const ok = seen !== null && (opts.exact ? seen.trim() === expected.trim() : seen.includes(expected))
      return ok ? seen! : undefined
    }, opts.timeoutMs ?? 15_000)
  } catch {
    throw new Error(`Expected ${loc.toString()} to ${opts.exact ? 'read' : 'contain'} "${expected}", last text: ${JSON.stringify(seen)}`)
  }
}
