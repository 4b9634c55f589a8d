import { describe, expect, it } from 'vitest'
import { decodeAddress, parseProcNet } from './proc-net.js'

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F92 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F92 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 12346 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:D432 0100007F:1F92 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
`
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 223 1 0000000000000000 20 4 30 10 -1
`
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  100: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 333 2 0000000000000000 0
`

describe('parseProcNet (topology spec §2.3)', () => {
  it('decodes IPv4 TCP sockets: little-endian addresses, big-endian ports, states', () => {
    expect(parseProcNet(TCP, 'TCP')).toEqual([
      { Protocol: 'TCP', LocalAddress: '127.0.0.1', LocalPort: 8082, RemoteAddress: '0.0.0.0', RemotePort: 0, State: 'LISTEN', inode: 12345 },
      { Protocol: 'TCP', LocalAddress: '127.0.0.1', LocalPort: 8082, RemoteAddress: '127.0.0.1', RemotePort: 54321, State: 'ESTABLISHED', inode: 12346 },
    ])
  })

  it('skips sockets no process holds (inode 0) unless asked to keep them', () => {
    expect(parseProcNet(TCP, 'TCP', undefined, { keepUnowned: true })[2]).toEqual(
      { Protocol: 'TCP', LocalAddress: '127.0.0.1', LocalPort: 54322, RemoteAddress: '127.0.0.1', RemotePort: 8082, State: 'TIME_WAIT', inode: 0 })
  })

  it('decodes IPv6 sockets and prints IPv4-mapped addresses as dotted IPv4', () => {
    const s = parseProcNet(TCP6, 'TCP')
    expect(s.map((x) => [x.LocalAddress, x.LocalPort, x.RemoteAddress, x.State])).toEqual([
      ['::1', 22, '::', 'LISTEN'],
      ['127.0.0.1', 8080, '127.0.0.1', 'ESTABLISHED'],
    ])
  })

  it('reports unconnected UDP sockets as CLOSE so flow-matrix finds UDP servers', () => {
    expect(parseProcNet(UDP, 'UDP')).toEqual([
      { Protocol: 'UDP', LocalAddress: '0.0.0.0', LocalPort: 68, RemoteAddress: '0.0.0.0', RemotePort: 0, State: 'CLOSE', inode: 333 },
    ])
  })

  it('compresses the longest zero run of an IPv6 address', () => {
    // fe80::1:2 in /proc/net word order
    expect(decodeAddress('000080FE000000000000000002000100')).toBe('fe80::1:2')
  })

  it('reads lines off the kernel layout (wider or extra blanks) by their tokens', () => {
    const odd = TCP.split('\n')[0] + '\n' +
      ' 12345:  0100007F:1F92   0100007F:D431 01 00000000:00000000 00:000000000 00000000  1000        0 777 1\n'
    expect(parseProcNet(odd, 'TCP')).toEqual([
      { Protocol: 'TCP', LocalAddress: '127.0.0.1', LocalPort: 8082, RemoteAddress: '127.0.0.1', RemotePort: 54321, State: 'ESTABLISHED', inode: 777 },
    ])
  })

  it('skips malformed lines instead of failing', () => {
    expect(parseProcNet('header\ngarbage line\n', 'TCP')).toEqual([])
  })
})
