// Hand-made topologies for the web UI's pure model tests.
import type { WireEdge, WireNode } from '../../src/wire/index.js'

/** A node as an agent would publish it. */
export function node(id: string, metadata: Record<string, unknown>, revision = 1): WireNode {
  return { ID: id, Metadata: metadata, Host: 'h', Origin: 'agent.h', CreatedAt: 1, UpdatedAt: 1, DeletedAt: null, Revision: revision }
}

/** An edge with a relation type. */
export function edge(id: string, parent: string, child: string, relation: string, extra: Record<string, unknown> = {}): WireEdge {
  return { ...node(id, { RelationType: relation, ...extra }), Parent: parent, Child: child }
}

/**
 * Host `h` owning eth0 and netns ns1; ns1 owns veth-b; eth0 of h is veth-a peered with veth-b.
 * `prefix` makes IDs unique so several hosts fit in one graph.
 */
export function smallHost(prefix: string): { nodes: WireNode[]; edges: WireEdge[] } {
  const p = (s: string) => `${prefix}-${s}`
  return {
    nodes: [
      node(p('host'), { Name: prefix, Type: 'host' }),
      node(p('eth0'), { Name: 'eth0', Type: 'device', IfIndex: 2, MAC: '52:54:00:00:00:01', IPV4: ['10.0.0.5/24'], State: 'UP' }),
      node(p('ns1'), { Name: 'ns1', Type: 'netns', Path: '/var/run/netns/ns1' }),
      node(p('veth-a'), { Name: 'veth-a', Type: 'veth', IfIndex: 3, State: 'UP' }),
      node(p('veth-b'), { Name: 'veth-b', Type: 'veth', IfIndex: 2, State: 'DOWN' }),
    ],
    edges: [
      edge(p('o1'), p('host'), p('eth0'), 'ownership'),
      edge(p('o2'), p('host'), p('ns1'), 'ownership'),
      edge(p('o3'), p('host'), p('veth-a'), 'ownership'),
      edge(p('o4'), p('ns1'), p('veth-b'), 'ownership'),
      edge(p('l1'), p('veth-b'), p('veth-a'), 'layer2', { Type: 'veth' }),
    ],
  }
}
