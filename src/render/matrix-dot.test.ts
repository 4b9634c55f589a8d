import { describe, expect, it } from 'vitest'
import { matrixToDot } from './matrix-dot.js'
import { peerRow } from '../../test/fixtures/matrix/rows.js'

describe('matrixToDot', () => {
  const dot = matrixToDot([peerRow(1, 2), peerRow(2, 1), { ...peerRow(1, 2), client_ip: '10.0.9.1' }])

  it('writes a digraph with upstream graph attributes', () => {
    expect(dot).toMatch(/^\/\/ Skydive flow matrix report\ndigraph \{\n\toverlap=false\n\tranksep=1\n\tnodesep=0.7\n/)
    expect(dot.trimEnd().endsWith('}')).toBe(true)
  })

  it('draws one gray cluster per host holding one orange component node per process name', () => {
    expect(dot).toContain([
      '\tsubgraph "cluster_etcd-1" {',
      '\t\tlabel="etcd-1"', '\t\tfontsize="24"', '\t\tcolor="gray50"', '\t\tstyle="filled"', '\t\tfillcolor="gray90"',
      '\t\t"etcd-1/etcd" [label="etcd\\n\\netcd-1" color=orangered fillcolor=orange shape=component style=filled]',
      '\t}',
    ].join('\n'))
    expect(dot.match(/subgraph/g)).toHaveLength(2)
  })

  it('draws one edge client -> server labelled PROTO : ip:port, identical edges once', () => {
    const edges = dot.split('\n').filter((l) => l.includes('->'))
    expect(edges).toEqual([
      '\t"etcd-2/etcd" -> "etcd-1/etcd" [label="TCP : 10.0.0.1:2380"]',
      '\t"etcd-1/etcd" -> "etcd-2/etcd" [label="TCP : 10.0.0.2:2380"]',
    ])
  })

  it('escapes quotes and backslashes in names', () => {
    const text = matrixToDot([{ ...peerRow(1, 2), server_procname: 'a"b\\c' }])
    expect(text).toContain('"etcd-2/a\\"b\\\\c" [label="a\\"b\\\\c\\n\\netcd-2"')
  })

  it('writes an empty digraph for an empty matrix', () => {
    expect(matrixToDot([])).toBe('// Skydive flow matrix report\ndigraph {\n\toverlap=false\n\tranksep=1\n\tnodesep=0.7\n}\n')
  })
})
