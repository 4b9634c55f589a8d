import { describe, expect, it } from 'vitest'
import { Graph, genID } from '../../core/graph/index.js'
import { fakeClock } from '../../core/ports.js'
import { hostTID, linkID } from '../../core/topology/index.js'
import type { InterfaceInfo } from './interface-metadata.js'
import { InterfaceSync } from './interface-sync.js'
import { VethLinker } from './veth-linker.js'

function iface(ifIndex: number, name: string, type: string, extra: Partial<InterfaceInfo> = {}, md: Record<string, unknown> = {}): InterfaceInfo {
  return { ifIndex, metadata: { Name: name, Type: type, IfIndex: ifIndex, ...md }, metric: {}, ...extra }
}
const map = (...xs: InterfaceInfo[]) => new Map(xs.map((x) => [x.ifIndex, x]))

function setup() {
  const clock = fakeClock(1000)
  const g = new Graph({ clock, host: 'h', origin: 'agent.h' })
  const host = g.addNode({ ID: genID(), Metadata: { Type: 'host', Name: 'h', TID: hostTID('h') } })
  const veths = new VethLinker(g)
  return { clock, g, host, veths, sync: new InterfaceSync(g, host.ID, veths) }
}

const rel = (g: Graph, t: string) => [...g.edges()].filter((e) => e.Metadata['RelationType'] === t)

describe('InterfaceSync', () => {
  it('adds interfaces owned by the namespace root, with a TID', () => {
    const { g, host, sync } = setup()
    sync.apply(map(iface(1, 'lo', 'device'), iface(2, 'eth0', 'device')))
    const eth = g.getNode(sync.nodeOf(2)!)!
    expect(eth.Metadata['TID']).toBeTypeOf('string')
    expect(g.inEdges(eth.ID).map((e) => [e.Parent, e.Metadata['RelationType']])).toEqual([[host.ID, 'ownership']])
  })

  it('patches only the keys that changed and leaves other probes\' keys alone', () => {
    const { g, sync } = setup()
    sync.apply(map(iface(2, 'eth0', 'device', {}, { MTU: 1500, IPV4: ['10.0.0.1/24'] })))
    const id = sync.nodeOf(2)!
    g.setNodeKey(id, 'Captures', [{ ID: 'c' }])
    const rev = g.getNode(id)!.Revision
    sync.apply(map(iface(2, 'eth0', 'device', {}, { MTU: 9000 })))
    const n = g.getNode(id)!
    expect(n.Revision).toBe(rev + 1)
    expect(n.Metadata).toMatchObject({ MTU: 9000, Captures: [{ ID: 'c' }] })
    expect(n.Metadata['IPV4']).toBeUndefined()
    sync.apply(map(iface(2, 'eth0', 'device', {}, { MTU: 9000 })))
    expect(g.getNode(id)!.Revision).toBe(rev + 1)
  })

  it('deletes a link that disappeared, with its edges', () => {
    const { g, sync } = setup()
    sync.apply(map(iface(2, 'eth0', 'device'), iface(3, 'eth1', 'device')))
    const gone = sync.nodeOf(3)!
    sync.apply(map(iface(2, 'eth0', 'device')))
    expect(g.getNode(gone)).toBeUndefined()
    expect(g.edgeCount).toBe(1)
  })

  it('links bridge members and follows a member leaving the bridge', () => {
    const { g, sync } = setup()
    sync.apply(map(iface(5, 'br0', 'bridge'), iface(6, 'v0', 'veth', { masterIndex: 5 })))
    const [br, v0] = [sync.nodeOf(5)!, sync.nodeOf(6)!]
    expect(g.getEdge(linkID(br, v0, 'layer2'))).toBeDefined()
    sync.apply(map(iface(5, 'br0', 'bridge'), iface(6, 'v0', 'veth')))
    expect(g.getEdge(linkID(br, v0, 'layer2'))).toBeUndefined()
  })

  it('does not link members of the OVS datapath', () => {
    const { g, sync } = setup()
    sync.apply(map(iface(5, 'ovs-system', 'openvswitch'), iface(6, 'p0', 'device', { masterIndex: 5 })))
    expect(rel(g, 'layer2')).toEqual([])
  })

  it('links the two ends of a veth pair once, child being the end with the higher peer index', () => {
    const { g, sync } = setup()
    sync.apply(map(iface(7, 'a', 'veth', { peerIfIndex: 8 }), iface(8, 'b', 'veth', { peerIfIndex: 7 })))
    const l2 = rel(g, 'layer2')
    expect(l2).toHaveLength(1)
    expect(l2[0]).toMatchObject({ Parent: sync.nodeOf(8), Child: sync.nodeOf(7), Metadata: { Type: 'veth', RelationType: 'layer2' } })
  })

  it('links veth ends across two namespaces whichever appears last', () => {
    const { g, host, veths, sync } = setup()
    const ns = g.addNode({ ID: genID(), Metadata: { Type: 'netns', Name: 'ns1', Path: '/run/netns/ns1' } })
    const nsSync = new InterfaceSync(g, ns.ID, veths)
    sync.apply(map(iface(12, 'x0', 'veth', { peerIfIndex: 2, peerNsid: 0 }, { LinkNetNsName: 'ns1' })))
    expect(rel(g, 'layer2')).toEqual([])
    nsSync.apply(map(iface(2, 'x1', 'veth', { peerIfIndex: 12, peerNsid: 0 }, { LinkNetNsName: '' }),
      // same indexes but a same-namespace pair: must not match the cross-namespace end
      iface(3, 'y', 'veth', { peerIfIndex: 12 })))
    const l2 = rel(g, 'layer2')
    expect(l2).toHaveLength(1)
    expect(l2[0]).toMatchObject({ Parent: sync.nodeOf(12), Child: nsSync.nodeOf(2) })
    expect(host.ID).not.toBe(ns.ID)
  })

  it('writes Metric and LastUpdateMetric only when counters moved', () => {
    const { g, clock, sync } = setup()
    sync.apply(map(iface(2, 'eth0', 'device', { metric: { RxBytes: 10 } })))
    const id = sync.nodeOf(2)!
    expect(g.getNode(id)!.Metadata['Metric']).toEqual({ RxBytes: 10 })
    sync.updateMetrics(map(iface(2, 'eth0', 'device', { metric: { RxBytes: 10 } })), 2000)
    expect(g.getNode(id)!.Metadata['LastUpdateMetric']).toBeUndefined()
    clock.set(32_000)
    sync.updateMetrics(map(iface(2, 'eth0', 'device', { metric: { RxBytes: 50 } })), 32_000)
    expect(g.getNode(id)!.Metadata).toMatchObject({
      Metric: { RxBytes: 50, Last: 32_000 },
      LastUpdateMetric: { RxBytes: 40, Start: 2000, Last: 32_000 },
    })
  })
})
