import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isSkydiveError } from '../core/errors.js'
import { PcapInvalidError } from '../core/flow/index.js'
import { readPcapFile } from './pcap-file.js'
import { flowsFromFile } from './flows-from-file.js'

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/pcaps')
const tmp = mkdtempSync(join(tmpdir(), 'sdt-flow-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function lengths(path: string, chunkSize?: number): Promise<number[]> {
  const out: number[] = []
  await readPcapFile(path, (_b, _o, capLen, wireLen) => out.push(capLen, wireLen), chunkSize ? { chunkSize } : {})
  return out
}

describe('readPcapFile', () => {
  it('delivers the same packets whatever the read size, records spanning reads included', async () => {
    const file = join(FIXTURES, 'eth-ip4-arp-dns-req-http-google.pcap')
    const whole = await lengths(file)
    expect(whole).toHaveLength(58 * 2)
    for (const chunk of [16, 61, 1000]) expect(await lengths(file, chunk), `chunk ${chunk}`).toEqual(whole)
  })

  it('delivers the same packets with any number of reads in flight', async () => {
    const file = join(FIXTURES, 'eth-ip4-arp-dns-req-http-google.pcap')
    const whole = await lengths(file)
    for (const readAhead of [1, 2, 5]) {
      for (const chunkSize of [61, 1000, 1 << 20]) {
        const out: number[] = []
        await readPcapFile(file, (_b, _o, c, w) => out.push(c, w), { chunkSize, readAhead })
        expect(out, `readAhead ${readAhead}, chunk ${chunkSize}`).toEqual(whole)
      }
    }
  })

  it('reads a trace from a pipe', async () => {
    const file = join(FIXTURES, 'eth-ip4-arp-dns-req-http-google.pcap')
    const whole = await lengths(file)
    const fifo = join(tmp, 'trace.fifo')
    execFileSync('mkfifo', [fifo])
    const writer = spawn('sh', ['-c', `cat "${file}" > "${fifo}"`])
    const exited = new Promise((resolve) => writer.once('exit', resolve))
    const out: number[] = []
    await readPcapFile(fifo, (_b, _o, c, w) => out.push(c, w), { chunkSize: 1000 })
    expect(await exited).toBe(0)
    expect(out).toEqual(whole)
  })

  it('grows its buffer for a record larger than one read', async () => {
    expect(await lengths(join(FIXTURES, 'iperf-same-L2L3.pcap'), 64)).toEqual(await lengths(join(FIXTURES, 'iperf-same-L2L3.pcap')))
  })

  it('reports a truncated file with the byte offset of the cut record, after the packets before it', async () => {
    const bytes = readFileSync(join(FIXTURES, 'simple-tcpv4.pcap'))
    const cut = join(tmp, 'cut.pcap')
    writeFileSync(cut, bytes.subarray(0, bytes.length - 10))
    const seen: number[] = []
    const err = await readPcapFile(cut, (_b, _o, c) => seen.push(c)).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(PcapInvalidError)
    const offset = 24 + seen.reduce((n, c) => n + 16 + c, 0)
    expect(seen).toHaveLength(7)
    expect((err as PcapInvalidError).offset).toBe(offset)
    expect((err as Error).message).toBe(`Cannot read "${cut}": truncated pcap record at byte ${offset}: the file ends after ${bytes.length - 10 - offset} of ${bytes.length - offset} bytes`)
    expect((err as PcapInvalidError).hint).toMatch(/packets before that offset were read/)
  })

  it('reports damage in the middle of a file read ahead, after every packet before it', async () => {
    const bytes = readFileSync(join(FIXTURES, 'eth-ip4-arp-dns-req-http-google.pcap'))
    const records = bytes.subarray(24)
    // 20 copies of the records, then a record with an absurd length, then 20 more copies
    const at = 24 + 20 * records.length
    const bad = Buffer.alloc(16)
    bad.writeUInt32LE(0x7fffffff, 8)
    const path = join(tmp, 'damaged-middle.pcap')
    writeFileSync(path, Buffer.concat([bytes.subarray(0, 24), ...Array(20).fill(records), bad, ...Array(20).fill(records)]))
    let packets = 0
    const err = await readPcapFile(path, () => packets++, { chunkSize: 4096, readAhead: 4 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PcapInvalidError)
    expect((err as PcapInvalidError).offset).toBe(at)
    expect(packets).toBe(20 * 58)
  })

  it('names a missing file and a directory', async () => {
    const missing = await readPcapFile(join(tmp, 'nope.pcap'), () => {}).catch((e: unknown) => e)
    expect(isSkydiveError(missing, 'not-found')).toBe(true)
    expect((missing as Error).message).toBe(`Cannot read "${join(tmp, 'nope.pcap')}": no such file`)
    const dir = await readPcapFile(tmp, () => {}).catch((e: unknown) => e)
    expect((dir as Error).message).toBe(`Cannot read "${tmp}": it is a directory`)
  })
})

describe('flowsFromFile', () => {
  it('keeps the flows decoded before a corrupt record and returns the error', async () => {
    const bytes = Buffer.from(readFileSync(join(FIXTURES, 'eth-ip4-arp-dns-req-http-google.pcap')))
    // record 4 starts after the header and three records: make its captured length absurd
    let at = 24
    for (let i = 0; i < 3; i++) at += 16 + bytes.readUInt32LE(at + 8)
    bytes.writeUInt32LE(0x7fffffff, at + 8)
    const path = join(tmp, 'corrupt.pcap')
    writeFileSync(path, bytes)
    const r = await flowsFromFile(path)
    expect(r.packets).toBe(3)
    expect(r.error?.offset).toBe(at)
    expect(r.error?.message).toBe(`Cannot read "${path}": corrupt pcap record at byte ${at}: captured length 2147483647 exceeds the maximum of 262144`)
    expect([...r.table.flows()].map((f) => f.Application).sort()).toEqual(['ARP', 'ARP', 'DNS'])
  })
})
