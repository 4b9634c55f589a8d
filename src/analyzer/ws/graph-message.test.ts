import { describe, expect, it } from 'vitest'
import { isSkydiveError } from '../../core/errors.js'
import { parseEnvelope, parseGraphMessage } from './graph-message.js'

const parse = (o: unknown) => parseGraphMessage(parseEnvelope(JSON.stringify(o)))

describe('parseGraphMessage', () => {
  it('reads a Sync with null lists and defaults missing element fields', () => {
    const m = parse({ Namespace: 'Graph', Type: 'Sync', Obj: { Nodes: [{ ID: 'a', Metadata: { Name: 'x' } }], Edges: null } })
    expect(m).toEqual({ Type: 'Sync', UUID: undefined, Obj: { Nodes: [{ ID: 'a', Metadata: { Name: 'x' }, Host: '', Origin: undefined, CreatedAt: null, UpdatedAt: null, DeletedAt: null, Revision: 0 }], Edges: [] } })
  })

  it('reads partial updates and SyncRequests', () => {
    expect(parse({ Namespace: 'Graph', Type: 'NodePartiallyUpdated', Obj: { ID: 'a', Revision: 2, Ops: [{ Type: 2, Key: 'k' }] } }).Obj)
      .toEqual({ ID: 'a', Revision: 2, UpdatedAt: 0, Ops: [{ Type: 2, Key: 'k' }] })
    expect(parse({ Namespace: 'Graph', Type: 'SyncRequest', Obj: null })).toEqual({ Type: 'SyncRequest', UUID: undefined, Obj: { GremlinFilter: undefined } })
  })

  it.each([
    ['not JSON', 'x', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['no Type', '{"Namespace":"Graph"}', /Type must be a string/],
    ['a node without ID', '{"Namespace":"Graph","Type":"NodeAdded","Obj":{"Metadata":{}}}', /Obj.ID must be a non-empty string/],
    ['an edge without Child', '{"Namespace":"Graph","Type":"EdgeAdded","Obj":{"ID":"e","Parent":"a"}}', /Obj.Child/],
    ['a Sync with a bad node', '{"Namespace":"Graph","Type":"Sync","Obj":{"Nodes":[{"ID":1}]}}', /Nodes\[0\].ID/],
    ['a bad op', '{"Namespace":"Graph","Type":"EdgePartiallyUpdated","Obj":{"ID":"e","Revision":1,"Ops":[{"Type":3,"Key":"k"}]}}', /Ops\[0\]/],
    ['an unknown type', '{"Namespace":"Graph","Type":"Boom","Obj":{}}', /unknown Graph message type "Boom"/],
  ])('rejects %s with a reason', (_what, text, reason) => {
    try {
      parseGraphMessage(parseEnvelope(text))
      expect.unreachable()
    } catch (err) {
      expect(isSkydiveError(err, 'bad-message')).toBe(true)
      expect((err as Error).message).toMatch(reason)
    }
  })
})
