// Starts the built `bin/skydive analyzer` as a real process on a free loopback port, for the
// analyzer e2e tests. Each process gets its own temporary config directory, removed on stop.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const BIN = resolve(import.meta.dirname, '../../bin/skydive')

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => res(port))
    })
  })
}

/** A running analyzer process. */
export interface AnalyzerProcess {
  /** `127.0.0.1:<port>` */
  address: string
  /** `http://127.0.0.1:<port>` (https with TLS) */
  url: string
  /** the temporary directory holding skydive.yml (tests may add files) */
  dir: string
  proc: ChildProcess
  /** everything the process wrote to stderr so far */
  logs(): string
  /** exit code once exited, null while running */
  exitCode(): number | null
  /** SIGTERM, wait for exit, remove the directory */
  stop(): Promise<number | null>
}

export interface StartOptions {
  /** skydive.yml contents (analyzer.listen is forced with --listen) */
  yaml?: string
  /** extra files written into the config directory before start: name -> contents */
  files?: Record<string, string>
  env?: Record<string, string>
  tls?: boolean
}

/** Spawns an analyzer and waits until it listens. */
export async function startAnalyzerProcess(opts: StartOptions = {}): Promise<AnalyzerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'sdt-analyzer-'))
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, name), text)
  const cfg = join(dir, 'skydive.yml')
  writeFileSync(cfg, (opts.yaml ?? 'host_id: sdt-analyzer\n').replaceAll('$DIR', dir))
  const port = await freePort()
  const address = `127.0.0.1:${port}`
  let stderr = ''
  const proc = spawn(process.execPath, [BIN, 'analyzer', '--listen', address, '--config', cfg], {
    env: { ...cleanEnv(), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  proc.stdout!.on('data', (c: Buffer) => (stderr += c.toString()))
  let code: number | null = null
  const exited = new Promise<number | null>((res) => proc.on('exit', (c) => { code = c; res(c) }))
  const deadline = Date.now() + 20_000
  while (!stderr.includes('Analyzer listening')) {
    if (code !== null || Date.now() > deadline) {
      rmSync(dir, { recursive: true, force: true })
      throw new Error(`analyzer did not start (exit ${code}):\n${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    address, url: `${opts.tls ? 'https' : 'http'}://${address}`, dir, proc,
    logs: () => stderr,
    exitCode: () => code,
    async stop() {
      if (code === null) proc.kill('SIGTERM')
      const c = await exited
      rmSync(dir, { recursive: true, force: true })
      return c
    },
  }
}

/** The environment without SKYDIVE_* variables a developer may have set. */
/** skydive.yml of an analyzer with basic auth: `admin`/`admin-pw` (admin) and `viewer`/`viewer-pw` (guest). */
export function adminAndGuestConfig(hostId: string): string {
  return `host_id: ${hostId}
analyzer:
  auth:
    api:
      backend: users
auth:
  users:
    type: basic
    users:
      admin: admin-pw
      viewer: viewer-pw
rbac:
  policy:
    - g, viewer, guest
`
}

export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SKYDIVE_')))
}

/** Retries `check` until it returns without throwing or the time is up (Skydive's test style). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (err) {
      if (Date.now() > deadline) throw err
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}
