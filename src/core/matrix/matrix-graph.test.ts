import { describe, expect, it } from 'vitest'
import { matrixToGraph, uuidV5Dns } from './matrix-graph.js'
import type { MatrixRow } from './matrix-row.js'

const row = (client: string, server: string, port = 2380): MatrixRow => ({
  protocol: 'TCP', server, server_ip: '10.0.0.2', port, server_proc: '/usr/bin/etcd', server_procname: 'etcd',
  client, client_ip: '10.0.0.1', client_proc: '/usr/bin/etcd', client_procname: 'etcd',
})

describe('uuidV5Dns', () => {
  it('matches Python uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")', () => {
    expect(uuidV5Dns('python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d')
  })
})

describe('matrixToGraph', () => {
  it('makes one service node per host and process name and one Connection edge per client/server pair', () => {
    const { nodes, edges } = matrixToGraph([row('etcd-1', 'etcd-2'), row('etcd-1', 'etcd-2', 2379), row('etcd-2', 'etcd-1')])
    expect(nodes.map((n) => [n.Host, n.Metadata])).toEqual([
      ['etcd-1', { Name: 'etcd', Type: 'service' }],
      ['etcd-2', { Name: 'etcd', Type: 'service' }],
    ])
    expect(nodes[0]!.ID).toBe(uuidV5Dns('etcd-1etcd'))
    expect(edges).toHaveLength(2)
    const e = edges.find((x) => x.Host === 'etcd-1')!
    expect([e.Parent, e.Child, e.Metadata]).toEqual([uuidV5Dns('etcd-1etcd'), uuidV5Dns('etcd-2etcd'), { RelationType: 'layer2', Type: 'Connection' }])
  })

  it('gives the same IDs on every run', () => {
    expect(matrixToGraph([row('a', 'b')])).toEqual(matrixToGraph([row('a', 'b')]))
  })
})
