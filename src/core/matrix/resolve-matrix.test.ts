import { describe, expect, it } from 'vitest'
import { resolveMatrix } from './resolve-matrix.js'
import type { HostSockets, Socket } from './socket.js'

const s = (o: Partial<Socket>): Socket => ({
  Protocol: 'TCP', LocalAddress: '', LocalPort: 0, RemoteAddress: '', RemotePort: 0, State: 'ESTABLISHED', Process: '/bin/p', Name: 'p', ...o,
})

describe('resolveMatrix', () => {
  it('asks for flow server addresses first, then the client addresses of the servers it found', async () => {
    const server: HostSockets = { Host: 's', Sockets: [
      s({ LocalAddress: '0.0.0.0', LocalPort: 80, State: 'LISTEN' }),
      s({ LocalAddress: '10.0.0.2', LocalPort: 80, RemoteAddress: '10.0.0.1', RemotePort: 5000 }),
    ] }
    const client: HostSockets = { Host: 'c', Sockets: [] }
    const flow = [s({ LocalAddress: '10.0.0.1', LocalPort: 5000, RemoteAddress: '10.0.0.2', RemotePort: 80 })]
    const batches: string[][] = []
    const m = await resolveMatrix({ hosts: [server, client], flowSockets: [flow] }, async (addresses) => {
      batches.push(addresses)
      const known: Record<string, HostSockets> = { '10.0.0.2': server, '10.0.0.1': client }
      return new Map(addresses.map((a) => [a, known[a]]))
    })
    expect(batches).toEqual([['10.0.0.2'], ['10.0.0.1']])
    expect(m.rows.map((r) => `${r.client}->${r.server}:${r.port}`)).toEqual(['c->s:80'])
  })

  it('asks nothing when no lookup is needed', async () => {
    let calls = 0
    const m = await resolveMatrix({ hosts: [] }, async () => (calls++, new Map()))
    expect(calls).toBe(0)
    expect(m).toEqual({ rows: [], noPeers: [] })
  })

  it('asks once for an address that resolves to no host', async () => {
    const client: HostSockets = { Host: 'c', Sockets: [
      s({ Protocol: 'UDP', LocalAddress: '0.0.0.0', LocalPort: 53, RemoteAddress: '0.0.0.0', State: 'CLOSE' }),
      s({ Protocol: 'UDP', LocalAddress: '10.0.0.1', LocalPort: 4000, RemoteAddress: '10.0.0.9', RemotePort: 53 }),
    ] }
    const batches: string[][] = []
    const m = await resolveMatrix({ hosts: [client] }, async (a) => (batches.push(a), new Map()))
    expect(batches).toEqual([['10.0.0.9']])
    expect(m.noPeers).toHaveLength(1)
  })
})
