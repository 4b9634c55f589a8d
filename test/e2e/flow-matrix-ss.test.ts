// Checks the e2e test's independent matrix builder on captured ss output, so the flagship
// comparison stands on a verified reference.
import { describe, expect, it } from 'vitest'
import { expectedMatrix, parseSs } from './flow-matrix-ss.js'

const NS1 = `LISTEN    0      4096     127.0.0.1:2379      0.0.0.0:*     users:(("etcd",pid=11,fd=9))
LISTEN    0      4096   10.199.71.1:2380      0.0.0.0:*     users:(("etcd",pid=11,fd=7))
ESTAB     0      0      10.199.71.1:42932 10.199.71.2:2380  users:(("etcd",pid=11,fd=14))
TIME-WAIT 0      0      10.199.71.1:42966 10.199.71.2:2380
ESTAB     0      0        127.0.0.1:2379    127.0.0.1:36524 users:(("etcd",pid=11,fd=27))
ESTAB     0      0        127.0.0.1:36524   127.0.0.1:2379  users:(("etcctl",pid=12,fd=25))
ESTAB     0      0      10.199.71.1:2380  10.199.71.2:33578 users:(("etcd",pid=11,fd=20))
ESTAB     0      0      10.199.71.1:50000 10.199.71.254:8082 users:(("skydive",pid=13,fd=20))
`
const NS2 = `LISTEN    0      4096   [::ffff:10.199.71.2]:2380      *:*     users:(("etcd",pid=21,fd=7))
ESTAB     0      0      10.199.71.2:2380  10.199.71.1:42932 users:(("etcd",pid=21,fd=19))
ESTAB     0      0      10.199.71.2:33578 10.199.71.1:2380  users:(("etcd",pid=21,fd=13))
ESTAB     0      0        127.0.0.1:40000   127.0.0.1:2379  users:(("curl",pid=22,fd=3))
`

describe('the e2e reference matrix', () => {
  const sockets = [...parseSs('etcd-1', NS1), ...parseSs('etcd-2', NS2)]
  const exe = (pid: number): string => ({ 11: '/usr/bin/etcd', 12: '/usr/bin/etcdctl', 21: '/usr/bin/etcd', 22: '/usr/bin/curl' })[pid] ?? '?'

  it('parses ss lines, wildcards and IPv4-mapped addresses', () => {
    expect(sockets[1]).toEqual({ host: 'etcd-1', state: 'LISTEN', localAddress: '10.199.71.1', localPort: 2380, remoteAddress: '0.0.0.0', remotePort: 0, name: 'etcd', pid: 11 })
    expect(sockets[3]).toMatchObject({ state: 'TIME-WAIT', name: '', pid: 0 })
    expect(sockets[8]).toMatchObject({ localAddress: '10.199.71.2', remoteAddress: '0.0.0.0' })
  })

  it('pairs cross-host peers and same-host loopback clients, not loopback across hosts or unlistened ports', () => {
    expect(expectedMatrix(sockets, exe)).toEqual([
      'TCP,etcd-1,10.199.71.1,2380,/usr/bin/etcd,etcd,etcd-2,10.199.71.2,/usr/bin/etcd,etcd',
      'TCP,etcd-1,127.0.0.1,2379,/usr/bin/etcd,etcd,etcd-1,127.0.0.1,/usr/bin/etcdctl,etcctl',
      'TCP,etcd-2,10.199.71.2,2380,/usr/bin/etcd,etcd,etcd-1,10.199.71.1,/usr/bin/etcd,etcd',
    ])
  })
})
