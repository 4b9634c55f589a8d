// The built binary's command-line contract: help lists commands, usage errors exit 2.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const BIN = resolve(import.meta.dirname, '../../bin/skydive')
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })

describe('skydive binary', () => {
  it('prints help listing the version command', () => {
    const r = run('--help')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Usage: skydive/)
    expect(r.stdout).toMatch(/^\s+version\s/m)
  })

  it('lists exactly the working commands, each with its own --help', () => {
    // every command here has end-to-end or integration tests; a stub must not appear in --help
    const listed = [...run('--help').stdout.matchAll(/^ {2}([a-z-]+)(?: \[[a-z]+\])?\s{2,}/gm)].map((m) => m[1])
    expect(listed).toEqual(['allinone', 'analyzer', 'agent', 'topology', 'capture', 'flow-matrix', 'version', 'help'])
    for (const cmd of ['allinone', 'analyzer', 'agent', 'topology', 'topology query', 'capture', 'flow-matrix']) {
      const r = run(...cmd.split(' '), '--help')
      expect(r.status, cmd).toBe(0)
      expect(r.stdout, cmd).toContain(`Usage: skydive ${cmd}`)
    }
    expect(run('topology', '--help').stdout).toMatch(/^\s+query \[options\] \[gremlin\]/m)
  })

  it('prints its version with the version command and --version', () => {
    const v = run('--version').stdout.trim()
    expect(v).toMatch(/^\d+\.\d+\.\d+/)
    expect(run('version').stdout).toBe(`skydive ${v}\n`)
  })

  it('exits 2 on an unknown command and names it', () => {
    const r = run('no-such-command')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("unknown command 'no-such-command'")
  })
})
