import { describe, expect, it } from 'vitest'
import { uuidV5 } from '../graph/index.js'
import { childTID, hostTID, withTID } from './tid.js'

describe('TID rules (topology spec §1.5)', () => {
  it('derives the host TID from the host name alone', () => {
    expect(hostTID('node1')).toBe('2f6f9b99-82ef-5507-b6b6-cbab28bda9cb')
  })

  it('keys a netns on its Path and an interface on its Name', () => {
    const h = hostTID('node1')
    expect(childTID(h, { Type: 'netns', Name: 'ns1', Path: '/var/run/netns/ns1' })).toBe(uuidV5(h + '/var/run/netns/ns1' + 'netns'))
    expect(childTID(h, { Type: 'veth', Name: 'v0' })).toBe(uuidV5(h + 'v0' + 'veth'))
  })

  it('gives no TID to OVS bridges, ports, fabric nodes or nodes without a key', () => {
    const h = hostTID('node1')
    expect(childTID(h, { Type: 'ovsbridge', Name: 'br-int' })).toBeUndefined()
    expect(childTID(h, { Type: 'ovsport', Name: 'p' })).toBeUndefined()
    expect(childTID(h, { Type: 'device', Name: 'tor', Probe: 'fabric' })).toBeUndefined()
    expect(childTID(h, { Type: 'device' })).toBeUndefined()
  })

  it('keeps an existing TID and fills a missing one', () => {
    expect(withTID('p', { Type: 'device', Name: 'eth0', TID: 'x' })['TID']).toBe('x')
    expect(withTID('p', { Type: 'device', Name: 'eth0' })['TID']).toBe(uuidV5('peth0device'))
    expect(withTID(undefined, { Type: 'device', Name: 'eth0' })['TID']).toBeUndefined()
  })
})
