import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProcessTable } from './process-table.js'

// A /proc look-alike (stat: field 22 = start time): /<pid>/stat, /<pid>/exe, /<pid>/fd/<n> -> "socket:[inode]".
let root: string
function proc(pid: number, name: string, start: number, fds: Record<string, string>): void {
  const dir = join(root, String(pid))
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'fd'), { recursive: true })
  const rest = Array.from({ length: 30 }, (_, i) => (i === 18 ? String(start) : '0')).join(' ')
  writeFileSync(join(dir, 'stat'), `${pid} (${name}) S ${rest}\n`)
  symlinkSync(`/usr/bin/${name}`, join(dir, 'exe'))
  for (const [fd, target] of Object.entries(fds)) symlinkSync(target, join(dir, 'fd', fd))
}
const set = (...xs: number[]) => new Set(xs)

beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'sdt-agent-proc-')) })
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('ProcessTable', () => {
  it('maps socket inodes to pid, command name and executable', () => {
    proc(10, 'node server', 100, { 0: '/dev/null', 3: 'socket:[111]', 4: 'socket:[112]' })
    proc(11, 'nc', 200, { 3: 'socket:[113]' })
    const t = new ProcessTable(root)
    const m = t.resolve(set(111, 113, 999))
    expect(m(111)).toMatchObject({ pid: 10, name: 'node server', exe: '/usr/bin/node server' })
    expect(m(113)).toMatchObject({ pid: 11, name: 'nc' })
    expect(m(999)).toBeUndefined()
  })

  it('reads no fd link on a rescan when every socket is already known', () => {
    proc(10, 'srv', 100, { 3: 'socket:[111]', 4: 'socket:[112]' })
    const t = new ProcessTable(root)
    t.resolve(set(111, 112))
    t.resolve(set(111, 112))
    expect(t.lastStats).toMatchObject({ readlinks: 0, walkedProcesses: 0 })
  })

  it('reads only the new fd numbers of a known process', () => {
    proc(10, 'srv', 100, { 3: 'socket:[111]', 4: 'socket:[112]' })
    const t = new ProcessTable(root)
    t.resolve(set(111, 112))
    symlinkSync('socket:[120]', join(root, '10', 'fd', '5'))
    expect(t.resolve(set(111, 112, 120))(120)?.pid).toBe(10)
    expect(t.lastStats).toMatchObject({ readlinks: 1, fullWalk: false })
  })

  it('re-reads a small process whole to find a socket on a reused fd number', () => {
    proc(10, 'srv', 100, { 3: 'socket:[111]' })
    const t = new ProcessTable(root)
    t.resolve(set(111))
    unlinkSync(join(root, '10', 'fd', '3'))
    symlinkSync('socket:[130]', join(root, '10', 'fd', '3'))
    expect(t.resolve(set(130))(130)?.pid).toBe(10)
    expect(t.lastStats).toMatchObject({ fullWalk: false, readlinks: 1 })
  })

  it('walks big processes for a socket on a reused fd only once it persists, then stops searching for orphans', () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [String(100 + i), '/dev/null']))
    proc(10, 'srv', 100, { ...many, 3: 'socket:[111]' })
    const t = new ProcessTable(root)
    t.resolve(set(111))
    unlinkSync(join(root, '10', 'fd', '3'))
    symlinkSync('socket:[130]', join(root, '10', 'fd', '3'))
    expect(t.resolve(set(130, 777))(130)).toBeUndefined()
    expect(t.lastStats.fullWalk).toBe(false)
    expect(t.resolve(set(130, 777))(130)?.pid).toBe(10)
    expect(t.lastStats.fullWalk).toBe(true)
    t.resolve(set(130, 777))
    expect(t.lastStats).toMatchObject({ fullWalk: false, readlinks: 0 })
  })

  it('forgets a process restarted under the same pid (new start time)', () => {
    proc(10, 'old', 100, { 3: 'socket:[111]' })
    const t = new ProcessTable(root)
    expect(t.resolve(set(111))(111)?.name).toBe('old')
    proc(10, 'new', 500, { 3: 'socket:[140]' })
    const m = t.resolve(set(111, 140))
    expect(m(140)?.name).toBe('new')
    expect(m(111)).toBeUndefined()
  })
})

