import { afterEach, describe, expect, it, vi } from 'vitest'
import { writeJson } from './ws-publisher-json.js'

/** The pieces of `v`, joined. */
function toJson(v: unknown, pieceChars?: number): string {
  const pieces: string[] = []
  writeJson(v, (p) => pieces.push(p), pieceChars)
  return pieces.join('')
}

describe('writeJson', () => {
  it('writes the same text as JSON.stringify for JSON data, in pieces of any size', () => {
    const v = { a: 1, b: 'x"y', c: [1, null, undefined, { d: true }], e: undefined, f: NaN, g: { h: [] }, i: 'é\n',
      j: new Date(0), k: () => 1, l: { toJSON: () => undefined }, m: [{ toJSON: () => undefined }], n: Array.from({ length: 100 }, (_, i) => i) }
    expect(toJson(v)).toBe(JSON.stringify(v))
    expect(toJson([undefined])).toBe('[null]')
    expect(toJson(null)).toBe('null')
    expect(toJson(undefined)).toBe('null')
    expect(toJson(v, 1)).toBe(JSON.stringify(v))
  })

  it('cuts big text into pieces of about the given size that join to the JSON text', () => {
    const entries = Array.from({ length: 5000 }, (_, i) => ({ Protocol: 'TCP', LocalPort: i, Process: '/usr/bin/nodé', Pid: i % 7 }))
    const nested = [{ ID: 'a', Metadata: { Sockets: entries.slice(0, 300), IPV4: ['10.0.0.1/24'] } }, 'x', null]
    const msg = { Namespace: 'Graph', Type: 'NodeUpdated', Obj: { ID: 'h', Metadata: { Name: 'h', Sockets: entries, CPU: [{ CPU: 0 }], nested } } }
    const pieces: string[] = []
    writeJson(msg, (p) => pieces.push(p), 20_000)
    expect(pieces.join('')).toBe(JSON.stringify(msg))
    expect(pieces.length).toBeGreaterThan(10)
    const chars = pieces.map((p) => p.length)
    for (const n of chars.slice(0, -1)) expect(n).toBeGreaterThanOrEqual(20_000)
    // a piece ends once it reaches the size: it overshoots by at most one run of entries
    for (const n of chars) expect(n).toBeLessThan(2 * 20_000)
  })

  it('gathers the kept runs of frozen entries into pieces of the given size, not one piece per run', () => {
    const sockets = Array.from({ length: 1000 }, (_, i) => Object.freeze({ Protocol: 'TCP', LocalPort: i, Name: 'nodé' }))
    const write = () => {
      const pieces: string[] = []
      writeJson({ Sockets: sockets, n: 1 }, (p) => pieces.push(p), 8000)
      return pieces
    }
    const a = write()
    const text = JSON.stringify({ Sockets: sockets, n: 1 })
    expect(a.join('')).toBe(text)
    const b = write()
    expect(b.join('')).toBe(text)
    // a piece overshoots the size by less than one run of entries
    expect(b.length).toBeGreaterThanOrEqual(Math.floor(text.length / (8000 + 32 * 50)))
    expect(b.length).toBeLessThanOrEqual(Math.ceil(text.length / 8000))
    for (const p of b.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(8000)
  })

  it('writes a small value as one piece', () => {
    const pieces: string[] = []
    writeJson({ a: [1, 2] }, (p) => pieces.push(p))
    expect(pieces).toEqual(['{"a":[1,2]}'])
  })

  describe('with the text of runs of frozen entries kept', () => {
    afterEach(() => { vi.restoreAllMocks() })
    const entry = (i: number) => Object.freeze({ Protocol: 'TCP', LocalPort: i, Name: `p${i}` })
    /** Entries JSON.stringify is given inside arrays while `f` runs. */
    function serialised(f: () => void): number {
      const spy = vi.spyOn(JSON, 'stringify')
      f()
      const n = spy.mock.calls.reduce((sum, [x]) => sum + (Array.isArray(x) ? x.length : 0), 0)
      spy.mockRestore()
      return n
    }

    it('re-serialises only the runs around a changed, added or removed entry', () => {
      const a = Array.from({ length: 3000 }, (_, i) => entry(i))
      expect(serialised(() => expect(toJson({ Sockets: a })).toBe(JSON.stringify({ Sockets: a })))).toBe(3000)
      expect(serialised(() => toJson({ Sockets: a }))).toBe(0)
      const b = [...a.slice(0, 1000), entry(-1), ...a.slice(1000, 2000), entry(-2), ...a.slice(2001)]
      let text = ''
      expect(serialised(() => { text = toJson({ Sockets: b }) })).toBeLessThanOrEqual(2 * 16 + 2)
      expect(text).toBe(JSON.stringify({ Sockets: b }))
    })

    it('re-serialises about one run per changed entry under steady churn, never the whole array', () => {
      let seed = 7
      const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n }
      let a = Array.from({ length: 3000 }, (_, i) => entry(i))
      toJson({ Sockets: a })
      const costs: number[] = []
      for (let round = 0; round < 60; round++) {
        // ten changes at random places (sockets closed and opened), as socket churn does
        const b = a.slice()
        for (let k = 0; k < 5; k++) b.splice(rnd(b.length), 1)
        for (let k = 0; k < 5; k++) b.splice(rnd(b.length), 0, entry(10_000 + round * 100 + k))
        a = b
        let text = ''
        costs.push(serialised(() => { text = toJson({ Sockets: a }) }))
        expect(text).toBe(JSON.stringify({ Sockets: a }))
      }
      // at most two runs of 16 per change; runs of 256 would cost ~1,800 a round here
      for (const n of costs) expect(n).toBeLessThanOrEqual(10 * 2 * 16)
      expect(costs.slice(-20).reduce((x, y) => x + y, 0) / 20).toBeLessThan(250)
    })

    it('writes frozen values whose text can still change afresh each time', () => {
      const d = Object.freeze(new Date(0))
      const nested = Object.freeze({ a: [1] })
      const v = [...Array.from({ length: 300 }, () => d), nested]
      expect(toJson(v)).toBe(JSON.stringify(v))
      d.setTime(1000) // a frozen Date still changes
      nested.a.push(2) // so does what a frozen object holds
      expect(toJson(v)).toBe(JSON.stringify(v))
    })
  })
})
