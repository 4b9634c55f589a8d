import { describe, expect, it } from 'vitest'
import { loadXxhash64 } from './xxhash64.js'

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/ /g, ''), 'hex'))

describe('xxHash64 (xxhash-wasm)', () => {
  it('hashes the empty input to the L3TrackingID of link-only flows', async () => {
    expect((await loadXxhash64())(new Uint8Array(0)).toString(16)).toBe('ef46db3751d8e999')
  })

  it('reproduces the worked example of spec/flows.md §2.8', async () => {
    const h = await loadXxhash64()
    const l3 = 'c0a80001 c0a80002 0000000000000001 02005c34 0000000000000000'
    expect(h(hex(l3)).toString(16)).toBe('9e42a86914a043b8')
    const l2 = h(hex(`${l3} 2eb92d762407 f245255b3abc 0000000000000003`))
    expect(l2.toString(16)).toBe('a25d427a9f9dcdb8')
    expect(h(hex('000001636897912b'), l2).toString(16)).toBe('73b2b3bcc5609d4a')
  })
})
