import { describe, expect, it } from 'vitest'
import { toJson } from './ws-publisher-json.js'

describe('toJson', () => {
  it('writes the same text as JSON.stringify for JSON data', () => {
    const v = { a: 1, b: 'x"y', c: [1, null, undefined, { d: true }], e: undefined, f: NaN, g: { h: [] }, i: 'é\n' }
    expect(toJson(v)).toBe(JSON.stringify(v))
    expect(toJson([undefined])).toBe('[null]')
    expect(toJson(null)).toBe('null')
  })

  it('reuses the text of a frozen entry and recomputes unfrozen ones', () => {
    const entry = Object.freeze({ Pid: 1, Name: 'node' })
    const live = { Pid: 2 }
    expect(toJson({ Sockets: [entry, live] })).toBe('{"Sockets":[{"Pid":1,"Name":"node"},{"Pid":2}]}')
    live.Pid = 3
    expect(toJson({ Sockets: [entry, live] })).toBe('{"Sockets":[{"Pid":1,"Name":"node"},{"Pid":3}]}')
  })
})
