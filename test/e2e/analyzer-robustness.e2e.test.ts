// Bad input never crashes the analyzer: 1,000 malformed WebSocket messages and malformed
// JSON bodies on every write route are dropped or answered with a reason, and it stays up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectWs, createAnalyzerClient } from '../../src/client/index.js'
import { type AnalyzerProcess, eventually, startAnalyzerProcess } from './analyzer-process.js'

let an: AnalyzerProcess
beforeAll(async () => {
  an = await startAnalyzerProcess({ yaml: 'host_id: sdt-robust\n' })
})
afterAll(async () => {
  expect(await an.stop()).toBe(0)
})

/** Twenty kinds of broken messages, cycled to 1,000. */
const BROKEN: Array<string | Buffer> = [
  'not json', '{', '[]', 'null', '42', '"str"', '{"Namespace":1,"Type":"NodeAdded"}',
  '{"Namespace":"Graph"}', '{"Namespace":"Graph","Type":"NodeAdded","Obj":null}',
  '{"Namespace":"Graph","Type":"NodeAdded","Obj":{"Metadata":{}}}',
  '{"Namespace":"Graph","Type":"NodeAdded","Obj":{"ID":""}}',
  '{"Namespace":"Graph","Type":"NodeAdded","Obj":{"ID":"x","Metadata":[1]}}',
  '{"Namespace":"Graph","Type":"EdgeAdded","Obj":{"ID":"e","Parent":"a"}}',
  '{"Namespace":"Graph","Type":"EdgeAdded","Obj":{"ID":"e","Parent":"nope","Child":"nope2"}}',
  '{"Namespace":"Graph","Type":"Sync","Obj":{"Nodes":"many"}}',
  '{"Namespace":"Graph","Type":"NodePartiallyUpdated","Obj":{"ID":"x","Revision":"2"}}',
  '{"Namespace":"Graph","Type":"NodePartiallyUpdated","Obj":{"ID":"x","Revision":2,"Ops":[{"Type":9}]}}',
  '{"Namespace":"Graph","Type":"Explode","Obj":{}}',
  '{"Namespace":"Graph","Type":"NodeAdded","Obj":{"ID":"x","CreatedAt":"yesterday"}}',
  Buffer.from([0xde, 0xad, 0xbe, 0xef]),
]

describe('malformed WebSocket messages', () => {
  it('drops 1,000 broken messages with a logged reason and keeps applying good ones', async () => {
    const c = createAnalyzerClient({ analyzer: an.address })
    const agent = await connectWs({ analyzer: an.address, path: '/ws/agent/topology', headers: { 'X-Host-ID': 'vandal', 'X-Client-Type': 'agent' } })
    const pub = await connectWs({ analyzer: an.address, path: '/ws/publisher', headers: { 'X-Host-ID': 'vandal2', 'X-Client-Type': 'tool' } })
    for (let i = 0; i < 1000; i++) (i % 2 ? pub : agent).send(BROKEN[i % BROKEN.length]!)
    agent.send({ Namespace: 'Graph', Type: 'NodeAdded', Obj: { ID: 'after-storm', Metadata: { Type: 'device', Name: 'ok' } } })
    await eventually(async () => expect(await c.query("G.V().Has('@ID', 'after-storm').Count()")).toBe(1))
    expect(await c.query("G.V().Has('@ID', 'x').Count()")).toBe(0)
    const logs = an.logs()
    expect(logs).toContain('Dropped message: not JSON')
    expect(logs).toContain('Dropped message: binary frame on a JSON connection')
    expect(logs).toContain('peer=vandal2')
    await agent.close()
    await pub.close()
    expect(an.exitCode()).toBeNull()
  })
})

describe('malformed JSON bodies', () => {
  const writes: Array<[string, string]> = [
    ['POST', '/api/topology'], ['POST', '/api/node'], ['POST', '/api/edge'], ['PATCH', '/api/node/x'],
    ...['capture', 'alert', 'noderule', 'edgerule', 'injectpacket', 'workflow'].map((r): [string, string] => ['POST', `/api/${r}`]),
  ]
  it.each(writes)('answers %s %s with 400 and the reason', async (method, path) => {
    const c = createAnalyzerClient({ analyzer: an.address })
    for (const body of ['{"ID": ', '[1, 2', '{"GremlinQuery": "G" ']) {
      const r = await c.request(method, path, { body, allowErrors: true })
      if (method === 'PATCH') expect([400, 404]).toContain(r.status)
      else expect(r.status).toBe(400)
      expect(r.body.length).toBeGreaterThan(1)
    }
  })

  it('answers bodies of the wrong JSON shape with 400', async () => {
    const c = createAnalyzerClient({ analyzer: an.address })
    for (const body of ['[]', '"text"', '12', 'null']) {
      for (const path of ['/api/node', '/api/capture', '/api/topology']) {
        const r = await c.request('POST', path, { body, allowErrors: true })
        expect(r.status).toBe(400)
      }
    }
    expect(await c.json('GET', '/api')).toMatchObject({ Service: 'analyzer' })
  })
})
