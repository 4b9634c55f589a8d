// `skydive flow-matrix` as a user runs it, against a real analyzer process (basic auth on):
// a hand-written topology published over /ws/publisher, then CSV, diff, JSON, render,
// publishing back, and the error lines for an unreachable analyzer, bad credentials, --at.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectWs, createAnalyzerClient } from '../../src/client/index.js'
import { BIN, cleanEnv, eventually, freePort, startAnalyzerProcess, type AnalyzerProcess } from './analyzer-process.js'

const YAML = `host_id: sdt-fm-analyzer
analyzer:
  auth:
    api:
      backend: fm-basic
auth:
  fm-basic:
    type: basic
    users:
      admin: secret
`
const HEADER = 'protocol,server,server_ip,port,server_proc,server_procname,client,client_ip,client_proc,client_procname'
const CREDS = ['--username', 'admin', '--password', 'secret']

const sock = (Protocol: string, local: [string, number], remote: [string, number], State: string, Process: string) =>
  ({ Protocol, LocalAddress: local[0], LocalPort: local[1], RemoteAddress: remote[0], RemotePort: remote[1], State, Process, Name: Process.split('/').pop(), Pid: 7 })

// web (10.77.0.1) runs nginx and calls db's postgres and dns's resolver; db (10.77.0.2) answers
const HOSTS: Record<string, { ip: string; sockets: unknown[] }> = {
  'fm-web': { ip: '10.77.0.1', sockets: [
    sock('TCP', ['0.0.0.0', 80], ['0.0.0.0', 0], 'LISTEN', '/usr/sbin/nginx'),
    sock('TCP', ['10.77.0.1', 40000], ['10.77.0.2', 5432], 'ESTABLISHED', '/usr/sbin/nginx'),
    sock('TCP', ['10.77.0.1', 40001], ['10.77.0.2', 5432], 'ESTABLISHED', '/usr/sbin/nginx'),
    sock('UDP', ['10.77.0.1', 41000], ['10.77.0.3', 53], 'ESTABLISHED', '/usr/bin/python3'),
    sock('TCP', ['10.77.0.1', 42000], ['10.77.0.9', 80], 'ESTABLISHED', '/usr/bin/curl'),
  ] },
  'fm-db': { ip: '10.77.0.2', sockets: [
    sock('TCP', ['0.0.0.0', 5432], ['0.0.0.0', 0], 'LISTEN', '/usr/lib/postgresql/15/bin/postgres'),
    sock('TCP', ['10.77.0.2', 5432], ['10.77.0.1', 40000], 'ESTABLISHED', '/usr/lib/postgresql/15/bin/postgres'),
    sock('TCP', ['10.77.0.2', 5432], ['10.77.0.1', 40001], 'ESTABLISHED', '/usr/lib/postgresql/15/bin/postgres'),
  ] },
  'fm-dns': { ip: '10.77.0.3', sockets: [sock('UDP', ['0.0.0.0', 53], ['0.0.0.0', 0], 'CLOSE', '/usr/sbin/named')] },
}
const EXPECTED = [
  HEADER,
  'TCP,fm-db,10.77.0.2,5432,/usr/lib/postgresql/15/bin/postgres,postgres,fm-web,10.77.0.1,/usr/sbin/nginx,nginx',
  'UDP,fm-dns,10.77.0.3,53,/usr/sbin/named,named,fm-web,10.77.0.1,/usr/bin/python3,python3',
  '',
].join('\n')

const base = { Origin: '', CreatedAt: null, UpdatedAt: null, DeletedAt: null, Revision: 1 }

