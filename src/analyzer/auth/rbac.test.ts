import { describe, expect, it } from 'vitest'
import { isSkydiveError } from '../../core/errors.js'
import { Rbac } from './rbac.js'

describe('Rbac', () => {
  it('gives admin everything of the built-in policy and guests read access to the topology', () => {
    const r = new Rbac()
    r.addRole('alice', 'admin')
    r.addRole('bob', 'guest')
    expect(r.enforce('alice', 'capture', 'write')).toBe(true)
    expect(r.enforce('alice', 'websocket', '/ws/agent/topology')).toBe(true)
    expect(r.enforce('bob', 'topology', 'read')).toBe(true)
    expect(r.enforce('bob', 'websocket', '/ws/subscriber')).toBe(true)
    expect(r.enforce('bob', 'capture', 'read')).toBe(false)
    expect(r.enforce('bob', 'websocket', '/ws/publisher')).toBe(false)
  })

  it('denies users without a role', () => {
    expect(new Rbac().enforce('nobody', 'topology', 'read')).toBe(false)
  })

  it('lets an extra deny line win over the role allow', () => {
    const r = new Rbac(['p, alice, capture, write, deny', 'g, alice, admin'])
    expect(r.enforce('alice', 'capture', 'write')).toBe(false)
    expect(r.enforce('alice', 'capture', 'read')).toBe(true)
    expect(r.permissionsOf('alice')).toContainEqual({ Object: 'capture', Action: 'write', Allowed: false })
  })

  it('grants extra roles for one check without giving them to the user', () => {
    const r = new Rbac(['g, bob, guest'])
    expect(r.enforce('carol', 'websocket', '/ws/agent/topology', ['admin'])).toBe(true)
    expect(r.enforce('carol', 'node', 'write')).toBe(false)
    expect(r.rolesOf('carol')).toEqual([])
    // a guest's explicit denials still win over the extra admin role
    expect(r.enforce('bob', 'websocket', '/ws/agent/topology', ['admin'])).toBe(false)
  })

  it('follows roles of roles', () => {
    const r = new Rbac(['g, ops, admin', 'g, carol, ops'])
    expect(r.rolesOf('carol').sort()).toEqual(['admin', 'ops'])
    expect(r.enforce('carol', 'node', 'write')).toBe(true)
  })

  it('names the bad policy line', () => {
    try {
      new Rbac(['g, a, b', 'p, only-two'])
      expect.unreachable()
    } catch (err) {
      expect(isSkydiveError(err, 'config-invalid')).toBe(true)
      expect((err as Error).message).toContain('line 2 "p, only-two"')
    }
  })
})
