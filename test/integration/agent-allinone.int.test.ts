// `skydive allinone` as a user runs it: one process, embedded defaults, its own host visible
// through the analyzer API, a clean exit on SIGTERM.
import { spawn } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import type { WireEdge, WireNode } from '../../src/wire/index.js'
import { BIN, type Proc, skipReason, spawnSkydive, waitFor } from './agent-lab.js'

const reason = skipReason()
const LISTEN = '127.0.0.1:18433'
let proc: Proc | undefined

async function gremlin<T>(q: string): Promise<T> {
  const res = await fetch(`http://${LISTEN}/api/topology`, { method: 'POST', body: JSON.stringify({ GremlinQuery: q }) })
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
  return (await res.json()) as T
}

describe.skipIf(reason !== undefined)(`skydive allinone${reason ? ` (skipped: ${reason})` : ''}`, () => {
  afterAll(async () => { await proc?.stop('SIGKILL') })

  it('serves its own host with interfaces and sockets, then stops on SIGTERM', async () => {
    proc = spawnSkydive(['allinone', '--listen', LISTEN, '--host-id', 'sdt-agent-aio'], {
      env: { SKYDIVE_AGENT_TOPOLOGY_SOCKETINFO_HOST_UPDATE: '1' },
    })
    await waitFor(async () => {
      const hosts = await gremlin<WireNode[]>("G.V().Has('Type','host')")
      const host = hosts.find((h) => h.Metadata['Name'] === 'sdt-agent-aio')
      if (!host) return false
      expect(host.Origin).toBe('agent.sdt-agent-aio')
      const sockets = host.Metadata['Sockets'] as Array<Record<string, unknown>> | undefined
      // the allinone process itself listens on LISTEN
      return (sockets ?? []).some((s) => s['LocalPort'] === 18433 && s['State'] === 'LISTEN' && s['Pid'] === proc!.child.pid)
    }, 20_000, () => proc!.logs())
    const [nodes, edges] = await Promise.all([gremlin<WireNode[]>('G.V()'), gremlin<WireEdge[]>('G.E()')])
    const host = nodes.find((n) => n.Metadata['Type'] === 'host' && n.Metadata['Name'] === 'sdt-agent-aio')!
    const lo = nodes.find((n) => n.Host === 'sdt-agent-aio' && n.Metadata['Name'] === 'lo')
    expect(lo?.Metadata).toMatchObject({ Type: 'device', EncapType: 'loopback', IPV4: ['127.0.0.1/8'] })
    expect(edges.some((e) => e.Parent === host.ID && e.Child === lo!.ID && e.Metadata['RelationType'] === 'ownership')).toBe(true)
    await proc.stop('SIGTERM')
    expect(proc.child.exitCode).toBe(0)
    expect(proc.logs()).toContain('Stopping')
  })

  it('stops without warnings on Ctrl-C, which signals its whole process group (ip helpers included)', async () => {
    // a terminal's Ctrl-C: SIGINT to the process group, so `ip monitor` dies with the agent
    const child = spawn(process.execPath, [BIN, 'allinone', '--listen', '127.0.0.1:18434', '--host-id', 'sdt-agent-aio2'],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => { out += d.toString() })
    child.stderr!.on('data', (d: Buffer) => { out += d.toString() })
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
    try {
      await waitFor(() => out.includes('graph synced'), 20_000, () => out)
      process.kill(-child.pid!, 'SIGINT')
      expect(await exited).toBe(0)
      expect(out).toContain('Stopping')
      expect(out).not.toMatch(/ WARN | ERROR /)
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL')
    }
  })
})
