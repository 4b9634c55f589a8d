import { describe, expect, it } from 'vitest'
import { genID, uuidV5 } from './gen-id.js'

describe('identifier schemes (spec/topology.md §1.4)', () => {
  it('uuidV5 matches the spec test vectors', () => {
    expect(uuidV5('fabricTOR1')).toBe('c171d2ee-d356-5a2d-bdb1-a4a3cfd4c9d1')
    expect(uuidV5('node1')).toBe('2f6f9b99-82ef-5507-b6b6-cbab28bda9cb')
  })

  it('genID of several parts is the v5 UUID of them joined by "/"', () => {
    expect(genID('a', 'b')).toBe('e557c849-a9bd-5c1d-ad6c-db261d9c9e22')
    expect(genID('a', 'b')).toBe(uuidV5('a/b'))
  })

  it('genID without argument gives a fresh random v4 UUID', () => {
    const a = genID()
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(genID()).not.toBe(a)
  })
})