describe('ProcessTable likely owners', () => {
  it('re-reads the likely owner of a socket on a reused fd before walking everything', () => {
    proc(10, 'srv', 100, { 3: 'socket:[111]' })
    proc(11, 'other', 100, { 3: 'socket:[200]', 4: 'socket:[201]' })
    const t = new ProcessTable(root)
    t.resolve(set(111, 200, 201))
    unlinkSync(join(root, '10', 'fd', '3'))
    symlinkSync('socket:[150]', join(root, '10', 'fd', '3'))
    expect(t.resolve(set(150, 200, 201), () => [10])(150)?.pid).toBe(10)
    expect(t.lastStats).toMatchObject({ fullWalk: false, readlinks: 1 })
  })
})

describe('ProcessTable with fd counts (Linux ≥ 6.2: the size of /proc/<pid>/fd)', () => {
  // what procfs reports, for the look-alike
  const count = (dir: string) => { try { return readdirSync(dir).length } catch { return -1 } }
  const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [String(100 + i), '/dev/null']))

  it('finds the new fds of a process whose count moved at its lowest free fd numbers, listing no fd directory', () => {
    // fds 0 to 99 but 5 and 6 (closed earlier)
    const dense = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [String(i), '/dev/null']).filter(([fd]) => fd !== '5' && fd !== '6'))
    proc(10, 'srv', 100, { ...dense, 3: 'socket:[111]' })
    proc(11, 'big', 100, { ...many, 3: 'socket:[200]' })
    const t = new ProcessTable(root, count)
    t.resolve(set(111, 200))
    symlinkSync('socket:[120]', join(root, '10', 'fd', '5'))
    symlinkSync('socket:[121]', join(root, '10', 'fd', '100'))
    const m = t.resolve(set(111, 200, 120, 121))
    expect([m(120)?.pid, m(121)?.pid]).toEqual([10, 10])
    // fds 5 and 100 (new) and 6 (free): nothing else read
    expect(t.lastStats).toMatchObject({ walkedProcesses: 0, readlinks: 3, fullWalk: false })
  })

  it('lists the fds of a process whose new fds are not at its lowest free numbers (dup2)', () => {
    proc(10, 'srv', 100, { ...many, 3: 'socket:[111]' })
    const t = new ProcessTable(root, count)
    t.resolve(set(111))
    symlinkSync('socket:[120]', join(root, '10', 'fd', '900'))
    expect(t.resolve(set(111, 120))(120)?.pid).toBe(10)
    expect(t.lastStats).toMatchObject({ walkedProcesses: 1, fullWalk: false })
  })

  it('lists the fds of a likely owner whose count hid new fds behind a closed one, before reading them all', () => {
    proc(10, 'srv', 100, { ...many, 3: 'socket:[111]', 4: '/dev/null' })
    const t = new ProcessTable(root, count)
    t.resolve(set(111))
    // fd 4 (not a socket) closed unseen, two sockets opened: the count says one is new
    unlinkSync(join(root, '10', 'fd', '4'))
    symlinkSync('socket:[120]', join(root, '10', 'fd', '5'))
    symlinkSync('socket:[121]', join(root, '10', 'fd', '6'))
    const m = t.resolve(set(111, 120, 121), () => [10])
    expect([m(120)?.pid, m(121)?.pid]).toEqual([10, 10])
    expect(t.lastStats.readlinks).toBeLessThan(10)
  })

  it('still finds a socket on a reused fd number when the count did not move, once it persists', () => {
    proc(10, 'srv', 100, { ...many, 3: 'socket:[111]' })
    const t = new ProcessTable(root, count)
    t.resolve(set(111))
    unlinkSync(join(root, '10', 'fd', '3'))
    symlinkSync('socket:[130]', join(root, '10', 'fd', '3'))
    expect(t.resolve(set(130))(130)).toBeUndefined()
    expect(t.lastStats).toMatchObject({ walkedProcesses: 0, readlinks: 0 })
    expect(t.resolve(set(130))(130)?.pid).toBe(10)
    expect(t.lastStats.fullWalk).toBe(true)
  })

  it('re-reads only the fd of a closed socket, where a new one often sits', () => {
    proc(10, 'srv', 100, { ...many, 3: 'socket:[111]' })
    const t = new ProcessTable(root, count)
    t.resolve(set(111))
    unlinkSync(join(root, '10', 'fd', '3'))
    symlinkSync('socket:[130]', join(root, '10', 'fd', '3'))
    t.refresh()
    t.closed([111])
    expect(t.owner(130)?.pid).toBe(10)
    expect(t.owner(111)).toBeUndefined()
    expect(t.lastStats).toMatchObject({ readlinks: 1, walkedProcesses: 0 })
  })
})
