import { describe, expect, it } from 'vitest'
import { HttpError } from '../http/http-error.js'
import { limitBytes } from './pcap-routes.js'

async function* source(sizes: number[], fail?: Error): AsyncGenerator<Uint8Array> {
  for (const n of sizes) yield new Uint8Array(n)
  if (fail) throw fail
}

async function drain(it: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = []
  for await (const c of it) out.push(c.length)
  return out
}

describe('limitBytes', () => {
  it('passes chunks through and counts them up to the limit', async () => {
    const counted = { bytes: 0 }
    expect(await drain(limitBytes(source([3, 4, 3]), 10, counted))).toEqual([3, 4, 3])
    expect(counted.bytes).toBe(10)
  })

  it('throws a 413 as soon as a body without a declared length passes the limit', async () => {
    const counted = { bytes: 0 }
    const seen: number[] = []
    const err = await (async () => { for await (const c of limitBytes(source([6, 6, 6]), 10, counted)) seen.push(c.length) })().catch((e: unknown) => e)
    expect(seen).toEqual([6])
    expect(err).toBeInstanceOf(HttpError)
    expect([(err as HttpError).status, (err as HttpError).body]).toEqual([413,
      'Cannot import the pcap trace: it holds more than the 10 bytes an upload may hold; split it with `editcap -c <packets>` and upload the parts'])
  })

  it('turns a body cut off by the client into a 400 naming how far it got', async () => {
    const err = await drain(limitBytes(source([5, 2], Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), 100, { bytes: 0 })).catch((e: unknown) => e)
    expect([(err as HttpError).status, (err as HttpError).body]).toEqual([400, 'Cannot import the pcap trace: the upload stopped after 7 bytes: aborted'])
  })
})
