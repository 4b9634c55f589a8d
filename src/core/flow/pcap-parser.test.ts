import { describe, expect, it } from 'vitest'
import { type Packet, pcapFile, pcapngFile } from '../../../test/flow/frames.js'
import { PcapInvalidError } from './pcap-error.js'
import { type PacketSink, PcapParser } from './pcap-parser.js'

interface Seen { data: number[]; wireLen: number; sec: number; nsec: number; linkType: number }

/** Hands `file` to `parser` in chunks of `chunk` bytes, as a streaming reader does. */
function feed(parser: PcapParser, file: Uint8Array, chunk: number, sink: PacketSink): void {
  let buf = new Uint8Array(0)
  for (let at = 0; ; at += chunk) {
    const eof = at >= file.length
    const next = new Uint8Array(buf.length + Math.max(0, Math.min(chunk, file.length - at)))
    next.set(buf)
    if (!eof) next.set(file.subarray(at, at + chunk), buf.length)
    buf = next.slice(parser.parse(next, 0, next.length, sink, eof))
    if (eof) break
  }
}

/** Parses `file` handing it over in chunks of `chunk` bytes. */
function parseAll(file: Uint8Array, chunk = file.length): Seen[] {
  const seen: Seen[] = []
  feed(new PcapParser(), file, chunk, (b, o, c, w, s, n, l) => seen.push({ data: [...b.subarray(o, o + c)], wireLen: w, sec: s, nsec: n, linkType: l }))
  return seen
}

const packets: Packet[] = [
  { sec: 1_700_000_000, nsec: 123_456_000, data: Uint8Array.of(1, 2, 3, 4, 5), wireLen: 60 },
  { sec: 1_700_000_001, nsec: 999_999_000, data: Uint8Array.of(6, 7, 8) },
  { sec: 1_700_000_002, nsec: 0, data: new Uint8Array(0) },
]
const expected = packets.map((p) => ({ data: [...p.data], wireLen: p.wireLen ?? p.data.length, sec: p.sec, nsec: p.nsec, linkType: 1 }))

