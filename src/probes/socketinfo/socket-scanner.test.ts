import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseProcNet } from './proc-net.js'
import { sameSockets, SocketScanner } from './socket-scanner.js'

// A fake /proc (one process, pid 42) and /proc/net with files larger than the read buffer.
let root: string
const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
function tcpLine(i: number, inode: number): string {
  const port = (10000 + i).toString(16).toUpperCase().padStart(4, '0')
  return `${String(i).padStart(4)}: 0100007F:${port} 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 20 4 30 10 -1\n`
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sdt-agent-scan-'))
  mkdirSync(join(root, 'net'))
  mkdirSync(join(root, 'proc', '42', 'fd'), { recursive: true })
  const rest = Array.from({ length: 30 }, (_, i) => (i === 18 ? '777' : '0')).join(' ')
  writeFileSync(join(root, 'proc', '42', 'stat'), `42 (server) S ${rest}\n`)
  symlinkSync('/usr/bin/server', join(root, 'proc', '42', 'exe'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

/** A second fake process. */
function proc(pid: number, name: string): void {
  mkdirSync(join(root, 'proc', String(pid), 'fd'), { recursive: true })
  const rest = Array.from({ length: 30 }, (_, i) => (i === 18 ? '888' : '0')).join(' ')
  writeFileSync(join(root, 'proc', String(pid), 'stat'), `${pid} (${name}) S ${rest}\n`)
  symlinkSync(`/usr/bin/${name}`, join(root, 'proc', String(pid), 'exe'))
}
const fd = (pid: number, n: number, inode: number) => symlinkSync(`socket:[${inode}]`, join(root, 'proc', String(pid), 'fd', String(n)))
/** Replaces /proc/net/tcp with the header and `lines`. */
const setTcp = (lines: string) => writeFileSync(join(root, 'net', 'tcp'), HEADER + lines)
/** fd `n` of `pid` closes and a new socket gets its number (the kernel reuses the lowest free fd). */
const reuseFd = (pid: number, n: number, inode: number) => {
  unlinkSync(join(root, 'proc', String(pid), 'fd', String(n)))
  fd(pid, n, inode)
}
const hexPort = (p: number) => p.toString(16).toUpperCase().padStart(4, '0')
/** A /proc/net/tcp line between two loopback ports. */
const line = (lport: number, rport: number, state: string, inode: number) =>
  `   0: 0100007F:${hexPort(lport)} 0100007F:${hexPort(rport)} ${state} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 20 4 30 10 -1\n`
/** Gives a fake process 80 more fds (not sockets): too big to be re-read whole on a hunch. */
const bulk = (pid: number) => { for (let i = 0; i < 80; i++) symlinkSync('/dev/null', join(root, 'proc', String(pid), 'fd', String(100 + i))) }
const scanner = () => new SocketScanner({ procRoot: join(root, 'proc'), netDir: join(root, 'net') })
const tcp6Line = (inode: number) => `   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`

describe('SocketScanner', () => {
  it('reads files larger than its buffer line by line, joining sockets with their process', () => {
    let text = HEADER
    for (let i = 0; i < 1500; i++) {
      text += tcpLine(i, i % 3 === 0 ? 0 : 5000 + i) // every third line is unowned (TIME_WAIT-like)
      if (i % 3 !== 0) symlinkSync(`socket:[${5000 + i}]`, join(root, 'proc', '42', 'fd', String(100 + i)))
    }
    writeFileSync(join(root, 'net', 'tcp'), text)
    expect(text.length).toBeGreaterThan(2 * 64 * 1024)
    const scanner = new SocketScanner({ procRoot: join(root, 'proc'), netDir: join(root, 'net') })
    const sockets = scanner.scan()
    const expected = parseProcNet(text, 'TCP')
    expect(sockets).toHaveLength(1000)
    expect(sockets.map((s) => s['LocalPort'])).toEqual(expected.map((s) => s.LocalPort))
    expect(sockets[0]).toEqual({ Protocol: 'TCP', LocalAddress: '127.0.0.1', LocalPort: 10001, RemoteAddress: '127.0.0.1',
      RemotePort: 8080, State: 'ESTABLISHED', Process: '/usr/bin/server', Pid: 42, Name: 'server' })
  })

  it('returns the same entry objects when nothing changed', () => {
    setTcp(tcpLine(1, 9001))
    symlinkSync('socket:[9001]', join(root, 'proc', '42', 'fd', '3'))
    const scanner = new SocketScanner({ procRoot: join(root, 'proc'), netDir: join(root, 'net') })
    const a = scanner.scan()
    const b = scanner.scan()
    expect(b[0]).toBe(a[0])
    expect(Object.isFrozen(b[0])).toBe(true)
    expect(sameSockets(a, b)).toBe(true)
    setTcp(tcpLine(1, 9001).replace(' 01 ', ' 08 '))
    expect(sameSockets(b, scanner.scan())).toBe(false)
  })

  it('returns the previous array itself while no socket changes, a new one when one goes', () => {
    setTcp(tcpLine(1, 9001) + tcpLine(2, 9002))
    fd(42, 3, 9001)
    fd(42, 4, 9002)
    const s = scanner()
    const a = s.scan()
    expect(s.scan()).toBe(a)
    setTcp(tcpLine(1, 9001))
    const b = s.scan()
    expect(b).not.toBe(a)
    expect(b).toEqual([a[0]])
    expect(b[0]).toBe(a[0])
  })

  it('lists a socket the kernel lists twice once', () => {
    setTcp(tcpLine(1, 9001) + tcpLine(1, 9001))
    fd(42, 3, 9001)
    expect(scanner().scan()).toHaveLength(1)
  })

  it('reads tcp6 only when sockstat6 counts TCP6 sockets in use', () => {
    writeFileSync(join(root, 'net', 'tcp6'), HEADER + tcp6Line(9100))
    fd(42, 3, 9100)
    writeFileSync(join(root, 'net', 'sockstat6'), 'TCP6: inuse 1\nUDP6: inuse 0\n')
    expect(scanner().scan().map((x) => x['LocalAddress'])).toEqual(['::1'])
    writeFileSync(join(root, 'net', 'sockstat6'), 'TCP6: inuse 0\nUDP6: inuse 0\n')
    expect(scanner().scan()).toEqual([])
  })

  it('gives a socket passed to another process its new owner in the same scan', () => {
    setTcp(tcpLine(1, 9001))
    fd(42, 3, 9001)
    const s = scanner()
    expect(s.scan()[0]).toMatchObject({ Pid: 42, Name: 'server' })
    // 42 hands the socket to a new process 43, closes its fd and opens another socket
    proc(43, 'worker')
    fd(43, 5, 9001)
    unlinkSync(join(root, 'proc', '42', 'fd', '3'))
    fd(42, 4, 9002)
    setTcp(tcpLine(1, 9001) + tcpLine(2, 9002))
    expect(s.scan().map((x) => [x['LocalPort'], x['Pid'], x['Name']])).toEqual([[10001, 43, 'worker'], [10002, 42, 'server']])
  })

  it('finds a new socket on the fd number of a closed one with one readlink', () => {
    bulk(42)
    setTcp(line(8080, 0, '0A', 9000) + line(8080, 45001, '01', 9001))
    fd(42, 3, 9000)
    fd(42, 4, 9001)
    const s = scanner()
    s.scan()
    // the connection on fd 4 closes and the next accepted one gets fd 4 again
    reuseFd(42, 4, 9002)
    setTcp(line(8080, 0, '0A', 9000) + line(8080, 45002, '01', 9002))
    expect(s.scan().map((x) => [x['RemotePort'], x['Pid']])).toEqual([[0, 42], [45002, 42]])
    expect(s.stats).toMatchObject({ readlinks: 1, fullWalk: false })
  })

  it('re-reads the process listening on the port of a new accepted socket', () => {
    bulk(42)
    setTcp(line(8080, 0, '0A', 9000))
    fd(42, 3, 9000)
    symlinkSync('/dev/null', join(root, 'proc', '42', 'fd', '4'))
    const s = scanner()
    s.scan()
    // fd 4 held a file, now an accepted connection: no closed socket points at it
    reuseFd(42, 4, 9002)
    setTcp(line(8080, 0, '0A', 9000) + line(8080, 45002, '01', 9002))
    expect(s.scan().map((x) => [x['RemotePort'], x['Pid']])).toEqual([[0, 42], [45002, 42]])
    expect(s.stats.fullWalk).toBe(false)
  })

  it('does not re-read a big process because it uses the same ephemeral port as a new socket', () => {
    bulk(42)
    proc(43, 'client')
    bulk(43)
    symlinkSync('/dev/null', join(root, 'proc', '43', 'fd', '3'))
    setTcp(line(45000, 9000, '01', 9000))
    fd(42, 3, 9000)
    const s = scanner()
    s.scan()
    // 43 connects to another service from the same local port, on a reused fd number
    reuseFd(43, 3, 9100)
    setTcp(line(45000, 9000, '01', 9000) + line(45000, 9001, '01', 9100))
    expect(s.scan()).toHaveLength(1)
    expect(s.stats).toMatchObject({ readlinks: 0, fullWalk: false })
    // still unknown at the next scan: every fd is read once
    expect(s.scan().map((x) => [x['RemotePort'], x['Pid'], x['Name']])).toEqual([[9000, 42, 'server'], [9001, 43, 'client']])
    expect(s.stats.fullWalk).toBe(true)
  })
})
