import { describe, expect, it } from 'vitest'
import { buildMatrix, type HostByAddress } from './build-matrix.js'
import type { HostSockets, Socket } from './socket.js'

const ETCD = { Process: '/usr/bin/etcd', Name: 'etcd' }
const CURL = { Process: '/usr/bin/curl', Name: 'curl' }

function tcp(local: string, remote: string, State: string, proc = ETCD): Socket {
  const [LocalAddress, LocalPort] = splitAddr(local)
  const [RemoteAddress, RemotePort] = splitAddr(remote)
  return { Protocol: 'TCP', LocalAddress, LocalPort, RemoteAddress, RemotePort, State, ...proc }
}
function udp(local: string, remote: string, State: string, proc = ETCD): Socket {
  return { ...tcp(local, remote, State, proc), Protocol: 'UDP' }
}
function splitAddr(a: string): [string, number] {
  const i = a.lastIndexOf(':')
  return [a.slice(0, i).replace(/^\[|\]$/g, ''), Number(a.slice(i + 1))]
}
const host = (Host: string, ...Sockets: Socket[]): HostSockets => ({ Host, Sockets })

describe('buildMatrix', () => {
  it('pairs loopback client and server sockets on the same host', () => {
    const h = host('etcd-1',
      tcp('127.0.0.1:2379', '0.0.0.0:0', 'LISTEN'),
      tcp('127.0.0.1:41000', '127.0.0.1:2379', 'ESTABLISHED', CURL),
      tcp('127.0.0.1:2379', '127.0.0.1:41000', 'ESTABLISHED'))
    expect(buildMatrix({ hosts: [h] }).rows).toEqual([{
      protocol: 'TCP', server: 'etcd-1', server_ip: '127.0.0.1', port: 2379,
      server_proc: '/usr/bin/etcd', server_procname: 'etcd',
      client: 'etcd-1', client_ip: '127.0.0.1', client_proc: '/usr/bin/curl', client_procname: 'curl',
    }])
  })

  it('never pairs a loopback connection with a socket on another host', () => {
    const a = host('a', tcp('127.0.0.1:41000', '127.0.0.1:2379', 'ESTABLISHED', CURL))
    const b = host('b', tcp('127.0.0.1:2379', '0.0.0.0:0', 'LISTEN'), tcp('127.0.0.1:2379', '127.0.0.1:50000', 'ESTABLISHED'))
    const m = buildMatrix({ hosts: [a, b] })
    expect(m.rows).toEqual([])
    expect(m.noPeers).toEqual([{ host: 'a', socket: a.Sockets[0] }])
  })

  it('pairs a loopback connection with its own host even when another host lists the same address first', () => {
    const other = host('b', tcp('127.0.0.1:2379', '127.0.0.1:50000', 'ESTABLISHED', CURL))
    const own = host('a',
      tcp('127.0.0.1:2379', '0.0.0.0:0', 'LISTEN'),
      tcp('127.0.0.1:41000', '127.0.0.1:2379', 'ESTABLISHED', CURL),
      tcp('127.0.0.1:2379', '127.0.0.1:41000', 'ESTABLISHED'))
    const rows = buildMatrix({ hosts: [other, own] }).rows
    expect(rows.map((r) => [r.server, r.server_procname, r.client])).toEqual([['a', 'etcd', 'a']])
  })

  it('pairs cross-host TCP connections in both directions of a 2-member cluster', () => {
    const a = host('etcd-1',
      tcp('10.0.0.1:2380', '0.0.0.0:0', 'LISTEN'),
      tcp('10.0.0.1:40001', '10.0.0.2:2380', 'ESTABLISHED'),
      tcp('10.0.0.1:2380', '10.0.0.2:40002', 'ESTABLISHED'))
    const b = host('etcd-2',
      tcp('10.0.0.2:2380', '0.0.0.0:0', 'LISTEN'),
      tcp('10.0.0.2:40002', '10.0.0.1:2380', 'ESTABLISHED'),
      tcp('10.0.0.2:2380', '10.0.0.1:40001', 'ESTABLISHED'))
    const rows = buildMatrix({ hosts: [b, a] }).rows
    expect(rows.map((r) => `${r.client}(${r.client_ip}) -> ${r.server}(${r.server_ip}:${r.port}) ${r.server_proc}`)).toEqual([
      'etcd-2(10.0.0.2) -> etcd-1(10.0.0.1:2380) /usr/bin/etcd',
      'etcd-1(10.0.0.1) -> etcd-2(10.0.0.2:2380) /usr/bin/etcd',
    ])
  })

  it('collapses duplicate connections into one row', () => {
    const server = host('s', tcp('10.0.0.2:80', '0.0.0.0:0', 'LISTEN', CURL),
      tcp('10.0.0.2:80', '10.0.0.1:50001', 'ESTABLISHED', CURL), tcp('10.0.0.2:80', '10.0.0.1:50002', 'ESTABLISHED', CURL))
    const client = host('c', tcp('10.0.0.1:50001', '10.0.0.2:80', 'ESTABLISHED'), tcp('10.0.0.1:50002', '10.0.0.2:80', 'ESTABLISHED'))
    expect(buildMatrix({ hosts: [server, client, client] }).rows).toHaveLength(1)
  })

  it('lists connections to a listening port whose server is not reported, once each', () => {
    const lonely = tcp('10.0.0.1:50001', '10.0.0.9:2380', 'ESTABLISHED')
    const a = host('a', tcp('10.0.0.1:2380', '0.0.0.0:0', 'LISTEN'), lonely)
    const m = buildMatrix({ hosts: [a, a] })
    expect(m.rows).toEqual([])
    expect(m.noPeers).toEqual([{ host: 'a', socket: lonely }])
  })

  it('ignores connections to ports nobody listens on', () => {
    const a = host('a', tcp('10.0.0.1:50001', '10.0.0.9:443', 'ESTABLISHED'))
    expect(buildMatrix({ hosts: [a] })).toEqual({ rows: [], noPeers: [] })
  })

  it('pairs IPv6 connections, including ::1 loopback', () => {
    const a = host('a',
      tcp(':::2379', ':::0', 'LISTEN'),
      tcp('[fd00::1]:50001', '[fd00::2]:2379', 'ESTABLISHED', CURL),
      tcp('[::1]:50002', '[::1]:2379', 'ESTABLISHED', CURL),
      tcp('[::1]:2379', '[::1]:50002', 'ESTABLISHED'))
    const b = host('b', tcp('[fd00::2]:2379', '[fd00::1]:50001', 'ESTABLISHED'))
    const rows = buildMatrix({ hosts: [a, b] }).rows
    expect(rows.map((r) => [r.server, r.server_ip, r.client, r.client_ip])).toEqual([
      ['a', '::1', 'a', '::1'],
      ['b', 'fd00::2', 'a', 'fd00::1'],
    ])
  })

  it('pairs a connected UDP client with the connected server socket indexed on its port', () => {
    const server = host('dns', udp('10.0.0.2:53', '0.0.0.0:0', 'CLOSE'), udp('10.0.0.2:53', '10.0.0.1:40000', 'ESTABLISHED'))
    const client = host('c', udp('10.0.0.1:40000', '10.0.0.2:53', 'ESTABLISHED', CURL))
    expect(buildMatrix({ hosts: [server, client] }).rows.map((r) => [r.protocol, r.server, r.client])).toEqual([['UDP', 'dns', 'c']])
  })

  it('finds the server of a UDP connection through the address lookup when it has no connected socket', () => {
    const server = host('dns', udp('0.0.0.0:53', '0.0.0.0:0', 'CLOSE', { Process: '/usr/sbin/named', Name: 'named' }))
    const client = host('c', udp('10.0.0.1:40000', '10.0.0.2:53', 'ESTABLISHED', CURL))
    const asked: string[] = []
    const lookup: HostByAddress = (addr) => (asked.push(addr), addr === '10.0.0.2' ? server : undefined)
    const m = buildMatrix({ hosts: [server, client], hostByAddress: lookup })
    expect(asked).toEqual(['10.0.0.2'])
    expect(m.rows).toEqual([{
      protocol: 'UDP', server: 'dns', server_ip: '10.0.0.2', port: 53, server_proc: '/usr/sbin/named', server_procname: 'named',
      client: 'c', client_ip: '10.0.0.1', client_proc: '/usr/bin/curl', client_procname: 'curl',
    }])
  })

  it('keeps a UDP connection aside when the address lookup finds no host', () => {
    const server = host('dns', udp('0.0.0.0:53', ':::0', 'CLOSE'))
    const client = host('c', udp('10.0.0.1:40000', '10.0.0.3:53', 'ESTABLISHED', CURL))
    const m = buildMatrix({ hosts: [server, client], hostByAddress: () => undefined })
    expect(m.rows).toEqual([])
    expect(m.noPeers.map((c) => c.host)).toEqual(['c'])
  })

  it('treats UDP sockets as listening only in state CLOSE with a wildcard remote address', () => {
    const server = host('s', udp('10.0.0.2:9000', '0.0.0.0:0', 'TIME_WAIT'))
    const client = host('c', udp('10.0.0.1:40000', '10.0.0.2:9000', 'ESTABLISHED'))
    expect(buildMatrix({ hosts: [server, client], hostByAddress: () => server })).toEqual({ rows: [], noPeers: [] })
  })

  it('counts only ESTABLISHED connections without a time context, any non-listening state with one', () => {
    const server = host('s', tcp('10.0.0.2:80', '0.0.0.0:0', 'LISTEN'), tcp('10.0.0.2:80', '10.0.0.1:50001', 'TIME_WAIT'))
    const client = host('c', tcp('10.0.0.1:50001', '10.0.0.2:80', 'FIN_WAIT2'))
    expect(buildMatrix({ hosts: [server, client] }).rows).toEqual([])
    expect(buildMatrix({ hosts: [server, client], at: true }).rows.map((r) => r.client)).toEqual(['c'])
  })

  it('does not pair a client with a listening socket bound to the exact address', () => {
    // the server side must be an accepted (non-listening) socket, as upstream indexes only those
    const server = host('s', tcp('10.0.0.2:80', '0.0.0.0:0', 'LISTEN'))
    const client = host('c', tcp('10.0.0.1:50001', '10.0.0.2:80', 'ESTABLISHED'))
    expect(buildMatrix({ hosts: [server, client] }).noPeers).toHaveLength(1)
  })

  it('requires the peer to use the same protocol', () => {
    const server = host('s', tcp('10.0.0.2:53', '0.0.0.0:0', 'LISTEN'), udp('10.0.0.2:53', '10.0.0.1:50001', 'ESTABLISHED'))
    const client = host('c', tcp('10.0.0.1:50001', '10.0.0.2:53', 'ESTABLISHED'))
    expect(buildMatrix({ hosts: [server, client] }).rows).toEqual([])
  })

  it('sorts rows so that input order does not change the output', () => {
    const hosts = ['h3', 'h1', 'h2'].map((h, i) => host(h,
      tcp(`10.0.0.${i + 1}:80`, '0.0.0.0:0', 'LISTEN'),
      tcp(`10.0.0.${i + 1}:80`, `10.0.1.${i + 1}:5000`, 'ESTABLISHED'),
      tcp(`10.0.1.${i + 1}:5000`, `10.0.0.${((i + 1) % 3) + 1}:80`, 'ESTABLISHED', CURL)))
    const forward = buildMatrix({ hosts }).rows
    const backward = buildMatrix({ hosts: [...hosts].reverse() }).rows
    expect(forward).toHaveLength(3)
    expect(backward).toEqual(forward)
    expect(forward.map((r) => r.server)).toEqual(['h1', 'h2', 'h3'])
  })

  describe('with flow sockets', () => {
    const server = host('s', tcp('10.0.0.2:80', '0.0.0.0:0', 'LISTEN'), tcp('10.0.0.2:80', '10.0.0.1:50001', 'ESTABLISHED'))
    const client = host('c', tcp('10.0.0.1:7000', '0.0.0.0:0', 'LISTEN'))
    const hostsByIp: Record<string, HostSockets> = { '10.0.0.2': server, '10.0.0.1': client }
    const lookup: HostByAddress = (a) => hostsByIp[a]
    const flowClient = tcp('10.0.0.1:50001', '10.0.0.2:80', 'ESTABLISHED', CURL)
    const flowServer = tcp('10.0.0.2:80', '10.0.0.1:50001', 'ESTABLISHED')

    it('adds rows from flows whose socket targets a listening port', () => {
      const rows = buildMatrix({ hosts: [server, client], flowSockets: [[flowServer, flowClient]], hostByAddress: lookup }).rows
      expect(rows).toEqual([{
        protocol: 'TCP', server: 's', server_ip: '10.0.0.2', port: 80, server_proc: '/usr/bin/etcd', server_procname: 'etcd',
        client: 'c', client_ip: '10.0.0.1', client_proc: '/usr/bin/curl', client_procname: 'curl',
      }])
    })

    it('stops reading a flow once its server host is unknown', () => {
      const unknownServer = tcp('10.0.0.1:50009', '10.0.0.9:80', 'ESTABLISHED', CURL)
      const rows = buildMatrix({ hosts: [server, client], flowSockets: [[unknownServer, flowClient]], hostByAddress: lookup }).rows
      expect(rows).toEqual([])
    })

    it('skips a flow socket whose client host is unknown and goes on with the next', () => {
      const strayClient = tcp('10.0.0.7:50001', '10.0.0.2:80', 'ESTABLISHED', CURL)
      const rows = buildMatrix({ hosts: [server, client], flowSockets: [[strayClient, flowClient]], hostByAddress: lookup }).rows
      expect(rows.map((r) => r.client_ip)).toEqual(['10.0.0.1'])
    })
  })
})
