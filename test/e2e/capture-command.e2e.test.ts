// `skydive capture upload|create|list|get|delete` as users run them: the built bin/skydive
// against a real analyzer process on loopback (`npm run build` first).
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AnalyzerProcess, BIN, adminAndGuestConfig, cleanEnv, eventually, startAnalyzerProcess } from './analyzer-process.js'

const PCAPS = resolve(import.meta.dirname, '../fixtures/pcaps')

interface Run { status: number | null; stdout: string; stderr: string }

/** Runs `skydive ...args`. */
function skydive(...args: string[]): Promise<Run> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = '', stderr = ''
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    p.on('close', (status) => res({ status, stdout, stderr }))
  })
}

const lines = (out: string): unknown[] => out.trim().split('\n').map((l) => JSON.parse(l) as unknown)

describe('skydive capture upload', () => {
  let an: AnalyzerProcess
  beforeAll(async () => {
    an = await startAnalyzerProcess({ yaml: 'host_id: sdt-capcmd\n' })
  })
  afterAll(async () => {
    await an?.stop()
  })

  it('sends a trace whose flows the analyzer then answers exactly as capture file prints them', async () => {
    const file = join(PCAPS, 'eth-ip4-arp-dns-req-http-google.pcap')
    const up = await skydive('capture', 'upload', file, '--analyzer', an.address)
    expect([up.status, up.stderr]).toEqual([0, ''])
    const local = lines((await skydive('capture', 'file', file)).stdout)
    expect(JSON.parse(up.stdout)).toEqual({ Format: 'pcap', Packets: 58, Flows: local.length, FlowsDropped: 0, Store: { Count: local.length, MaxBufferSize: 100000, Dropped: 0 } })
    const q = await skydive('topology', 'query', 'G.Flows()', '--analyzer', an.address)
    expect(q.status).toBe(0)
    expect(JSON.parse(q.stdout)).toEqual(local)
  })

  it('sends pcapng too, and takes the address from SKYDIVE_ANALYZER', async () => {
    const p = spawn(process.execPath, [BIN, 'capture', 'upload', join(PCAPS, 'derived/two-interfaces.pcapng')], {
      env: { ...cleanEnv(), SKYDIVE_ANALYZER: an.address }, stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    p.stdout.on('data', (c: Buffer) => (out += c.toString()))
    expect(await new Promise((r) => p.on('close', r))).toBe(0)
    expect(JSON.parse(out)).toMatchObject({ Format: 'pcapng' })
  })

  it('fails with the analyzer\'s diagnosis for a truncated file, and plainly for a missing one', async () => {
    const cut = join(an.dir, 'cut.pcap')
    writeFileSync(cut, readFileSync(join(PCAPS, 'simple-tcpv4.pcap')).subarray(0, 300))
    const before = (await skydive('topology', 'query', 'G.Flows().Count()', '--analyzer', an.address)).stdout
    const bad = await skydive('capture', 'upload', cut, '--analyzer', an.address)
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/^Error: Analyzer 127\.0\.0\.1:\d+ answered 400 to POST \/api\/pcap: Cannot import the pcap trace: truncated pcap record at byte \d+: .*; no flow was stored\n$/)
    expect((await skydive('topology', 'query', 'G.Flows().Count()', '--analyzer', an.address)).stdout).toBe(before)
    const missing = await skydive('capture', 'upload', join(an.dir, 'nope.pcap'), '--analyzer', an.address)
    expect([missing.status, missing.stderr]).toEqual([1, `Error: Cannot read "${join(an.dir, 'nope.pcap')}": no such file\n`])
    const noArg = await skydive('capture', 'upload')
    expect(noArg.status).toBe(2)
    expect(noArg.stderr).toContain("missing required argument 'file'")
  })
})

describe('skydive capture create|list|get|delete', () => {
  let an: AnalyzerProcess
  beforeAll(async () => {
    an = await startAnalyzerProcess({ yaml: 'host_id: sdt-capcmd\nflow:\n  default_layer_key_mode: L3\n' })
  })
  afterAll(async () => {
    await an?.stop()
  })
  const at = () => ['--analyzer', an.address]

  it('creates a capture from every upstream flag, lists it as JSON keyed by UUID, gets and deletes it', async () => {
    const made = await skydive('capture', 'create', ...at(), '--gremlin', "G.V().Has('Name', 'eth0')", '--bpf', 'tcp port 80',
      '--name', 'web', '--description', 'front traffic', '--type', 'pcap', '--header-size', '128', '--rawpacket-limit', '5',
      '--extra-tcp-metric', '--ip-defrag', '--reassemble-tcp', '--layer-key-mode', 'L2', '--extra-layer', 'DNS', '--extra-layer', 'vrrp')
    expect([made.status, made.stderr]).toEqual([0, ''])
    const c = JSON.parse(made.stdout) as Record<string, unknown>
    expect(c).toEqual({
      UUID: expect.stringMatching(/^[0-9a-f-]{36}$/), GremlinQuery: "G.V().Has('Name', 'eth0')", BPFFilter: 'tcp port 80', Name: 'web',
      Description: 'front traffic', Type: 'pcap', Count: 0, SamplingRate: 1, PollingInterval: 10, RawPacketLimit: 5, HeaderSize: 128,
      ExtraTCPMetric: true, IPDefrag: true, ReassembleTCP: true, LayerKeyMode: 'L2', ExtraLayers: 3,
    })
    const list = await skydive('capture', 'list', ...at())
    expect(JSON.parse(list.stdout)).toEqual({ [c['UUID'] as string]: c })
    const table = (await skydive('capture', 'list', ...at(), '--format', 'table')).stdout.split('\n')
    expect(table[0]).toMatch(/^UUID\s+NAME\s+TYPE\s+GREMLIN\s+BPF\s+ACTIVE$/)
    expect(table[1]).toMatch(new RegExp(`^${c['UUID']}\\s+web\\s+pcap\\s+G\\.V\\(\\)\\.Has\\('Name', 'eth0'\\)\\s+tcp port 80\\s+0$`))
    expect(JSON.parse((await skydive('capture', 'get', c['UUID'] as string, ...at())).stdout)).toEqual(c)
    expect(await skydive('capture', 'delete', c['UUID'] as string, ...at())).toEqual({ status: 0, stdout: '', stderr: '' })
    expect(JSON.parse((await skydive('capture', 'list', ...at())).stdout)).toEqual({})
  })

  it('builds the query of --node, leaves the key mode to the analyzer\'s default, and expires a capture after --ttl', async () => {
    const node = JSON.parse((await skydive('capture', 'create', ...at(), '--node', 'a1b2c3', '--ttl', '4000')).stdout) as Record<string, unknown>
    expect(node).toMatchObject({ GremlinQuery: "G.V().Has('TID', 'a1b2c3')", LayerKeyMode: 'L3' })
    expect(node).not.toHaveProperty('BPFFilter')
    expect(Object.keys(JSON.parse((await skydive('capture', 'list', ...at())).stdout) as object)).toEqual([node['UUID']])
    await eventually(async () => expect(JSON.parse((await skydive('capture', 'list', ...at())).stdout)).toEqual({}), 20_000)
  })

  it('reports usage mistakes with exit status 2 and analyzer refusals with 1', async () => {
    const both = await skydive('capture', 'create', ...at(), '--node', 'x', '--gremlin', 'G.V()')
    expect([both.status, both.stderr]).toEqual([2, 'Error: Cannot take both --gremlin and --node: give one\n'])
    const none = await skydive('capture', 'create', ...at())
    expect(none.status).toBe(2)
    expect(none.stderr).toMatch(/^Error: Cannot create a capture without interfaces: give --gremlin QUERY or --node TID\nhint: /)
    const badTtl = await skydive('capture', 'create', ...at(), '--node', 'x', '--ttl', 'soon')
    expect(badTtl.status).toBe(2)
    expect(badTtl.stderr).toContain("option '--ttl <duration>' argument 'soon' is invalid")
    const badType = await skydive('capture', 'create', ...at(), '--gremlin', 'G.V()', '--type', 'tcpdump')
    expect(badType.status).toBe(1)
    expect(badType.stderr).toMatch(/answered 400 to POST \/api\/capture: Invalid capture field "Type": "tcpdump" is not one of /)
    const twice = await skydive('capture', 'create', ...at(), '--gremlin', 'G.V()')
    expect(twice.status).toBe(0)
    expect((await skydive('capture', 'create', ...at(), '--gremlin', 'G.V()')).stderr).toMatch(/answered 409 to POST \/api\/capture: duplicated resource/)
    const id = (JSON.parse(twice.stdout) as { UUID: string }).UUID
    const del = await skydive('capture', 'delete', 'nope-1', id, 'nope-2', ...at())
    expect(del.status).toBe(1)
    expect(del.stderr).toMatch(/^Error: .*404 to DELETE \/api\/capture\/nope-1: Capture 'nope-1' not found\nError: .*404 to DELETE \/api\/capture\/nope-2: Capture 'nope-2' not found\n$/)
    expect(JSON.parse((await skydive('capture', 'list', ...at())).stdout)).toEqual({})
  })
})

describe('capture commands with auth on', () => {
  let an: AnalyzerProcess
  beforeAll(async () => {
    an = await startAnalyzerProcess({ yaml: adminAndGuestConfig('sdt-capcmd-auth') })
  })
  afterAll(async () => {
    await an?.stop()
  })

  it('refuses a guest\'s upload and capture with upstream\'s 405, and lets an admin through', async () => {
    const file = join(PCAPS, 'simple-tcpv4.pcap')
    const guest = ['--analyzer', an.address, '--username', 'viewer', '--password', 'viewer-pw']
    const up = await skydive('capture', 'upload', file, ...guest)
    expect([up.status, up.stderr]).toEqual([1, `Error: Analyzer ${an.address} answered 405 to POST /api/pcap: 'viewer' has no 'write' permission on 'pcap'\n`])
    const create = await skydive('capture', 'create', '--gremlin', 'G.V()', ...guest)
    expect(create.stderr).toContain("'viewer' has no 'write' permission on 'capture'")
    const anonymous = await skydive('capture', 'upload', file, '--analyzer', an.address)
    expect(anonymous.status).toBe(1)
    expect(anonymous.stderr).toMatch(/answered 401 to POST \/api\/pcap: Wrong credentials\nhint: pass --username and --password/)
    const admin = await skydive('capture', 'upload', file, '--analyzer', an.address, '--username', 'admin', '--password', 'admin-pw')
    expect(admin.status).toBe(0)
    expect(JSON.parse(admin.stdout)).toMatchObject({ Flows: 1, Store: { Count: 1 } })
  })
})
