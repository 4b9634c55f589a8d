// An agent against an analyzer that requires cluster credentials over TLS: refused credentials
// give one clear log line and retries (no crash), good ones over wss:// publish the host.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WireNode } from '../../src/wire/index.js'
import { type Proc, skipReason, spawnSkydive, waitFor } from './agent-lab.js'

const reason = skipReason()
const ADDRESS = '127.0.0.1:18435'
let dir: string
const procs: Proc[] = []

/** GET-like POST /api/topology over HTTPS trusting the test CA. */
function hosts(): Promise<WireNode[]> {
  return new Promise((resolve, reject) => {
    const req = request(`https://${ADDRESS}/api/topology`, { method: 'POST', ca: readFileSync(join(dir, 'cert.pem')) }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => { body += d.toString() })
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body) as WireNode[]) : reject(new Error(`HTTP ${res.statusCode} ${body}`))))
    })
    req.on('error', reject)
    req.end(JSON.stringify({ GremlinQuery: "G.V().Has('Type','host')" }))
  })
}

function agentYaml(user: string, password: string): string {
  return `tls:\n  ca_cert: ${join(dir, 'cert.pem')}\nagent:\n  auth:\n    cluster:\n      username: ${user}\n      password: ${password}\n`
}

describe.skipIf(reason !== undefined)(`agent with cluster auth and TLS${reason ? ` (skipped: ${reason})` : ''}`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sdt-agent-tls-'))
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
    writeFileSync(join(dir, 'analyzer.yml'), `host_id: sdt-agent-tls-an
tls:
  server_cert: ${join(dir, 'cert.pem')}
  server_key: ${join(dir, 'key.pem')}
analyzer:
  auth:
    cluster:
      backend: agents
auth:
  agents:
    type: basic
    users:
      agent1: agent-pw
`)
    writeFileSync(join(dir, 'good.yml'), agentYaml('agent1', 'agent-pw'))
    writeFileSync(join(dir, 'bad.yml'), agentYaml('agent1', 'wrong-pw'))
    // a CA that did not sign the analyzer's certificate
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'other-key.pem'), '-out', join(dir, 'other-ca.pem'),
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
    writeFileSync(join(dir, 'other-ca.yml'), agentYaml('agent1', 'agent-pw').replace(join(dir, 'cert.pem'), join(dir, 'other-ca.pem')))
    const an = spawnSkydive(['analyzer', '--listen', ADDRESS, '--config', join(dir, 'analyzer.yml')])
    procs.push(an)
    await waitFor(() => an.logs().includes('Analyzer listening'), 20_000, an.logs)
  })

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()))
    rmSync(dir, { recursive: true, force: true })
  })

  it('logs refused credentials once, keeps retrying and publishes nothing', async () => {
    const bad = spawnSkydive(['agent', '--analyzer', ADDRESS, '--host-id', 'sdt-agent-bad', '--probes', 'hardware', '--config', join(dir, 'bad.yml')])
    procs.push(bad)
    await waitFor(() => bad.logs().includes('refused the credentials'), 10_000, bad.logs)
    await new Promise((r) => setTimeout(r, 1500)) // several retries
    const lines = bad.logs().split('\n').filter((l) => l.includes('refused the credentials'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`Cannot connect to analyzer "${ADDRESS}": the analyzer refused the credentials (HTTP 401); retrying`)
    expect(bad.logs()).not.toContain('wrong-pw')
    expect(bad.child.exitCode).toBeNull()
    expect((await hosts()).map((h) => h.Metadata['Name'])).not.toContain('sdt-agent-bad')
  })

  it('publishes its host over wss:// with the right credentials', async () => {
    const good = spawnSkydive(['agent', '--analyzer', ADDRESS, '--host-id', 'sdt-agent-good', '--probes', 'hardware', '--config', join(dir, 'good.yml')])
    procs.push(good)
    await waitFor(async () => (await hosts()).some((h) => h.Metadata['Name'] === 'sdt-agent-good'), 10_000, good.logs)
  })

  it('refuses an analyzer whose certificate its tls.ca_cert did not sign, and publishes nothing', async () => {
    const wary = spawnSkydive(['agent', '--analyzer', ADDRESS, '--host-id', 'sdt-agent-other-ca', '--probes', 'hardware', '--config', join(dir, 'other-ca.yml')])
    procs.push(wary)
    await waitFor(() => wary.logs().includes(`Cannot connect to analyzer "${ADDRESS}": self-signed certificate (the analyzer's certificate must be signed by the CA in tls.ca_cert`), 10_000, wary.logs)
    expect(wary.child.exitCode).toBeNull()
    expect((await hosts()).map((h) => h.Metadata['Name'])).not.toContain('sdt-agent-other-ca')
  })

  it('says an unreachable analyzer refuses connections, and keeps running', async () => {
    const lost = spawnSkydive(['agent', '--analyzer', '127.0.0.1:18436', '--host-id', 'sdt-agent-lost', '--probes', 'hardware'])
    procs.push(lost)
    await waitFor(() => lost.logs().includes('Cannot connect to analyzer "127.0.0.1:18436": connection refused'), 10_000, lost.logs)
    await new Promise((r) => setTimeout(r, 1000))
    expect(lost.child.exitCode).toBeNull()
  })
})
