import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isSkydiveError } from '../core/errors.js'
import { loadConfig, resolveConfig } from './load-config.js'
import { yamlSource } from './yaml-source.js'

const dir = mkdtempSync(join(tmpdir(), 'sdt-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const fromYaml = (text: string, env: Record<string, string> = {}, flags?: Record<string, unknown>) =>
  resolveConfig([yamlSource(text, 'skydive.yml')], { env, flags, hostname: 'h1' })

async function failure(p: () => unknown): Promise<Error> {
  try {
    await p()
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a failure')
}

describe('loadConfig', () => {
  it('gives upstream defaults when nothing is configured', () => {
    const c = resolveConfig([], { env: {}, hostname: 'h1' })
    expect(c.host_id).toBe('h1')
    expect(c.analyzer.listen).toBe('127.0.0.1:8082')
    expect(c.http.ws.ping_delay).toBe(2)
    expect(c.http.ws.pong_timeout).toBe(5)
    expect(c.flow.expire).toBe(600)
    expect(c.analyzer.auth.api.backend).toBe('noauth')
    expect(c.agent.topology.netns.run_path).toBe('/var/run/netns')
    expect(c.logging.level).toBe('info')
  })

  it('reads upstream key names from YAML', () => {
    const c = fromYaml([
      'host_id: ctl-1',
      'analyzer:',
      '  listen: 0.0.0.0:9082',
      '  topology:',
      '    fabric:',
      '      - TOR1[Name=tor1] -> TOR1_PORT1[Name=port1, MTU=1500]',
      'http:',
      '  ws:',
      '    ping_delay: 1',
      'agent:',
      '  metadata:',
      '    rack: r1',
      'logging:',
      '  level: DEBUG',
    ].join('\n'))
    expect(c.host_id).toBe('ctl-1')
    expect(c.analyzer.listen).toBe('0.0.0.0:9082')
    expect(c.analyzer.topology.fabric).toHaveLength(1)
    expect(c.http.ws.ping_delay).toBe(1)
    expect(c.http.ws.pong_timeout).toBe(5)
    expect(c.agent.metadata).toEqual({ rack: 'r1' })
    expect(c.logging.level).toBe('debug')
  })

  it('names the file line of a fabric entry that does not parse', () => {
    const yaml = ['analyzer:', '  topology:', '    fabric:', '      - TOR1[Name=tor1] -> TOR1_PORT1[Name=port1]', '      - TOR1 = TOR2', ''].join('\n')
    expect(() => fromYaml(yaml)).toThrow(
      'Invalid configuration key "analyzer.topology.fabric.1" at skydive.yml:5: fabric line "TOR1 = TOR2": expected "->" or "-->" between two nodes')
  })

  it('lets SKYDIVE_* variables override the file and flags override both', () => {
    const yaml = 'analyzer:\n  listen: 127.0.0.1:1000\nagent:\n  topology:\n    probes: [ovsdb]\n'
    const env = { SKYDIVE_ANALYZER_LISTEN: '127.0.0.1:2000', SKYDIVE_AGENT_TOPOLOGY_PROBES: 'runc docker', SKYDIVE_HTTP_WS_PONG_TIMEOUT: '9' }
    expect(fromYaml(yaml, env).analyzer.listen).toBe('127.0.0.1:2000')
    expect(fromYaml(yaml, env).agent.topology.probes).toEqual(['runc', 'docker'])
    expect(fromYaml(yaml, env).http.ws.pong_timeout).toBe(9)
    expect(fromYaml(yaml, env, { 'analyzer.listen': '127.0.0.1:3000' }).analyzer.listen).toBe('127.0.0.1:3000')
    expect(fromYaml(yaml, env, { 'analyzer.listen': undefined }).analyzer.listen).toBe('127.0.0.1:2000')
  })

  it('honours the legacy aliases', () => {
    const c = fromYaml([
      'auth:',
      '  type: basic',
      '  analyzer_username: admin',
      '  analyzer_password: secret',
      '  basic:',
      '    users:',
      '      admin: secret',
      'netns:',
      '  run_path: /run/netns',
      'graph:',
      '  backend: memory',
    ].join('\n'))
    expect(c.analyzer.auth.api.backend).toBe('basic')
    expect(c.agent.auth.api.backend).toBe('basic')
    expect(c.analyzer.auth.cluster.username).toBe('admin')
    expect(c.agent.auth.cluster.password).toBe('secret')
    expect(c.agent.topology.netns.run_path).toBe('/run/netns')
    expect(c.auth['basic']?.users).toEqual({ admin: 'secret' })
  })

  it('returns a frozen configuration', () => {
    const c = resolveConfig([], { env: {}, hostname: 'h1' })
    expect(Object.isFrozen(c)).toBe(true)
    expect(Object.isFrozen(c.analyzer.topology.fabric)).toBe(true)
  })

  it('names the key and the line of a bad value', async () => {
    const err = await failure(() => fromYaml('analyzer:\n  listen: 127.0.0.1:8082\nhttp:\n  ws:\n    ping_delay: soon\n'))
    expect(isSkydiveError(err, 'config-invalid')).toBe(true)
    expect(err.message).toContain('"http.ws.ping_delay"')
    expect(err.message).toContain('skydive.yml:5')
  })

  it('names the line of a YAML syntax error', async () => {
    const err = await failure(() => fromYaml('analyzer:\n  listen: [unclosed\nflow:\n  expire: 1\n'))
    expect(isSkydiveError(err, 'config-invalid')).toBe(true)
    expect(err.message).toMatch(/line \d+/)
  })

  it('names the variable of a bad environment value', async () => {
    const err = await failure(() => fromYaml('', { SKYDIVE_FLOW_PROTOCOL: 'carrier-pigeon' }))
    expect(err.message).toContain('SKYDIVE_FLOW_PROTOCOL')
    expect(err.message).toContain('"udp", "websocket"')
  })

  it('rejects an auth backend that names no section', async () => {
    const err = await failure(() => fromYaml('analyzer:\n  auth:\n    api:\n      backend: ldap\n'))
    expect(err.message).toContain('"analyzer.auth.api.backend" at skydive.yml:4')
    expect(err.message).toContain('no "auth.ldap" section')
  })

  it('rejects a server certificate without its key', async () => {
    const err = await failure(() => fromYaml('tls:\n  server_cert: /tmp/c.pem\n'))
    expect(err.message).toContain('tls.server_key')
  })

  it('reports unknown keys as warnings and keeps them', () => {
    const warnings: string[] = []
    const c = resolveConfig([yamlSource('analyzer:\n  lissten: 1\nui:\n  theme: dark\n', 's.yml')], { env: {}, hostname: 'h', onWarning: (w) => warnings.push(w) })
    expect(warnings.some((w) => w.includes('analyzer.lissten') && w.includes('s.yml:2'))).toBe(true)
    expect((c as unknown as { ui: unknown }).ui).toEqual({ theme: 'dark' })
  })

  it('reads files given with --config and names a missing one', async () => {
    const file = join(dir, 'ok.yml')
    writeFileSync(file, 'host_id: from-file\n')
    expect((await loadConfig({ config: file, env: {} })).host_id).toBe('from-file')
    const err = await failure(() => loadConfig({ config: join(dir, 'missing.yml'), env: {} }))
    expect(isSkydiveError(err, 'config-invalid')).toBe(true)
    expect(err.message).toContain('missing.yml')
  })

  it('completes a user-defined basic auth section', () => {
    const c = fromYaml('auth:\n  myusers:\n    users:\n      alice: pw\nanalyzer:\n  auth:\n    api:\n      backend: myusers\n')
    expect(c.auth['myusers']).toMatchObject({ type: 'basic', role: 'admin', users: { alice: 'pw' } })
  })
})
