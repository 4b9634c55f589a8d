// SocketScanner against a real network namespace (spec/topology.md §2.3): a scanner in the host's
// namespace lists the sockets of processes in other namespaces; one inside a namespace lists
// only that namespace's. Needs root (ip netns); traffic stays on loopback.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type Server } from 'node:net'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Metadata } from '../../wire/index.js'
import { SocketScanner } from './socket-scanner.js'

const NS = 'sdt-sockns-a'
const SCANNER = resolve(import.meta.dirname, 'socket-scanner.ts')
const reason = process.getuid?.() !== 0 ? 'needs root to create a network namespace' : undefined

let server: Server | undefined
let child: ChildProcess | undefined
let port = 0
let childPid = 0

const quiet = (...args: string[]) => { try { execFileSync('ip', args, { stdio: 'ignore' }) } catch { /* absent */ } }

function cleanup(): void {
  child?.kill('SIGKILL')
  server?.close()
  quiet('netns', 'del', NS)
}

/** Runs `node -e script` inside NS (bounded to 60 s) and resolves with its first output line. */
function inNs(script: string, args: string[] = []): Promise<{ proc: ChildProcess; line: string }> {
  const proc = spawn('ip', ['netns', 'exec', NS, process.execPath, ...args, '-e', `${script}; setTimeout(() => process.exit(0), 60000).unref()`],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  return new Promise((ok, ko) => {
    const t = setTimeout(() => { proc.kill('SIGKILL'); ko(new Error(`no output from the helper in ${NS} within 20 s: ${err}`)) }, 20_000)
    proc.stderr!.on('data', (d: Buffer) => { err += d.toString() })
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl >= 0) { clearTimeout(t); ok({ proc, line: out.slice(0, nl) }) }
    })
    proc.on('exit', (code) => { clearTimeout(t); ko(new Error(`helper in ${NS} exited (${code}): ${err}`)) })
  })
}

const listeners = (sockets: readonly Metadata[]) =>
  sockets.filter((s) => s['LocalPort'] === port && s['State'] === 'LISTEN' && s['LocalAddress'] === '127.0.0.1').map((s) => s['Pid'])

describe.skipIf(reason !== undefined)(`SocketScanner on a real network namespace${reason ? ` (skipped: ${reason})` : ''}`, () => {
  beforeAll(async () => {
    quiet('netns', 'del', NS) // left over by a killed run
    try {
      execFileSync('ip', ['netns', 'add', NS])
      execFileSync('ip', ['-n', NS, 'link', 'set', 'lo', 'up'])
      // the same address and port listened on in the host's namespace and in NS
      server = createServer().listen(0, '127.0.0.1')
      await once(server, 'listening')
      port = (server.address() as { port: number }).port
      const started = await inNs(`require('net').createServer().listen(${port}, '127.0.0.1', () => console.log(process.pid))`)
      child = started.proc
      childPid = Number(started.line)
    } catch (err) {
      cleanup()
      throw err
    }
  })

  afterAll(cleanup)

  it('lists, from the host namespace, a socket of a process in another namespace once, beside the same address and port of its own', () => {
    const s = new SocketScanner()
    expect(s.allNamespaces).toBe(true)
    const found = listeners(s.scan())
    expect(found).toHaveLength(2)
    expect(new Set(found)).toEqual(new Set([process.pid, childPid]))
    const mine = s.scan().find((x) => x['Pid'] === childPid && x['LocalPort'] === port)
    expect(mine).toMatchObject({ Protocol: 'TCP', Name: 'node', State: 'LISTEN' })
    expect(s.stats.otherNamespaces).toBeGreaterThanOrEqual(1)
  })

  it('lists only its own namespace when told to', () => {
    expect(listeners(new SocketScanner({ namespaces: 'own' }).scan())).toEqual([process.pid])
  })

  it('lists only the sockets of its own namespace when it runs inside one', async () => {
    const { proc, line } = await inNs(
      `import('${SCANNER}').then(({ SocketScanner }) => { const s = new SocketScanner(); ` +
      `console.log(JSON.stringify({ all: s.allNamespaces, sockets: s.scan() })) })`, ['--import', 'tsx'])
    proc.kill()
    const got = JSON.parse(line) as { all: boolean; sockets: Metadata[] }
    expect(got.all).toBe(false)
    expect(listeners(got.sockets)).toEqual([childPid])
    expect(got.sockets.some((x) => x['Pid'] === process.pid)).toBe(false)
  })
})
