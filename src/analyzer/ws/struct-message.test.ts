import { describe, expect, it } from 'vitest'
import { isSkydiveError } from '../../core/errors.js'
import { decodeStructMessage, encodeStructMessage } from './struct-message.js'

describe('StructMessage protobuf framing', () => {
  it('decodes the bytes a Go agent sends (fields 1-6, JSON Obj)', () => {
    // Namespace "Graph", Type "Sync", UUID "u1", Status 200, Format 0, Obj {"Nodes":[],"Edges":[]}
    const obj = Buffer.from('{"Nodes":[],"Edges":[]}')
    const frame = Buffer.concat([
      Buffer.from([0x0a, 5]), Buffer.from('Graph'),
      Buffer.from([0x12, 4]), Buffer.from('Sync'),
      Buffer.from([0x1a, 2]), Buffer.from('u1'),
      Buffer.from([0x20, 0xc8, 0x01]),
      Buffer.from([0x28, 0x00]),
      Buffer.from([0x32, obj.length]), obj,
    ])
    expect(decodeStructMessage(frame)).toEqual({ Namespace: 'Graph', Type: 'Sync', UUID: 'u1', Status: 200, Obj: { Nodes: [], Edges: [] } })
  })

  it('round-trips what it encodes, with large Obj lengths', () => {
    const msg = { Namespace: 'Graph', Type: 'NodeAdded', UUID: 'x', Status: 200, Obj: { ID: 'n', Metadata: { Pad: 'p'.repeat(70_000) } } }
    expect(decodeStructMessage(encodeStructMessage(msg))).toEqual(msg)
  })

  it('keeps a protobuf (Format 1) Obj as bytes', () => {
    const frame = Buffer.concat([Buffer.from([0x0a, 4]), Buffer.from('Flow'), Buffer.from([0x12, 1]), Buffer.from('X'), Buffer.from([0x28, 1, 0x32, 2, 8, 1])])
    expect(decodeStructMessage(frame).Obj).toEqual(Buffer.from([8, 1]))
  })

  it.each([
    ['a truncated field', Buffer.from([0x0a, 9, 0x41])],
    ['no Namespace', Buffer.from([0x12, 1, 0x41])],
    ['a bad wire type', Buffer.from([0x0b])],
    ['a JSON Obj that is not JSON', Buffer.concat([Buffer.from([0x0a, 1, 0x47, 0x12, 1, 0x54, 0x32, 1]), Buffer.from('{')])],
  ])('rejects %s', (_what, frame) => {
    try {
      decodeStructMessage(frame)
      expect.unreachable()
    } catch (err) {
      expect(isSkydiveError(err, 'bad-message')).toBe(true)
    }
  })
})
