import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadXxhash64 } from '../core/flow/index.js'
import { flowsFromFile } from './flows-from-file.js'
import { flowsFromStream } from './flows-from-stream.js'

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/pcaps')
const hash64 = await loadXxhash64()

/** `bytes` cut into chunks of `size`, all in the same memory, as a socket reader may hand them. */
async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const buf = new Uint8Array(size)
  for (let at = 0; at < bytes.length; at += size) {
    const n = Math.min(size, bytes.length - at)
    buf.set(bytes.subarray(at, at + n))
    yield buf.subarray(0, n)
  }
}

const json = (r: { table: { flows(order: 'created'): Iterable<unknown> } }) => JSON.stringify([...r.table.flows('created')])

describe('flowsFromStream', () => {
  it('gives the flows of flowsFromFile whatever the chunking, records spanning chunks included', async () => {
    for (const name of ['eth-ip4-arp-dns-req-http-google.pcap', 'iperf-same-L2L3.pcap', 'derived/two-interfaces.pcapng']) {
      const path = join(FIXTURES, name)
      const file = await flowsFromFile(path, { hash64 })
      expect(file.table.size, name).toBeGreaterThan(0)
      for (const size of [1, 13, 1000, 1 << 20]) {
        const r = await flowsFromStream(chunks(readFileSync(path), size), { hash64 })
        expect([r.error, r.packets, r.format], `${name} in chunks of ${size}`).toEqual([undefined, file.packets, file.format])
        expect(json(r), `${name} in chunks of ${size}`).toBe(json(file))
      }
    }
  })

  it('applies the pipeline options as flowsFromFile does', async () => {
    const path = join(FIXTURES, 'ipv4-fragments.pcap')
    const r = await flowsFromStream(chunks(readFileSync(path), 64), { hash64, ipDefrag: false, layerKeyMode: 'L3' })
    expect(json(r)).toBe(json(await flowsFromFile(path, { hash64, ipDefrag: false, layerKeyMode: 'L3' })))
    expect([...r.table.flows('created')].map((f) => f.LayersPath)).toEqual(['Ethernet/IPv4/Fragment', 'Ethernet/IPv4/ICMPv4'])
  })

  it('reports a truncated stream with its byte offset and keeps the flows read before it', async () => {
    const bytes = readFileSync(join(FIXTURES, 'eth-ip4-arp-dns-req-http-google.pcap'))
    const r = await flowsFromStream(chunks(bytes.subarray(0, 200), 7), { hash64 })
    expect(r.error?.offset).toBe(140)
    expect(r.error?.message).toMatch(/^truncated pcap record at byte 140: the file ends after 60 of \d+ bytes$/)
    expect([...r.table.flows('created')].map((f) => f.Application)).toEqual(['ARP', 'ARP'])
  })

  it('reports an empty stream and a stream that is not a capture at byte 0', async () => {
    expect((await flowsFromStream(chunks(new Uint8Array(0), 10), { hash64 })).error?.message).toMatch(/^empty file: no pcap or pcapng header at byte 0/)
    const text = await flowsFromStream(chunks(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'), 5), { hash64 })
    expect(text.error?.message).toMatch(/^not a pcap or pcapng file: unknown magic number 0x20544547 at byte 0/)
  })

  it('lets errors of the source itself through', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield readFileSync(join(FIXTURES, 'simple-tcpv4.pcap')).subarray(0, 100)
      throw new Error('connection reset')
    }
    await expect(flowsFromStream(broken(), { hash64 })).rejects.toThrow('connection reset')
  })
})
