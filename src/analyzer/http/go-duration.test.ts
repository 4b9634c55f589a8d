import { describe, expect, it } from 'vitest'
import { parseGoDuration } from './go-duration.js'

describe('parseGoDuration', () => {
  it.each([['30s', 30_000], ['1m30s', 90_000], ['1.5h', 5_400_000], ['500ms', 500], ['0', 0], ['2h45m', 9_900_000]])('reads %s', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms)
  })

  it.each(['', '10', 's', '1x', '1 s', 'soon'])('rejects "%s"', (text) => {
    expect(parseGoDuration(text)).toBeUndefined()
  })
})
