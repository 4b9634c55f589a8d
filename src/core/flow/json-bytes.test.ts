import { describe, expect, it } from 'vitest'
import { JsonBytes } from './json-bytes.js'
import { mulberry32 } from '../../../test/fixtures/prng.js'

const text = (f: (w: JsonBytes) => void): string => {
  const w = new JsonBytes(4) // small, so every writer has to grow the buffer
  f(w)
  return new TextDecoder().decode(w.view())
}

describe('JsonBytes', () => {
  it('writes uint64 halves as BigInt.toString(16) does', () => {
    const cases: Array<[number, number]> = [[0, 0], [0, 0xabc], [1, 0], [0, 0xffffffff], [0xffffffff, 0xffffffff], [0x0001f00d, 0x00000001], [0x80000000, 7]]
    for (const [hi, lo] of cases) {
      expect(text((w) => w.hex64(hi, lo))).toBe(((BigInt(hi) << 32n) | BigInt(lo)).toString(16))
    }
  })

  it('writes MACs and IPv4 addresses as their text forms', () => {
    expect(text((w) => w.mac(0x02000a0b, 0x0cff))).toBe('02:00:0a:0b:0c:ff')
    expect(text((w) => w.mac(0, 0))).toBe('00:00:00:00:00:00')
    expect(text((w) => w.ipv4(0))).toBe('0.0.0.0')
    expect(text((w) => w.ipv4(0xffffffff))).toBe('255.255.255.255')
    expect(text((w) => w.ipv4(0x0a000201))).toBe('10.0.2.1')
  })

  it('writes strings as JSON.stringify does, the same again from its cache', () => {
    for (const s of ['Ethernet/IPv4/TCP', 'node "1"', 'cap\\1', 'é\n\u2028', '']) {
      expect(text((w) => w.string(s))).toBe(JSON.stringify(s))
      expect(text((w) => { w.string(s); w.string(s) })).toBe(JSON.stringify(s).repeat(2))
    }
  })

  it('writes integers digit by digit and other numbers as JSON does', () => {
    const edges = [0, -0, 7, 9, 10, 99, 100, 999999999, 1e9, 2147483647, 2147483648, -2147483648, -2147483649, 1700000000123, 1000000000000,
      1000000000001, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53 + 2, 0.5, -1e-7, 1e21, Number.NaN, Infinity, -Infinity]
    for (const v of edges) {
      expect(text((w) => w.number(v))).toBe(JSON.stringify(v))
    }
    const r = mulberry32(7)
    for (let i = 0; i < 20_000; i++) {
      const v = Math.floor(r() * 2 ** (1 + (i % 53))) * (i % 5 === 0 ? -1 : 1)
      expect(text((w) => w.number(v))).toBe(JSON.stringify(v))
    }
  })
})