describe('PcapParser', () => {
  it('reads little- and big-endian pcap with microsecond timestamps', () => {
    expect(parseAll(pcapFile(packets))).toEqual(expected)
    expect(parseAll(pcapFile(packets, { bigEndian: true }))).toEqual(expected)
  })

  it('keeps nanoseconds of nanosecond pcap files', () => {
    const nano = packets.map((p, i) => ({ ...p, nsec: p.nsec + i + 1 }))
    expect(parseAll(pcapFile(nano, { nano: true })).map((s) => s.nsec)).toEqual(nano.map((p) => p.nsec))
    expect(parseAll(pcapFile(nano, { nano: true, bigEndian: true })).map((s) => s.nsec)).toEqual(nano.map((p) => p.nsec))
  })

  it('reads records split across chunks at every possible boundary', () => {
    const file = pcapFile(packets)
    for (const chunk of [1, 2, 3, 7, 16, 17, 23, 24, 25]) expect(parseAll(file, chunk), `chunk ${chunk}`).toEqual(expected)
  })

  it('reads pcapng enhanced packet blocks in both byte orders, with per-interface link types', () => {
    const ifaces = [{ linkType: 1 }, { linkType: 228 }]
    const two = packets.map((p, i) => ({ ...p, iface: i % 2 }))
    const want = expected.map((e, i) => ({ ...e, linkType: i % 2 ? 228 : 1 }))
    expect(parseAll(pcapngFile(ifaces, two))).toEqual(want)
    expect(parseAll(pcapngFile(ifaces, two, { bigEndian: true }))).toEqual(want)
    expect(parseAll(pcapngFile(ifaces, two), 5)).toEqual(want)
  })

  it('converts if_tsresol (10^-9, 2^-20) and if_tsoffset to seconds and nanoseconds exactly', () => {
    const p = [{ sec: 1_700_000_123, nsec: 987_654_321, data: Uint8Array.of(9) }]
    expect(parseAll(pcapngFile([{ linkType: 1, tsresol: 9 }], p))[0]).toMatchObject({ sec: 1_700_000_123, nsec: 987_654_321 })
    const pow2 = parseAll(pcapngFile([{ linkType: 1, tsresol: 0x80 | 20 }], p))[0]!
    expect(pow2.sec).toBe(1_700_000_123)
    expect(Math.abs(pow2.nsec - 987_654_321)).toBeLessThan(1000) // 2^-20 s is about 954 ns
    expect(parseAll(pcapngFile([{ linkType: 1, tsoffset: 1_000_000_000 }], p))[0]).toMatchObject({ sec: 1_700_000_123, nsec: 987_654_000 })
  })

  it('reads simple packet blocks (no timestamp: the previous one is kept) and obsolete packet blocks', () => {
    const whole = packets.map((p) => ({ ...p, wireLen: p.data.length }))
    const spb = parseAll(pcapngFile([{ linkType: 1 }], whole, { simple: true }))
    expect(spb.map((s) => [s.data, s.wireLen, s.sec])).toEqual(whole.map((p) => [[...p.data], p.data.length, 0]))
    // with a snap length, the captured part is that long and the padding is not data
    const snapped = parseAll(pcapngFile([{ linkType: 1, snapLen: 3 }], [{ sec: 0, nsec: 0, data: Uint8Array.of(1, 2, 3), wireLen: 60 }], { simple: true }))
    expect(snapped).toEqual([{ data: [1, 2, 3], wireLen: 60, sec: 0, nsec: 0, linkType: 1 }])
    expect(parseAll(pcapngFile([{ linkType: 1 }], packets, { obsolete: true }))).toEqual(expected)
  })

  it('hands runs of records to a bulk, every record once, in order, with the same counters', () => {
    // 300 records; the bulk takes runs of up to 5 records and declines those whose first byte is 0 mod 7
    const many: Packet[] = Array.from({ length: 300 }, (_, i) => ({ sec: 1_700_000_000 + i, nsec: i * 1000, data: Uint8Array.of(i % 256, 1, 2) }))
    const file = pcapFile(many)
    for (const chunk of [file.length, 100, 37]) {
      const order: number[] = []
      const result = { next: 0 }
      let bulkCalls = 0
      const parser = new PcapParser((b, p, end, le, nano, maxCap, linkType) => {
        bulkCalls++
        expect([le, nano, maxCap, linkType]).toEqual([true, false, 262144, 1])
        let n = 0
        while (n < 5 && end - p >= 16) {
          const cap = b[p + 8]!
          if (end - p - 16 < cap || b[p + 16]! % 7 === 0) break
          order.push(b[p + 16]!)
          p += 16 + cap
          n++
        }
        result.next = p
        return n
      }, result)
      feed(parser, file, chunk, (b, o) => order.push(b[o]!))
      expect(order, `chunk ${chunk}`).toEqual(many.map((_, i) => i % 256))
      expect(parser.packets).toBe(300)
      expect(parser.position).toBe(file.length)
      expect(bulkCalls).toBeGreaterThan(10)
    }
  })

  it('rejects a file that is neither pcap nor pcapng, naming the magic number and offset 0', () => {
    const err = catchErr(() => parseAll(Uint8Array.from('hello, this is not a capture'.split('').map((c) => c.charCodeAt(0)))))
    expect(err.code).toBe('pcap-invalid')
    expect(err.offset).toBe(0)
    expect(err.message).toMatch(/^not a pcap or pcapng file: unknown magic number 0x6c6c6568 at byte 0$/)
  })

  it('reports a truncated last record at its offset after delivering the complete ones', () => {
    const file = pcapFile(packets)
    const cut = file.subarray(0, file.length - 1 - 16) // into the second record's data
    const seen: number[] = []
    const parser = new PcapParser()
    const err = catchErr(() => parser.parse(cut, 0, cut.length, (_b, _o, c) => seen.push(c), true))
    expect(seen).toEqual([5])
    expect(err.offset).toBe(24 + 16 + 5)
    expect(err.message).toBe(`truncated pcap record at byte 45: the file ends after ${cut.length - 45} of 19 bytes`)
  })

  it('reports a truncated file header and an empty file', () => {
    expect(catchErr(() => parseAll(pcapFile([]).subarray(0, 10))).message).toBe('truncated pcap file header at byte 0: the file ends after 10 of 24 bytes')
    expect(catchErr(() => parseAll(new Uint8Array(0))).message).toBe('empty file: no pcap or pcapng header at byte 0')
  })

  it('rejects a corrupt record length instead of reading gigabytes', () => {
    const file = pcapFile(packets)
    new DataView(file.buffer).setUint32(24 + 8, 0x7fffffff, true)
    const err = catchErr(() => parseAll(file))
    expect(err.offset).toBe(24)
    expect(err.message).toMatch(/^corrupt pcap record at byte 24: captured length 2147483647 exceeds the maximum of 262144$/)
  })

  it('rejects pcapng blocks with bad lengths or unknown interfaces, at the block offset', () => {
    const ng = pcapngFile([{ linkType: 1 }], packets)
    const epb = 28 + 24 // section header block, interface description block with its end-of-options
    const badLen = ng.slice()
    new DataView(badLen.buffer).setUint32(epb + 4, 13, true)
    expect(catchErr(() => parseAll(badLen)).message).toMatch(/^corrupt pcapng block at byte 52: block length 13 is not a multiple of 4/)
    const trailer = ng.slice()
    new DataView(trailer.buffer).setUint32(epb + 40 - 4, 36, true)
    expect(catchErr(() => parseAll(trailer)).message).toBe('corrupt pcapng block at byte 52: trailing length differs from the leading length 40')
    const iface = ng.slice()
    new DataView(iface.buffer).setUint32(epb + 8, 3, true)
    expect(catchErr(() => parseAll(iface)).message).toBe('corrupt pcapng block at byte 52: packet block names interface 3 but the section describes 1 (block length 40)')
  })
})

function catchErr(fn: () => unknown): PcapInvalidError {
  try {
    fn()
  } catch (err) {
    if (err instanceof PcapInvalidError) return err
    throw err
  }
  throw new Error('expected a PcapInvalidError')
}
