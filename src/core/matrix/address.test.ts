import { describe, expect, it } from 'vitest'
import { isIPv4, isLoopback } from './address.js'

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])('says %s is loopback', (a) => {
    expect(isLoopback(a)).toBe(true)
  })
  it.each(['10.0.0.1', '0.0.0.0', '::', 'fd00::1', '::ffff:10.0.0.1', '128.0.0.1', 'localhost', '', '1::2::3', '300.0.0.1'])(
    'says %s is not loopback', (a) => {
      expect(isLoopback(a)).toBe(false)
    })
})

describe('isIPv4', () => {
  it('accepts dotted quads and rejects IPv6 and out-of-range octets', () => {
    expect(['10.0.0.1', '255.255.255.255'].map(isIPv4)).toEqual([true, true])
    expect(['::1', '256.1.1.1', '1.2.3', 'a.b.c.d'].map(isIPv4)).toEqual([false, false, false, false])
  })
})
