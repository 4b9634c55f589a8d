import { describe, expect, it } from 'vitest'
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

  it('cuts a big value into pieces of about the given size that join to the JSON text', () => {
    const sockets = Array.from({ length: 5000 }, (_, i) => Object.freeze({ Protocol: 'TCP', LocalPort: i, Process: '/usr/bin/node', Pid: i % 7 }))
    const nested = [{ ID: 'a', Metadata: { Sockets: sockets.slice(0, 300), IPV4: ['10.0.0.1/24'] } }, 'x', null]
    const msg = { Namespace: 'Graph', Type: 'NodeUpdated', Obj: { ID: 'h', Metadata: { Name: 'h', Sockets: sockets, CPU: [{ CPU: 0 }], nested } } }
    const pieces: string[] = []
    writeJson(msg, (p) => pieces.push(p), 20_000)
    expect(pieces.join('')).toBe(JSON.stringify(msg))
    expect(pieces.length).toBeGreaterThan(10)
    for (const p of pieces.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(20_000)
    // a piece ends once it reaches the size: it overshoots by at most one run of entries
    for (const p of pieces) expect(p.length).toBeLessThan(2 * 20_000)
  })

  it('writes a small value as one piece', () => {
    const pieces: string[] = []
    writeJson({ a: [1, 2] }, (p) => pieces.push(p))
    expect(pieces).toEqual(['{"a":[1,2]}'])
  })
})
