import { describe, expect, it } from 'vitest'
import { interfaceType, linkFlags, operState } from './interface-type.js'

describe('interface type mapping (topology spec §2.4)', () => {
  it('names kind-less links device and keeps rtnetlink kinds', () => {
    expect(interfaceType(undefined)).toBe('device')
    expect(interfaceType('veth')).toBe('veth')
    expect(interfaceType('bridge')).toBe('bridge')
    expect(interfaceType('vxlan')).toBe('vxlan')
    expect(interfaceType('openvswitch')).toBe('openvswitch')
  })

  it('spells tun links tuntap and forces veth from the driver', () => {
    expect(interfaceType('tun')).toBe('tuntap')
    expect(interfaceType(undefined, 'veth')).toBe('veth')
  })

  it('upper-cases oper states with upstream dashes', () => {
    expect(operState('up')).toBe('UP')
    expect(operState('LOWERLAYERDOWN')).toBe('LOWER-LAYER-DOWN')
    expect(operState(undefined)).toBe('UNKNOWN')
  })

  it('reproduces the upstream LinkFlags bit names for lo and eth0', () => {
    expect(linkFlags(['LOOPBACK', 'UP', 'LOWER_UP'])).toEqual(['UP', 'POINTTOPOINT'])
    expect(linkFlags(['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'])).toEqual(['UP', 'BROADCAST'])
    expect(linkFlags([])).toEqual([])
  })
})
