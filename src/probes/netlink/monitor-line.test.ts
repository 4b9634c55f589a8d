import { describe, expect, it } from 'vitest'
import { monitorLinePart } from './monitor-line.js'

describe('monitorLinePart', () => {
  it('maps ip monitor labels to the dump part to refresh', () => {
    expect(monitorLinePart('[LINK]8: sdt-agent-m0@sdt-agent-m1: <BROADCAST,MULTICAST> mtu 1500')).toBe('links')
    expect(monitorLinePart('[ADDR]Deleted 8: sdt-agent-m0    inet 10.250.0.1/24 scope global')).toBe('links')
    expect(monitorLinePart('[ROUTE]local 10.250.0.1 dev sdt-agent-m0 table local')).toBe('routes')
    expect(monitorLinePart('[NEIGH]192.0.2.1 dev eth0 lladdr 02:fc:00:00:00:05 REACHABLE')).toBe('neighbors')
  })

  it('ignores continuation lines and unknown labels', () => {
    expect(monitorLinePart('    link/ether 4e:5f:ea:1c:1c:69 brd ff:ff:ff:ff:ff:ff')).toBeUndefined()
    expect(monitorLinePart('[NETCONF]ipv4 dev eth0 forwarding on')).toBeUndefined()
  })
})