describe('skydive flow-matrix against a real analyzer', () => {
  let analyzer: AnalyzerProcess
  let dir: string
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, 'flow-matrix', '--analyzer', analyzer.address, ...args], { encoding: 'utf8', env: cleanEnv() })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sdt-fm-cli-'))
    analyzer = await startAnalyzerProcess({ yaml: YAML })
    const ws = await connectWs({
      analyzer: analyzer.address, path: '/ws/publisher', username: 'admin', password: 'secret',
      headers: { 'X-Host-ID': 'sdt-fm-seed', 'X-Client-Type': 'sdt-test', 'X-Client-Protocol': 'json', 'X-Persistence-Policy': 'Persistent' },
    })
    for (const [host, h] of Object.entries(HOSTS)) {
      ws.send({ Namespace: 'Graph', Type: 'NodeAdded', Obj: { ...base, ID: `${host}-node`, Host: host, Metadata: { Name: host, Type: 'host', Sockets: h.sockets } } })
      ws.send({ Namespace: 'Graph', Type: 'NodeAdded', Obj: { ...base, ID: `${host}-eth0`, Host: host, Metadata: { Name: 'eth0', Type: 'device', IPV4: [`${h.ip}/24`] } } })
      ws.send({ Namespace: 'Graph', Type: 'EdgeAdded', Obj: { ...base, ID: `${host}-own`, Host: host, Metadata: { RelationType: 'ownership' }, Parent: `${host}-node`, Child: `${host}-eth0` } })
    }
    await ws.close()
    const client = createAnalyzerClient({ analyzer: analyzer.address, username: 'admin', password: 'secret' })
    await eventually(async () => expect(await client.query("G.V().Has('Type', 'host').HasKey('Sockets').Count()")).toBe(3))
  }, 60_000)

  afterAll(async () => {
    await analyzer?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints the sorted CSV matrix, finding a UDP server through its address, byte-identical on every run', () => {
    const first = run(...CREDS)
    expect(first.stderr).toBe('')
    expect(first.status).toBe(0)
    expect(first.stdout).toBe(EXPECTED)
    expect(run(...CREDS).stdout).toBe(first.stdout)
  })

  it('reads credentials from SKYDIVE_USERNAME and SKYDIVE_PASSWORD', () => {
    const r = spawnSync(process.execPath, [BIN, 'flow-matrix', '--analyzer', analyzer.address],
      { encoding: 'utf8', env: { ...cleanEnv(), SKYDIVE_USERNAME: 'admin', SKYDIVE_PASSWORD: 'secret', SKYDIVE_FLOW_MATRIX_FORMAT: 'json' } })
    expect(r.status).toBe(0)
    expect((JSON.parse(r.stdout) as { rows: unknown[] }).rows).toHaveLength(2)
  })

  it('lists the connection whose server is unknown with --list-no-peers', () => {
    const r = run(...CREDS, '--list-no-peers')
    const tail = r.stdout.slice(EXPECTED.length).split('\n')
    expect(tail[0]).toBe('peer not found for connection:')
    expect(tail[1]).toMatch(/^TCP fm-web 80 \{.*"RemoteAddress":"10\.77\.0\.9"/)
  })

  it('exits 0 when the matrix equals --diff PREVIOUS.csv, 1 with the added and removed rows otherwise', () => {
    const prev = join(dir, 'prev.csv')
    writeFileSync(prev, EXPECTED)
    const same = run(...CREDS, '--diff', prev)
    expect([same.status, same.stdout]).toEqual([0, ''])
    const lines = EXPECTED.split('\n')
    writeFileSync(prev, [lines[0], lines[1], 'TCP,fm-old,10.77.0.8,80,/usr/sbin/nginx,nginx,fm-web,10.77.0.1,/usr/bin/curl,curl', ''].join('\n'))
    const changed = run(...CREDS, '--diff', prev)
    expect(changed.status).toBe(1)
    expect(changed.stdout).toBe(`+${lines[2]}\n-TCP,fm-old,10.77.0.8,80,/usr/sbin/nginx,nginx,fm-web,10.77.0.1,/usr/bin/curl,curl\n`)
    expect(changed.stderr).toContain('1 added, 1 removed')
  })

  it('renders PNG in process when --output ends in .png', () => {
    const png = join(dir, 'matrix.png')
    expect(run(...CREDS, '--format', 'render', '--engine', 'circo', '--output', png).status).toBe(0)
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  })

  it('publishes service nodes and Connection edges back into the analyzer with --format skydive', async () => {
    const r = run(...CREDS, '--format', 'skydive')
    expect(r.stderr).toContain('Published 4 service nodes and 2 Connection edges')
    expect(r.status).toBe(0)
    const client = createAnalyzerClient({ analyzer: analyzer.address, username: 'admin', password: 'secret' })
    const names = (await client.query("G.V().Has('Type', 'service').Values('Name')")) as string[]
    expect([...names].sort()).toEqual(['named', 'nginx', 'postgres', 'python3'])
    expect(await client.query("G.E().Has('Type', 'Connection').Count()")).toBe(2)
    // stable IDs: publishing again adds nothing
    expect(run(...CREDS, '--format', 'skydive').status).toBe(0)
    expect(await client.query("G.V().Has('Type', 'service').Count()")).toBe(4)
  })

  it('fails with one line naming bad credentials', () => {
    const r = run('--username', 'admin', '--password', 'wrong')
    expect(r.status).toBe(1)
    expect(r.stderr.split('\n')[0]).toMatch(/^Error: .*401.*Wrong credentials$/)
  })

  it('fails with the analyzer\'s "Backend does not support history" for --at', () => {
    const r = run(...CREDS, '--at', '-1m')
    expect(r.status).toBe(1)
    expect(r.stderr.split('\n')[0]).toBe(`Error: Cannot use --at on analyzer ${analyzer.address}: Backend does not support history`)
  })

  it('fails with one line when the analyzer is unreachable', async () => {
    const port = await freePort()
    const r = spawnSync(process.execPath, [BIN, 'flow-matrix', '--analyzer', `127.0.0.1:${port}`], { encoding: 'utf8', env: cleanEnv() })
    expect(r.status).toBe(1)
    expect(r.stderr.split('\n')[0]).toBe(`Error: Cannot reach analyzer at 127.0.0.1:${port}: connection refused`)
    expect(r.stdout).toBe('')
  })

  it('exits 2 on bad usage', () => {
    expect(run('--format', 'xml').status).toBe(2)
    expect(run('--duration', 'soon').status).toBe(2)
    const r = run(...CREDS, '--format', 'render', '--output', join(dir, 'm.jpg'))
    expect([r.status, r.stderr.split('\n')[0]]).toEqual([2, `Error: Cannot render to "${join(dir, 'm.jpg')}": the file name must end in .svg or .png`])
    const e = run(...CREDS, '--engine', 'circo')
    expect([e.status, e.stderr.split('\n')[0]]).toEqual([2, 'Error: Cannot use --engine with --format csv: the engine lays out the graph of --format render or dot'])
  })

  it('applies an engine set in the environment only to the formats it lays out', () => {
    const env = { ...cleanEnv(), SKYDIVE_FLOW_MATRIX_ENGINE: 'circo' }
    const opts = { encoding: 'utf8' as const, env }
    const csv = spawnSync(process.execPath, [BIN, 'flow-matrix', '--analyzer', analyzer.address, ...CREDS], opts)
    expect([csv.status, csv.stdout]).toEqual([0, EXPECTED])
    const dot = spawnSync(process.execPath, [BIN, 'flow-matrix', '--analyzer', analyzer.address, ...CREDS, '--format', 'dot'], opts)
    expect(dot.status).toBe(0)
    expect(dot.stdout).toContain('\tlayout=circo\n')
  })
})
