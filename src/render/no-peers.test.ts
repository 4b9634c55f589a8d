import { describe, expect, it } from 'vitest'
import { formatNoPeers } from './no-peers.js'

describe('formatNoPeers', () => {
  it('lists each connection as protocol, host, remote port and the socket', () => {
    const socket = { Protocol: 'TCP', LocalAddress: '10.0.0.1', LocalPort: 5000, RemoteAddress: '10.0.0.9', RemotePort: 2380, State: 'ESTABLISHED', Process: '/usr/bin/etcd', Name: 'etcd' }
    expect(formatNoPeers([{ host: 'etcd-1', socket }])).toBe(
      `peer not found for connection:\nTCP etcd-1 2380 ${JSON.stringify(socket)}\n`)
  })
  it('prints just the heading when every connection found its peer', () => {
    expect(formatNoPeers([])).toBe('peer not found for connection:\n')
  })
})
