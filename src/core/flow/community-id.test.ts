import { describe, expect, it } from 'vitest'
import { communityId } from './community-id.js'

const ip = (s: string): Uint8Array => Uint8Array.from(s.split('.').map(Number))

describe('communityId', () => {
  it('matches the published Community ID v1 examples', () => {
    // examples of the Tenzir community_id() documentation, computed by the reference implementation
    expect(communityId({ src: ip('1.2.3.4'), dst: ip('43.3.132.3'), proto: 6, srcPort: 4584, dstPort: 3483 })).toBe('1:koNcqhFRD5kb254ZrLsdv630jCM=')
    expect(communityId({ src: ip('1.2.3.4'), dst: ip('43.3.132.3'), proto: 17 })).toBe('1:7TrrMeH98PrUKC0ySu3RNmpUr48=')
  })

  it('gives both directions of a conversation the same id', () => {
    const a = communityId({ src: ip('10.0.0.2'), dst: ip('10.0.0.1'), proto: 6, srcPort: 80, dstPort: 40000 })
    expect(communityId({ src: ip('10.0.0.1'), dst: ip('10.0.0.2'), proto: 6, srcPort: 40000, dstPort: 80 })).toBe(a)
    const req = communityId({ src: ip('10.0.0.1'), dst: ip('10.0.0.2'), proto: 1, srcPort: 8, dstPort: 0 })
    expect(communityId({ src: ip('10.0.0.2'), dst: ip('10.0.0.1'), proto: 1, srcPort: 0, dstPort: 0 })).toBe(req)
  })

  it('does not reorder one-way ICMP messages and changes with the seed', () => {
    const there = communityId({ src: ip('10.0.0.2'), dst: ip('10.0.0.1'), proto: 1, srcPort: 3, dstPort: 1 })
    const back = communityId({ src: ip('10.0.0.1'), dst: ip('10.0.0.2'), proto: 1, srcPort: 3, dstPort: 1 })
    expect(there).not.toBe(back)
    const t = { src: ip('1.2.3.4'), dst: ip('43.3.132.3'), proto: 17 }
    expect(communityId(t, 1)).not.toBe(communityId(t, 0))
  })
})
