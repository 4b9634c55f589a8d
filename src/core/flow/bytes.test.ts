import { describe, expect, it } from 'vitest'
import { hiOf, loOf, u32, u64 } from './bytes.js'

describe('bytes', () => {
  it('reads big-endian unsigned 32-bit numbers', () => {
    expect(u32(Uint8Array.of(9, 0xff, 0xfe, 0x01, 0x80), 1)).toBe(0xfffe0180)
  })

  it('splits 64-bit ids into halves and joins them back, as BigInt arithmetic does', () => {
    for (const v of [0n, 1n, 0xffffffffn, 0x100000000n, 0xef46db3751d8e999n, 0xffffffffffffffffn, 0x8000000000000001n]) {
      expect(hiOf(v)).toBe(Number(v >> 32n))
      expect(loOf(v)).toBe(Number(v & 0xffffffffn))
      expect(u64(hiOf(v), loOf(v))).toBe(v)
    }
  })
})
