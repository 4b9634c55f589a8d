import { describe, expect, it } from 'vitest'
import { isSkydiveError } from '../core/errors.js'
import { selectProbes } from './probe-names.js'

describe('selectProbes', () => {
  it('runs netlink, netns and socketinfo when nothing is configured', () => {
    expect(selectProbes([])).toEqual({ probes: ['netlink', 'netns', 'socketinfo'], skipped: [] })
  })

  it('always runs netlink and keeps the configured ones, once each', () => {
    expect(selectProbes(['socketinfo', 'socketinfo', 'hardware'])).toEqual({ probes: ['netlink', 'socketinfo'], skipped: [] })
  })

  it('skips upstream probes not ported yet', () => {
    expect(selectProbes(['ovsdb', 'netns'])).toEqual({ probes: ['netlink', 'netns'], skipped: ['ovsdb'] })
  })

  it('rejects an unknown probe name with the list of available ones', () => {
    try {
      selectProbes(['netlnk'])
      expect.unreachable()
    } catch (err) {
      expect(isSkydiveError(err, 'config-invalid')).toBe(true)
      expect((err as Error).message).toBe('Unknown probe "netlnk" in agent.topology.probes')
      expect((err as { hint: string }).hint).toBe('available probes: netlink, netns, socketinfo')
    }
  })
})
