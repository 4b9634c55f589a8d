import { describe, expect, it } from 'vitest'
import { parseGremlin } from './index.js'
import { parseGoDuration, parseRfc1123, resolveTimeContext } from './time-context.js'

const NOW = 1_720_000_000_000
const ctx = (q: string) => resolveTimeContext(parseGremlin(q).steps[0]!.params, NOW)

describe('resolveTimeContext() (spec/api.md §5.6)', () => {
  it('reads NOW, Unix seconds, and milliseconds above 2147483647', () => {
    expect(ctx('G.Context(NOW)')).toEqual({ atMs: NOW, startMs: NOW, point: true })
    expect(ctx('G.Context(1454659514)').atMs).toBe(1_454_659_514_000)
    expect(ctx('G.Context(2147483647)').atMs).toBe(2_147_483_647_000)
    expect(ctx('G.Context(2147483648)').atMs).toBe(2_147_483_648)
  })

  it('reads Go durations relative to now and RFC 1123 times', () => {
    expect(ctx("G.Context('-10m')").atMs).toBe(NOW - 600_000)
    expect(ctx("G.Context('-1h30m')").atMs).toBe(NOW - 5_400_000)
    expect(ctx("G.Context('Mon, 02 Jan 2006 15:04:05 UTC')").atMs).toBe(Date.UTC(2006, 0, 2, 15, 4, 5))
  })

  it('turns a duration into the range [at - duration, at]', () => {
    expect(ctx('G.Context(NOW, 60)')).toEqual({ atMs: NOW, startMs: NOW - 60_000, point: false })
    expect(ctx("G.Context(NOW, '5m')").startMs).toBe(NOW - 300_000)
    expect(ctx('G.Context(NOW, FOREVER)').startMs).toBe(0)
  })

  it('rejects a quoted NOW, unknown strings and floats', () => {
    expect(() => ctx("G.Context('NOW')")).toThrow("Cannot use 'NOW' as the time of Context()")
    expect(() => ctx('G.Context(1.5)')).toThrow('Cannot use 1.5 as the time of Context()')
    expect(() => ctx("G.Context(NOW, 'soon')")).toThrow("Cannot use 'soon' as the duration of Context()")
  })
})

describe('Go duration and RFC 1123 parsing', () => {
  it('parses every Go unit and fractions', () => {
    expect(parseGoDuration('1h')).toBe(3_600_000)
    expect(parseGoDuration('1.5s')).toBe(1500)
    expect(parseGoDuration('250ms')).toBe(250)
    expect(parseGoDuration('1000us')).toBe(1)
    expect(parseGoDuration('1000000ns')).toBe(1)
    expect(parseGoDuration('0')).toBe(0)
    expect(parseGoDuration('10')).toBeUndefined()
    expect(parseGoDuration('1d')).toBeUndefined()
  })

  it('parses RFC 1123 and refuses other layouts', () => {
    expect(parseRfc1123('Tue, 09 Jul 2024 10:00:00 GMT')).toBe(Date.UTC(2024, 6, 9, 10))
    expect(parseRfc1123('2024-07-09T10:00:00Z')).toBeUndefined()
  })
})
