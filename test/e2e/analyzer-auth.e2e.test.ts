// Authentication, RBAC and TLS of a real analyzer process (spec/api.md §2): every REST route
// and WebSocket endpoint refuses anonymous access when auth is on and accepts it when off.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectWs, createAnalyzerClient } from '../../src/client/index.js'
import { isSkydiveError } from '../../src/core/errors.js'
import { type AnalyzerProcess, startAnalyzerProcess } from './analyzer-process.js'

/** Every REST route, with a body where it takes one. */
const ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/api'], ['GET', '/api/status'], ['GET', '/api/topology'], ['POST', '/api/topology', { GremlinQuery: 'G' }],
  ['GET', '/api/config/analyzer.listen'], ['POST', '/api/workflow/x/call', { Params: [] }],
  ['POST', '/api/pcap', {}], ['GET', '/api/flowmatrix'],
  ...['node', 'edge', 'capture', 'alert', 'noderule', 'edgerule', 'injectpacket', 'workflow'].flatMap((r): Array<[string, string, unknown?]> => [
    ['GET', `/api/${r}`], ['GET', `/api/${r}/x`], ['POST', `/api/${r}`, {}], ['PATCH', `/api/${r}/x`, []], ['DELETE', `/api/${r}/x`],
  ]),
]
const WS_ENDPOINTS = ['/ws/agent/topology', '/ws/publisher', '/ws/subscriber', '/ws/pubsub']
const wsHeaders = (id: string) => ({ 'X-Host-ID': id, 'X-Client-Type': 'agent' })
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`
const SECRETS = ['s3cret-admin', 'inline-pw', 'agent-pw', 'viewer-pw']

const AUTH_YAML = `host_id: sdt-auth
analyzer:
  auth:
    api:
      backend: users
    cluster:
      backend: agents
auth:
  users:
    type: basic
    file: $DIR/htpasswd
    users:
      inline: inline-pw
      viewer: viewer-pw
  agents:
    type: basic
    users:
      agent1: agent-pw
rbac:
  policy:
    - g, viewer, guest
    - p, alice, capture, write, deny
