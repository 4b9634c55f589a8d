// `skydive topology query` against a real analyzer, and the upstream Python client's way of
// calling the REST API (a stdlib script mimicking skydive.rest.client.RESTClient).
import { spawn, spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import bcrypt from 'bcryptjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAnalyzerClient } from '../../src/client/index.js'
import { BIN, type AnalyzerProcess, cleanEnv, freePort, startAnalyzerProcess } from './analyzer-process.js'

let an: AnalyzerProcess
beforeAll(async () => {
  an = await startAnalyzerProcess({
    yaml: `host_id: sdt-cli
analyzer:
  auth:
    api:
      backend: mine
auth:
  mine:
    type: basic
    users:
      admin: ${bcrypt.hashSync('pw', 4)}
`,
  })
  const c = createAnalyzerClient({ analyzer: an.address, username: 'admin', password: 'pw' })
  const el = (ID: string, Metadata: Record<string, unknown>) => ({ ID, Metadata, Host: 'h1' })
  await c.json('POST', '/api/node', el('cli-host', { Type: 'host', Name: 'h1' }))
  await c.json('POST', '/api/node', el('cli-eth0', { Type: 'device', Name: 'eth0', State: 'UP', MAC: '02:00:00:00:00:09', IPV4: ['10.1.1.1/24'] }))
  await c.json('POST', '/api/edge', { ...el('cli-e', { RelationType: 'ownership' }), Parent: 'cli-host', Child: 'cli-eth0' })
})
afterAll(async () => {
  await an.stop()
})

/** Runs the CLI asynchronously (the analyzer runs in another process, but keep the loop free). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...cleanEnv(), ...env } })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => (stdout += d))
    p.stderr.on('data', (d: Buffer) => (stderr += d))
    p.on('exit', (status) => res({ status, stdout, stderr }))
  })
}
const auth = ['--username', 'admin', '--password', 'pw']

describe('skydive topology query', () => {
  it('prints JSON by default', async () => {
    const r = await cli(['topology', 'query', "G.V().Has('Type', 'host')", '--analyzer', an.address, ...auth])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ ID: 'cli-host', Host: 'h1' })])
  })

  it('prints Count() as a bare number and reads SKYDIVE_ANALYZER/USERNAME/PASSWORD', async () => {
    const r = await cli(['topology', 'query', 'G.V().Count()'], { SKYDIVE_ANALYZER: an.address, SKYDIVE_USERNAME: 'admin', SKYDIVE_PASSWORD: 'pw' })
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toBe('2')
  })

  it('prints a table without colour when NO_COLOR is set or output is not a terminal', async () => {
    const r = await cli(['topology', 'query', "G.V().Has('Name', 'eth0')", '--format', 'table', '--analyzer', an.address, ...auth], { NO_COLOR: '1' })
    expect(r.status).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^ID\s+TYPE\s+NAME\s+HOST\s+STATE\s+ADDRESSES$/)
    expect(lines[1]).toMatch(/^cli-eth0\s+device\s+eth0\s+h1\s+UP\s+02:00:00:00:00:09 10\.1\.1\.1\/24$/)
    expect(r.stdout).not.toContain('\u001b[')
  })

  it('prints Graphviz dot for a graph', async () => {
    const r = await cli(['topology', 'query', 'G', '--format', 'dot', '--analyzer', an.address, ...auth])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^digraph g \{/)
    expect(r.stdout).toContain('"h1-cli-host" -> "eth0-cli-eth0" [label=ownership,dir=forward]')
  })

  it('answers a bad query with the analyzer\'s reason and exit 1', async () => {
    const r = await cli(['topology', 'query', 'G.V(', '--analyzer', an.address, ...auth])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/^Error: Analyzer 127\.0\.0\.1:\d+ answered 400 to POST \/api\/topology: /)
  })

  it('says when credentials are missing', async () => {
    const r = await cli(['topology', 'query', 'G', '--analyzer', an.address])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('answered 401')
    expect(r.stderr).toContain('hint: pass --username and --password')
  })

  it('names the address of an unreachable analyzer in one line and exits 1', async () => {
    const port = await freePort()
    const r = await cli(['topology', 'query', 'G', '--analyzer', `127.0.0.1:${port}`])
    expect(r.status).toBe(1)
    expect(r.stderr.split('\n')[0]).toBe(`Error: Cannot reach analyzer at 127.0.0.1:${port}: connection refused`)
  })

  it('says the analyzer does not speak TLS when --ssl meets a plain-HTTP analyzer', async () => {
    const r = await cli(['topology', 'query', 'G', '--analyzer', an.address, '--ssl', '--username', 'admin', '--password', 'pw'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(`Error: Cannot reach analyzer at ${an.address}:`)
    expect(r.stderr).toContain('hint: the analyzer does not seem to speak TLS there: drop --ssl')
  })

  it('exits 2 on a bad --format', async () => {
    const r = await cli(['topology', 'query', 'G', '--format', 'xml'])
    expect(r.status).toBe(2)
  })
})

const python = spawnSync('python3', ['--version']).status === 0

describe.skipIf(!python)('the upstream Python client\'s REST calls (python3 stdlib mimic)', () => {
  it('logs in with the cookie, looks up nodes, manages nodes, edges and captures', async () => {
    const script = resolve(import.meta.dirname, '../fixtures/analyzer/python_restclient.py')
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((res) => {
      const p = spawn('python3', [script, an.address, 'admin', 'pw'])
      let stdout = ''
      let stderr = ''
      p.stdout.on('data', (d: Buffer) => (stdout += d))
      p.stderr.on('data', (d: Buffer) => (stderr += d))
      p.on('exit', (status) => res({ status, stdout, stderr }))
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.token).toBe(Buffer.from('admin:pw').toString('base64'))
    expect(out.lookup_count).toBe(2)
    expect(out.lookup_nodes).toEqual([{ id: 'py-host', host: 'host-test', metadata: { Name: 'py-host', Type: 'host' } }])
    expect(out.node_update).toEqual({ Name: 'eth0', Type: 'device', IPV4: ['10.9.9.9/24'], Color: 'blue' })
    expect(out.capture_list).toEqual(["G.V().Has('Name', 'eth0')"])
    expect(out.capture_delete).toBe('')
    expect(out.node_list).toEqual(['cli-eth0', 'cli-host', 'py-eth0', 'py-host'])
    expect(out.edge_list).toEqual(['cli-e', 'py-edge'])
    expect(out.context).toContain('Backend does not support history')
  })
})
