import { describe, expect, it } from 'vitest'
import { fakeClock } from '../ports.js'
import { Graph, genID, uuidV5 } from '../graph/index.js'
import { addLayer2Link, addOwnershipLink, getLink, linkID, ownedChildren, removeLink } from './links.js'
import { hostTID } from './tid.js'

function setup() {
  const g = new Graph({ clock: fakeClock(1000), host: 'h', origin: 'agent.h' })
  const host = g.addNode({ ID: genID(), Metadata: { Type: 'host', Name: 'h', TID: hostTID('h') } })
  const ns = g.addNode({ ID: genID(), Metadata: { Type: 'netns', Name: 'ns', Path: '/run/netns/ns' } })
  const eth = g.addNode({ ID: genID(), Metadata: { Type: 'veth', Name: 'eth0' } })
  return { g, host, ns, eth }
}

describe('typed links (upstream topology/topology.go)', () => {
  it('names an edge v5(parentID + childID + RelationType)', () => {
    const { g, host, eth } = setup()
    const e = addOwnershipLink(g, host.ID, eth.ID)
    expect(e.ID).toBe(uuidV5(host.ID + eth.ID + 'ownership'))
    expect(e.Metadata).toEqual({ RelationType: 'ownership' })
    expect(linkID(host.ID, eth.ID, 'ownership')).toBe(e.ID)
  })

  it('moves a child to its new owner and recomputes its TID', () => {
    const { g, host, ns, eth } = setup()
    addOwnershipLink(g, host.ID, ns.ID)
    addOwnershipLink(g, host.ID, eth.ID)
    const nsTID = g.getNode(ns.ID)!.Metadata['TID'] as string
    expect(nsTID).toBe(uuidV5(hostTID('h') + '/run/netns/ns' + 'netns'))
    addOwnershipLink(g, ns.ID, eth.ID)
    expect(g.inEdges(eth.ID).map((e) => e.Parent)).toEqual([ns.ID])
    expect(g.getNode(eth.ID)!.Metadata['TID']).toBe(uuidV5(nsTID + 'eth0' + 'veth'))
    expect(ownedChildren(g, ns.ID)).toEqual([eth.ID])
  })

  it('updates the metadata of an existing layer2 link instead of failing', () => {
    const { g, host, eth } = setup()
    addLayer2Link(g, host.ID, eth.ID, { Type: 'veth' })
    const e = addLayer2Link(g, host.ID, eth.ID, { Type: 'other' })
    expect(g.edgeCount).toBe(1)
    expect(e.Metadata).toEqual({ Type: 'other', RelationType: 'layer2' })
    expect(getLink(g, host.ID, eth.ID, 'layer2')?.Revision).toBe(2)
  })

  it('drops the TID of a child whose ownership link is removed', () => {
    const { g, host, eth } = setup()
    addOwnershipLink(g, host.ID, eth.ID)
    expect(g.getNode(eth.ID)!.Metadata['TID']).toBeDefined()
    expect(removeLink(g, host.ID, eth.ID, 'ownership')).toBe(true)
    expect(g.getNode(eth.ID)!.Metadata['TID']).toBeUndefined()
    expect(removeLink(g, host.ID, eth.ID, 'ownership')).toBe(false)
  })
})