`

describe('with basic auth', () => {
  let an: AnalyzerProcess
  beforeAll(async () => {
    const htpasswd = `admin:${bcrypt.hashSync('s3cret-admin', 4).replace(/^\$2b\$/, '$2y$')}\nalice:${bcrypt.hashSync('alice-pw', 4)}\n`
    an = await startAnalyzerProcess({ yaml: AUTH_YAML, files: { htpasswd } })
  })
  afterAll(async () => {
    await an.stop()
  })
  const raw = () => createAnalyzerClient({ analyzer: an.address })
  const call = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    raw().request(method, path, { body, headers, allowErrors: true })

  it.each(ROUTES)('refuses anonymous %s %s with 401 Wrong credentials', async (method, path, body) => {
    const r = await call(method, path, body, {})
    expect(r.status).toBe(401)
    expect(r.body).toBe('Wrong credentials\n')
    expect(r.headers['www-authenticate']).toBeUndefined()
  })

  it.each(ROUTES)('accepts %s %s with valid credentials', async (method, path, body) => {
    const r = await call(method, path, body, { Authorization: basic('admin', 's3cret-admin') })
    expect(r.status).not.toBe(401)
    expect(r.status).not.toBe(405)
    expect(r.status).not.toBe(500)
  })

  it('refuses a wrong password', async () => {
    expect((await call('GET', '/api/topology', undefined, { Authorization: basic('admin', 'nope') })).status).toBe(401)
    expect((await call('GET', '/api/topology', undefined, { Authorization: basic('ghost', 'x') })).status).toBe(401)
  })

  it('takes the token from the cookie, Authorization, X-Auth-Token and the x-auth-token parameter', async () => {
    const token = Buffer.from('inline:inline-pw').toString('base64')
    expect((await call('GET', '/api/topology', undefined, { Cookie: `authtoken=${token}` })).status).toBe(200)
    expect((await call('GET', '/api/topology', undefined, { Authorization: token })).status).toBe(200)
    expect((await call('GET', '/api/topology', undefined, { 'X-Auth-Token': token })).status).toBe(200)
    expect((await call('GET', `/api/topology?x-auth-token=${encodeURIComponent(token)}`, undefined, {})).status).toBe(200)
    const r = await call('GET', '/api/topology', undefined, { Authorization: token })
    expect(String(r.headers['set-cookie'])).toContain(`authtoken=${token}; Path=/`)
  })

  it('logs in with POST /login and sets the authtoken and permissions cookies', async () => {
    const form = (body: string) => raw().request('POST', '/login', { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://ui' }, allowErrors: true })
    const ok = await form('username=admin&password=s3cret-admin')
    expect(ok.status).toBe(200)
    expect(ok.headers['content-type']).toBe('application/json; charset=UTF-8')
    expect(ok.headers['access-control-allow-origin']).toBe('http://ui')
    const body = JSON.parse(ok.body)
    expect(body.Token).toBe(Buffer.from('admin:s3cret-admin').toString('base64'))
    expect(body.Permissions).toContainEqual({ Object: 'capture', Action: 'write', Allowed: true })
    const cookies = [ok.headers['set-cookie']].flat().join('\n')
    expect(cookies).toContain(`authtoken=${body.Token}; Path=/`)
    expect(cookies).toMatch(/permissions=[A-Za-z0-9+/=]+; Path=\//)
    expect((await form('username=admin')).body).toBe('No credentials provided\n')
    const wrong = await form('username=admin&password=bad')
    expect(wrong.status).toBe(401)
    expect(wrong.body).toBe('Wrong credentials\n')
    expect((await raw().request('GET', '/login', { allowErrors: true })).status).toBe(302)
  })

  it('works through the client in login (cookie) mode and in basic mode', async () => {
    const viaLogin = createAnalyzerClient({ analyzer: an.address, username: 'alice', password: 'alice-pw', authMode: 'login' })
    expect(await viaLogin.query('G.V().Count()')).toBeTypeOf('number')
    const viaBasic = createAnalyzerClient({ analyzer: an.address, username: 'admin', password: 's3cret-admin' })
    expect(await viaBasic.query('G.V().Count()')).toBeTypeOf('number')
    const bad = createAnalyzerClient({ analyzer: an.address, username: 'alice', password: 'wrong', authMode: 'login' })
    const err = await bad.query('G').catch((e: unknown) => e)
    expect(isSkydiveError(err, 'auth-failed')).toBe(true)
  })

  it('gives guests read access to the topology only (REST 405 with upstream text)', async () => {
    const h = { Authorization: basic('viewer', 'viewer-pw') }
    expect((await call('GET', '/api/topology', undefined, h)).status).toBe(200)
    expect((await call('POST', '/api/topology', { GremlinQuery: 'G' }, h)).status).toBe(200)
    expect((await call('GET', '/api/status', undefined, h)).status).toBe(200)
    const denied = await call('POST', '/api/node', { ID: 'x', Metadata: { Type: 'a', Name: 'b' } }, h)
    expect(denied.status).toBe(405)
    expect(denied.body).toBe("'viewer' has no 'write' permission on 'node'\n")
    expect((await call('GET', '/api/capture', undefined, h)).status).toBe(405)
    expect((await call('GET', '/api/config/analyzer.listen', undefined, h)).status).toBe(405)
  })

  it('applies extra rbac.policy lines (alice may read captures but not create them)', async () => {
    const h = { Authorization: basic('alice', 'alice-pw') }
    expect((await call('GET', '/api/capture', undefined, h)).status).toBe(200)
    expect((await call('POST', '/api/capture', { GremlinQuery: 'G.V()' }, h)).status).toBe(405)
  })

  it.each(WS_ENDPOINTS)('refuses anonymous WebSocket %s with 401 before the upgrade', async (path) => {
    await expect(connectWs({ analyzer: an.address, path, headers: wsHeaders('anon') })).rejects.toThrow(/refused with 401: Wrong credentials/)
  })

  it.each(WS_ENDPOINTS)('accepts WebSocket %s with the credentials of its backend', async (path) => {
    const [u, p] = path === '/ws/agent/topology' ? ['agent1', 'agent-pw'] : ['admin', 's3cret-admin']
    const w = await connectWs({ analyzer: an.address, path, headers: wsHeaders(`ok-${path}`), username: u, password: p })
    expect(w.upgradeHeaders['x-service-type']).toBe('analyzer')
    await w.close()
  })

  it('keeps API users off the agent endpoint and guests off the publisher (403)', async () => {
    await expect(connectWs({ analyzer: an.address, path: '/ws/agent/topology', headers: wsHeaders('api-user'), username: 'admin', password: 's3cret-admin' }))
      .rejects.toThrow(/401/)
    await expect(connectWs({ analyzer: an.address, path: '/ws/publisher', headers: wsHeaders('guest-pub'), username: 'viewer', password: 'viewer-pw' }))
      .rejects.toThrow(/refused with 403/)
    await expect(connectWs({ analyzer: an.address, path: '/ws/pubsub', headers: wsHeaders('guest-pubsub'), username: 'viewer', password: 'viewer-pw' }))
      .rejects.toThrow(/refused with 403/)
    const sub = await connectWs({ analyzer: an.address, path: '/ws/subscriber', headers: wsHeaders('guest-sub'), username: 'viewer', password: 'viewer-pw' })
    await sub.close()
  })

  it('never writes a password to its log', () => {
    expect(an.logs()).toContain('User authenticated')
    for (const s of SECRETS) expect(an.logs()).not.toContain(s)
    expect(an.logs()).not.toContain(Buffer.from('admin:s3cret-admin').toString('base64'))
  })
})

describe('with one basic backend for both the API and the cluster', () => {
  let an: AnalyzerProcess
  beforeAll(async () => {
    an = await startAnalyzerProcess({
      yaml: `host_id: sdt-auth-shared
