// The static fabric of a real analyzer (spec/topology.md §4): TOR and ports at start, links to
// host interfaces as agents sync them; bad fabric lines and bad config files stop the start.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectWs, createAnalyzerClient } from '../../src/client/index.js'
import { uuidV5 } from '../../src/core/graph/index.js'
import { BIN, type AnalyzerProcess, cleanEnv, eventually, freePort, startAnalyzerProcess } from './analyzer-process.js'

const FABRIC = `host_id: sdt-fabric
analyzer:
  topology:
    fabric:
      - TOR1[Name=tor1] -> TOR1_PORT1[Name=port1, MTU=1500]
      - TOR1_PORT1 -> *[Type=host,Name=h2]/eth0
`

describe('static fabric', () => {
  let an: AnalyzerProcess
  beforeAll(async () => {
    an = await startAnalyzerProcess({ yaml: FABRIC })
  })
  afterAll(async () => {
    await an.stop()
  })

  it('creates the TOR and its port with v5 IDs, ownership and layer2 links', async () => {
    const c = createAnalyzerClient({ analyzer: an.address })
    const tor = (await c.query("G.V().Has('Name', 'tor1')")) as Array<{ ID: string; Metadata: Record<string, unknown>; Origin: string; Host: string }>
    expect(tor).toHaveLength(1)
    expect(tor[0]).toMatchObject({ ID: 'c171d2ee-d356-5a2d-bdb1-a4a3cfd4c9d1', Origin: 'analyzer.sdt-fabric', Host: 'sdt-fabric' })
    expect(tor[0]!.Metadata).toEqual({ Name: 'tor1', Type: 'device', Probe: 'fabric' })
    const port = (await c.query("G.V().Has('Name', 'port1')")) as Array<{ ID: string; Metadata: Record<string, unknown> }>
    expect(port[0]!.ID).toBe(uuidV5('fabricTOR1_PORT1'))
    expect(port[0]!.Metadata['MTU']).toBe('1500')
    const out = (await c.query("G.V().Has('Name', 'tor1').OutE()")) as Array<{ Child: string; Metadata: Record<string, unknown> }>
    expect(out.map((e) => [e.Child, e.Metadata])).toEqual([
      [port[0]!.ID, { RelationType: 'ownership' }],
      [port[0]!.ID, { Type: 'fabric', RelationType: 'layer2' }],
    ])
  })

  it('links the port to eth0 of host h2 once its agent syncs, and not eth0 of another host', async () => {
    const c = createAnalyzerClient({ analyzer: an.address })
    const agents = []
    for (const host of ['h1', 'h2']) {
      const a = await connectWs({ analyzer: an.address, path: '/ws/agent/topology', headers: { 'X-Host-ID': host, 'X-Client-Type': 'agent', 'X-Persistence-Policy': 'DeleteOnDisconnect' } })
      agents.push(a)
      const el = (ID: string, Metadata: Record<string, unknown>) => ({ ID, Metadata, Host: host, CreatedAt: 1, UpdatedAt: 1, Revision: 1 })
      a.send({ Namespace: 'Graph', Type: 'Sync', Obj: {
        Nodes: [el(`${host}-host`, { Type: 'host', Name: host }), el(`${host}-eth0`, { Type: 'device', Name: 'eth0' })],
        Edges: [{ ...el(`${host}-own`, { RelationType: 'ownership' }), Parent: `${host}-host`, Child: `${host}-eth0` }],
      } })
    }
    await eventually(async () => expect(await c.query("G.V().Has('Name', 'port1').Out().Has('Name', 'eth0').Values('@ID')")).toEqual(['h2-eth0']))
    const link = (await c.query("G.V().Has('Name', 'port1').OutE().Has('RelationType', 'layer2')")) as Array<{ Child: string; Metadata: unknown }>
    expect(link).toEqual([expect.objectContaining({ Child: 'h2-eth0', Metadata: { Type: 'fabric', RelationType: 'layer2' } })])
    for (const a of agents) await a.close()
    // The agent's nodes go with it, and so does the fabric link to them.
    await eventually(async () => expect(await c.query("G.V().Has('Name', 'port1').Out().Count()")).toBe(0))
  })
})

describe('refusing to start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sdt-badcfg-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const run = async (yaml: string) => {
    const file = join(dir, `c${Math.random().toString(36).slice(2)}.yml`)
    writeFileSync(file, yaml)
    return spawnSync(process.execPath, [BIN, 'analyzer', '--listen', `127.0.0.1:${await freePort()}`, '--config', file], { encoding: 'utf8', env: cleanEnv(), timeout: 20_000 })
  }

  it('names the file line of the fabric entry with a syntax error and exits 2', async () => {
    const r = await run('analyzer:\n  topology:\n    fabric:\n      - A -> B\n      - TOR1 TOR2\n')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/"analyzer\.topology\.fabric\.1" at .*\.yml:5: fabric line "TOR1 TOR2": expected "->" or "-->"/)
  })

  it('names the key and the line of a bad config value and exits 2', async () => {
    const r = await run('host_id: x\nhttp:\n  ws:\n    pong_timeout: never\n')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/"http\.ws\.pong_timeout" at .*\.yml:4/)
  })

  it('names the variable of a bad SKYDIVE_* override and exits 2', async () => {
    const file = join(dir, 'ok.yml')
    writeFileSync(file, 'host_id: x\n')
    const r = spawnSync(process.execPath, [BIN, 'analyzer', '--config', file], { encoding: 'utf8', env: { ...cleanEnv(), SKYDIVE_ANALYZER_LISTEN: 'nowhere' }, timeout: 20_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('SKYDIVE_ANALYZER_LISTEN')
  })

  it('says when the port is taken', async () => {
    const an = await startAnalyzerProcess()
    const r = spawnSync(process.execPath, [BIN, 'analyzer', '--listen', an.address], { encoding: 'utf8', env: cleanEnv(), timeout: 20_000 })
    await an.stop()
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(`Cannot listen on ${an.address}: address already in use`)
  })
})
