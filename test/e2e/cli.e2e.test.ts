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

  it('exits 2 on an unknown command and names it', () => {
    const r = run('no-such-command')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("unknown command 'no-such-command'")
  })
})