analyzer:
  auth:
    api:
      backend: shared
    cluster:
      backend: shared
auth:
  shared:
    type: basic
    users:
      agent2: agent2-pw
      viewer: viewer-pw
rbac:
  policy:
    - g, viewer, guest
`,
    })
  })
  afterAll(async () => {
    await an.stop()
  })
  const as = (u: string, p: string) => ({ Authorization: basic(u, p) })

  it('keeps a guest a guest after it tried the agent endpoint (no admin role leaks to the API)', async () => {
    await expect(connectWs({ analyzer: an.address, path: '/ws/agent/topology', headers: wsHeaders('guest-agent'), username: 'viewer', password: 'viewer-pw' }))
      .rejects.toThrow(/refused with 403/)
    await expect(connectWs({ analyzer: an.address, path: '/ws/pubsub', headers: wsHeaders('guest-pubsub'), username: 'viewer', password: 'viewer-pw' }))
      .rejects.toThrow(/refused with 403/)
    const r = await createAnalyzerClient({ analyzer: an.address }).request('POST', '/api/node', {
      body: { ID: 'g1', Metadata: { Type: 'device', Name: 'g1' } }, headers: as('viewer', 'viewer-pw'), allowErrors: true,
    })
    expect(r.status).toBe(405)
    expect(r.body).toBe("'viewer' has no 'write' permission on 'node'\n")
  })

  it('lets a user without a role in as an agent (cluster users are admin there)', async () => {
    const w = await connectWs({ analyzer: an.address, path: '/ws/agent/topology', headers: wsHeaders('agent2'), username: 'agent2', password: 'agent2-pw' })
    expect(w.upgradeHeaders['x-service-type']).toBe('analyzer')
    await w.close()
  })
})

describe('without auth (noauth, the default)', () => {
  let an: AnalyzerProcess
  beforeAll(async () => {
    an = await startAnalyzerProcess({ yaml: 'host_id: sdt-noauth\n' })
  })
  afterAll(async () => {
    await an.stop()
  })

  it.each(ROUTES)('serves anonymous %s %s', async (method, path, body) => {
    const r = await createAnalyzerClient({ analyzer: an.address }).request(method, path, { body, allowErrors: true })
    expect(r.status).not.toBe(401)
    expect(r.status).not.toBe(405)
  })

  it.each(WS_ENDPOINTS)('upgrades anonymous WebSocket %s', async (path) => {
    const w = await connectWs({ analyzer: an.address, path, headers: wsHeaders(`anon-${path}`) })
    await w.close()
  })

  it('logs in with an empty token', async () => {
    const r = await createAnalyzerClient({ analyzer: an.address }).request('POST', '/login', {
      body: 'username=x&password=y', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(JSON.parse(r.body).Token).toBe('')
    expect(String(r.headers['set-cookie'])).not.toContain('authtoken')
  })
})

describe('with TLS', () => {
  let an: AnalyzerProcess
  let certDir: string
  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'sdt-tls-'))
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'),
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
    an = await startAnalyzerProcess({
      tls: true,
      yaml: `host_id: sdt-tls\ntls:\n  server_cert: ${join(certDir, 'cert.pem')}\n  server_key: ${join(certDir, 'key.pem')}\n`,
    })
  })
  afterAll(async () => {
    await an.stop()
    rmSync(certDir, { recursive: true, force: true })
  })

  it('serves REST over HTTPS, verified with the CA or with --insecure', async () => {
    const ca = createAnalyzerClient({ analyzer: an.address, ssl: true, caCert: join(certDir, 'cert.pem') })
    expect(await ca.json('GET', '/api')).toMatchObject({ Service: 'analyzer', Host: 'sdt-tls' })
    const insecure = createAnalyzerClient({ analyzer: an.address, ssl: true, insecure: true })
    expect(await insecure.query('G.V().Count()')).toBe(0)
  })

  it('refuses an unverified certificate with a hint, and plain HTTP', async () => {
    const err = await createAnalyzerClient({ analyzer: an.address, ssl: true }).query('G').catch((e: unknown) => e)
    expect(isSkydiveError(err, 'analyzer-unreachable')).toBe(true)
    expect((err as { hint: string }).hint).toContain('--insecure')
    const plain = await createAnalyzerClient({ analyzer: an.address, timeoutMs: 3000 }).query('G').catch((e: unknown) => e)
    expect(isSkydiveError(plain)).toBe(true)
  })

  it('serves WebSockets over wss', async () => {
    const w = await connectWs({ analyzer: an.address, path: '/ws/subscriber', ssl: true, insecure: true, headers: wsHeaders('tls-sub') })
    w.send({ Namespace: 'Graph', Type: 'SyncRequest', UUID: 'tls', Obj: null })
    expect(await w.waitFor<{ UUID: string; Status: number }>((m) => m.UUID === 'tls')).toMatchObject({ Status: 200 })
    await w.close()
  })
})
