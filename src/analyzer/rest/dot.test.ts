import { describe, expect, it } from 'vitest'
import type { Edge, Node } from '../../core/graph/index.js'
import { toDot } from './dot.js'

const el = (ID: string, Metadata: Record<string, unknown>) => ({ ID, Metadata, Host: '', Origin: '', CreatedAt: 1, UpdatedAt: 1, DeletedAt: null, Revision: 1 })

describe('toDot', () => {
  it('writes upstream titles, labels and edge attributes', () => {
    const nodes: Node[] = [el('0123456789ab', { Name: 'eth0', Type: 'device', IPV4: ['10.0.0.1/24', '10.0.0.2/24'], MTU: 1500 }), el('abcdef012345', { Name: 'br"0', Type: 'bridge' })]
    const edges: Edge[] = [{ ...el('e1', { RelationType: 'layer2' }), Parent: 'abcdef012345', Child: '0123456789ab' }, { ...el('e2', {}), Parent: 'abcdef012345', Child: '0123456789ab' }]
    expect(toDot({ Nodes: nodes, Edges: edges })).toBe([
      'digraph g {',
      '"eth0-01234567" [label="eth0-01234567\\nType = device\\nIPV4 = [10.0.0.1/24 10.0.0.2/24]"]',
      '"br\\"0-abcdef01" [label="br\\"0-abcdef01\\nType = bridge"]',
      '"br\\"0-abcdef01" -> "eth0-01234567" [label=layer2,dir=both]',
      '"br\\"0-abcdef01" -> "eth0-01234567"',
      '}',
    ].join('\n'))
  })
})
