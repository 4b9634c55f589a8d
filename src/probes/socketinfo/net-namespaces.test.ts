import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SocketScanner } from './socket-scanner.js'

// A fake /proc: <pid>/stat, exe, fd/, ns/net -> "net:[N]", net/tcp; self/ns/net is the reader's
// namespace (1); root/net is the reader's /proc/net.
let root: string
const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
const hexPort = (p: number) => p.toString(16).toUpperCase().padStart(4, '0')
/** A /proc/net/tcp line: 127.0.0.1:port listening. */
const listen = (port: number, inode: number) =>
  `   0: 0100007F:${hexPort(port)} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`
const p = (...parts: Array<string | number>) => join(root, 'proc', ...parts.map(String))

function proc(pid: number, ns: number, start = 100): void {
  rmSync(p(pid), { recursive: true, force: true })
  mkdirSync(p(pid, 'fd'), { recursive: true })
  mkdirSync(p(pid, 'ns'))
  const rest = Array.from({ length: 30 }, (_, i) => (i === 18 ? String(start) : '0')).join(' ')
  writeFileSync(p(pid, 'stat'), `${pid} (srv${pid}) S ${rest}\n`)
  symlinkSync(`/usr/bin/srv${pid}`, p(pid, 'exe'))
  inNs(pid, ns)
}
/** Puts a process in namespace `ns`: its ns link, and its net/tcp is that namespace's file. */
function inNs(pid: number, ns: number): void {
  rmSync(p(pid, 'ns', 'net'), { force: true })
  symlinkSync(`net:[${ns}]`, p(pid, 'ns', 'net'))
  rmSync(p(pid, 'net'), { recursive: true, force: true })
  symlinkSync(join(root, `net-${ns}`), p(pid, 'net'))
}
const fd = (pid: number, n: number, inode: number) => symlinkSync(`socket:[${inode}]`, p(pid, 'fd', n))
const tcp = (ns: number, text: string) => writeFileSync(join(root, ns === 1 ? 'net' : `net-${ns}`, 'tcp'), HEADER + text)
const scanner = (namespaces?: 'auto' | 'all' | 'own') =>
  new SocketScanner({ procRoot: join(root, 'proc'), netDir: join(root, 'net'), ...(namespaces ? { namespaces } : {}) })
const rows = (s: SocketScanner) => s.scan().map((x) => [x['LocalPort'], x['Pid']])

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sdt-sockns-unit-'))
  for (const dir of ['net', 'net-2', 'net-3']) mkdirSync(join(root, dir))
  mkdirSync(p('self', 'ns'), { recursive: true })
  symlinkSync('net:[1]', p('self', 'ns', 'net'))
  proc(1, 1)
  // the reader's namespace (1): 42 listens on 8080; namespace 2: 43 listens on 8080 too
  proc(42, 1)
  fd(42, 3, 9000)
  tcp(1, listen(8080, 9000))
  proc(43, 2)
  fd(43, 3, 9100)
  tcp(2, listen(8080, 9100))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('SocketScanner across network namespaces', () => {
  it('lists the same address and port of two namespaces once each, its own namespace first', () => {
    proc(44, 2) // a second process of namespace 2: the namespace is still read once
    const s = scanner('all')
    expect(rows(s)).toEqual([[8080, 42], [8080, 43]])
    expect(s.stats.otherNamespaces).toBe(1)
  })

  it('reads every namespace by default when it runs in the namespace of pid 1, only its own otherwise', () => {
    const s = scanner()
    expect(s.allNamespaces).toBe(true)
    expect(rows(s)).toEqual([[8080, 42], [8080, 43]])
    inNs(1, 3)
    const inner = scanner()
    expect(inner.allNamespaces).toBe(false)
    expect(rows(inner)).toEqual([[8080, 42]])
  })

  it('reads only its own namespace when told to', () => {
    expect(rows(scanner('own'))).toEqual([[8080, 42]])
  })

  it('tells the namespace of pid 1 by its net files when its namespace link cannot be read', () => {
    unlinkSync(p(1, 'ns', 'net'))
    rmSync(p(1, 'net'))
    symlinkSync(join(root, 'net'), p(1, 'net'))
    symlinkSync(join(root, 'net'), p('self', 'net'))
    expect(rows(scanner())).toEqual([[8080, 42], [8080, 43]])
    rmSync(p(1, 'net'))
    symlinkSync(join(root, 'net-3'), p(1, 'net'))
    writeFileSync(join(root, 'net-3', 'tcp'), HEADER)
    expect(rows(scanner())).toEqual([[8080, 42]])
  })

  it('keeps to its own namespace when neither the namespace nor the net files of pid 1 can be read', () => {
    unlinkSync(p(1, 'ns', 'net'))
    expect(rows(scanner())).toEqual([[8080, 42]])
  })

  it('reads no namespace link of known processes on a warm rescan, one per other namespace to check its reader', () => {
    const s = scanner('all')
    s.scan()
    expect(s.stats.netnsReadlinks).toBe(4) // 1, 42, 43 once each, and the check of 43
    s.scan() // the second look at each process (a process may move before it execs)
    const warm = s.scan()
    expect(s.stats).toMatchObject({ netnsReadlinks: 1, readlinks: 0, otherNamespaces: 1 })
    expect(s.scan()).toBe(warm)
  })

  it('reads a namespace through another of its processes when the one it used exits', () => {
    const s = scanner('all')
    expect(rows(s)).toEqual([[8080, 42], [8080, 43]])
    proc(44, 2)
    fd(44, 3, 9100) // 43 passed its socket on, then exits
    rmSync(p(43), { recursive: true })
    expect(rows(s)).toEqual([[8080, 42], [8080, 44]])
  })

  it('follows the process it reads a namespace through into the namespace it moved to', () => {
    const s = scanner('all')
    s.scan()
    s.scan()
    // 43 moves to namespace 3 and listens there; 44 is namespace 2's only process now
    inNs(43, 3)
    fd(43, 4, 9300)
    tcp(3, listen(9090, 9300))
    proc(44, 2)
    expect(rows(s)).toEqual([[8080, 42], [8080, 43], [9090, 43]])
    expect(s.stats.otherNamespaces).toBe(2)
  })

  it('drops a namespace whose last process exited', () => {
    const s = scanner('all')
    s.scan()
    rmSync(p(43), { recursive: true })
    expect(rows(s)).toEqual([[8080, 42]])
    expect(s.stats.otherNamespaces).toBe(0)
  })
})
