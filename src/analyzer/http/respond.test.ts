import { type Server, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { JSON_TYPE, startBody } from './respond.js'

/** Pieces like a topology answer: text around big byte blocks, one non-ASCII. */
const pieces = (blocks: number): Array<string | Buffer> => {
  const out: Array<string | Buffer> = ['[']
  for (let i = 0; i < blocks; i++) {
    if (i > 0) out.push(',')
    out.push(Buffer.from(JSON.stringify({ ID: `n${i}`, Metadata: { Name: 'hôte', Pad: 'x'.repeat(30_000) } })))
    out.push(',')
    out.push(JSON.stringify({ ID: `small${i}` }))
  }
  out.push(']\n')
  return out
}
const expected = (ps: Array<string | Buffer>): Buffer => Buffer.concat(ps.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))

let server: Server | undefined
/** Whether the headers (and so the first chunks) had gone out before end() was called. */
let sentBeforeEnd = false
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())))

/** Serves `ps` through startBody and fetches it raw (no automatic decoding). */
async function fetchPieces(ps: Array<string | Buffer>, acceptEncoding: string) {
  server = createServer((req, res) => {
    const out = startBody(req, res, 200, JSON_TYPE)
    for (const p of ps) out.write(p)
    sentBeforeEnd = res.headersSent
    out.end()
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject).end()
  })
}

describe('startBody', () => {
  it('sends a small body whole, with a Content-Length', async () => {
    const ps = ['[', '{"ID":"a"}', ',', Buffer.from('{"ID":"b"}'), ']\n']
    const { headers, body } = await fetchPieces(ps, 'identity')
    expect(body.toString()).toBe('[{"ID":"a"},{"ID":"b"}]\n')
    expect(headers['content-length']).toBe(String(body.length))
    expect(headers['content-type']).toBe(JSON_TYPE)
    expect(sentBeforeEnd).toBe(false)
  })

  it('streams a big body chunked while it is written, byte for byte what was written', async () => {
    const ps = pieces(40)
    const { headers, body } = await fetchPieces(ps, 'identity')
    expect(sentBeforeEnd).toBe(true)
    expect(headers['transfer-encoding']).toBe('chunked')
    expect(headers['content-length']).toBeUndefined()
    expect(headers['content-type']).toBe(JSON_TYPE)
    expect(body.equals(expected(ps))).toBe(true)
    expect(() => JSON.parse(body.toString('utf8'))).not.toThrow()
  })

  it('compresses the whole body when the client accepts gzip', async () => {
    const ps = pieces(40)
    const { headers, body } = await fetchPieces(ps, 'gzip')
    expect(headers['content-encoding']).toBe('gzip')
    expect(sentBeforeEnd).toBe(false)
    expect(headers['content-length']).toBe(String(body.length))
    expect(gunzipSync(body).equals(expected(ps))).toBe(true)
  })
})
