import { describe, expect, it } from 'vitest'
import { formatIPv6, formatMAC } from './format.js'

const v6 = (groups: number[]): Uint8Array => Uint8Array.from(groups.flatMap((g) => [g >> 8, g & 255]))

describe('address formatting (spec/flows.md §1.4)', () => {
  it('prints IPv6 as Go does: RFC 5952, a single zero group kept', () => {
    expect(formatIPv6(v6([0xfd49, 0x37c8, 0x5229, 0, 0, 0, 0, 2]), 0)).toBe('fd49:37c8:5229::2')
    expect(formatIPv6(v6([0x2604, 0x1580, 0xfe00, 0, 0xdead, 0xbeef, 0xcafe, 0xfed1]), 0)).toBe('2604:1580:fe00:0:dead:beef:cafe:fed1')
    expect(formatIPv6(v6([0, 0, 0, 0, 0, 0, 0, 1]), 0)).toBe('::1')
    expect(formatIPv6(v6([0, 0, 0, 0, 0, 0, 0, 0]), 0)).toBe('::')
    expect(formatIPv6(v6([1, 0, 0, 2, 0, 0, 0, 3]), 0)).toBe('1:0:0:2::3')
    expect(formatIPv6(v6([1, 0, 0, 2, 3, 0, 0, 4]), 0)).toBe('1::2:3:0:0:4')
  })

  it('prints IPv4-mapped IPv6 addresses as a dotted quad (Quirk §1.4)', () => {
    expect(formatIPv6(v6([0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0001]), 0)).toBe('192.168.0.1')
  })

  it('prints MACs lowercase with colons', () => {
    expect(formatMAC(Uint8Array.of(0xfa, 0x16, 0x3e, 0x29, 0xe0, 0x82), 0)).toBe('fa:16:3e:29:e0:82')
  })
})
