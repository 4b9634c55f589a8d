/**
 * Streaming parser of capture files: classic pcap (either byte order, micro- or nanosecond
 * magic) and pcapng (SHB, IDB, EPB, SPB and the obsolete packet block, several interfaces,
 * one link type each). Pure: the caller hands it bytes as they are read, so a file of any
 * size is parsed in the memory of one read buffer. Packets are passed by offset, not copied.
 */
import { PcapInvalidError } from './pcap-error.js'

/** Receives each packet: `buf[off, off + capLen)`, wire length, capture time and LINKTYPE_*. */
export type PacketSink = (buf: Uint8Array, off: number, capLen: number, wireLen: number, tsSec: number, tsNsec: number, linkType: number) => void

/** Largest record or block accepted; anything bigger is treated as corruption. */
export const MAX_RECORD = 64 * 1024 * 1024

const HINT = 'the packets before that offset were read; `editcap` or `tcpdump -r` can confirm the damage'

interface Iface { linkType: number; snapLen: number; unitsPerSec: number; pow2: number; offsetSec: number }

/**
 * Takes over a run of classic-pcap records at `buf[p, end)` (a flow table's WebAssembly loop):
 * returns how many whole records it consumed, each as the sink would have, and leaves the next
 * one to the parser. `le`/`nano`: the file's byte order and time unit; `maxCap`: the largest
 * captured length the parser accepts; `linkType`: the file's.
 */
export type PcapBulk = (buf: Uint8Array, p: number, end: number, le: boolean, nano: boolean, maxCap: number, linkType: number) => number

/** Where a PcapBulk's run ended (its `next`), set by the bulk before it returns. */
export interface PcapBulkResult { next: number }

/** Parses records out of consecutive chunks of one capture file. */
export class PcapParser {
  format: 'pcap' | 'pcapng' | undefined
  /** file offset of the next byte to parse */
  position = 0
  packets = 0
  #le = true
  #nano = false
  #snapLen = 0
  #linkType = 1
  #ifaces: Iface[] = []
  #lastSec = 0
  #lastNsec = 0
  /** records to leave to the sink before asking `bulk` again, and the current back-off */
  #bulkWait = 0
  #bulkBackoff = 0

  /** `bulk` and the offset it reports, for classic pcap files (optional) */
  constructor(readonly bulk?: PcapBulk, readonly bulkResult: PcapBulkResult = { next: 0 }) {}

  /**
   * Parses the complete records in `buf[start, end)` and returns how many bytes it consumed;
   * the caller keeps the rest and calls again with more bytes. With `eof`, leftover bytes
   * are a truncated record and raise PcapInvalidError.
   */
  parse(buf: Uint8Array, start: number, end: number, sink: PacketSink, eof: boolean): number {
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    let p = start
    if (this.format === undefined) {
      if (end - p < 4) return this.#need(end - p, 24, eof, 'file header')
      const magic = dv.getUint32(p, true)
      if (magic === 0x0a0d0d0a) this.format = 'pcapng'
      else {
        if (![0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, 0x4d3cb2a1].includes(magic)) this.#pcapHeader(dv, p) // throws: unknown magic
        if (end - p < 24) return this.#need(end - p, 24, eof, 'pcap file header')
        this.#pcapHeader(dv, p)
        p += 24
        this.position += 24
      }
    }
    const n = this.format === 'pcap' ? this.#pcapRecords(dv, buf, p, end, sink, eof) : this.#ngBlocks(dv, buf, p, end, sink, eof)
    return n - start
  }

  #need(have: number, want: number, eof: boolean, what: string): number {
    if (!eof) return 0
    if (have === 0 && this.position === 0) throw new PcapInvalidError('empty file: no pcap or pcapng header at byte 0', 0)
    throw new PcapInvalidError(`truncated ${what} at byte ${this.position}: the file ends after ${have} of ${want} bytes`, this.position, HINT)
  }

  #pcapHeader(dv: DataView, p: number): void {
    const m = dv.getUint32(p, true)
    if (m === 0xa1b2c3d4 || m === 0xa1b23c4d) this.#le = true
    else if (m === 0xd4c3b2a1 || m === 0x4d3cb2a1) this.#le = false
    else {
      throw new PcapInvalidError(`not a pcap or pcapng file: unknown magic number 0x${m.toString(16).padStart(8, '0')} at byte 0`, 0,
        'give a capture written by tcpdump, tshark/dumpcap or Wireshark')
    }
    this.#nano = m === 0xa1b23c4d || m === 0x4d3cb2a1
    const major = dv.getUint16(p + 4, this.#le)
    if (major !== 2) throw new PcapInvalidError(`unsupported pcap version ${major}.${dv.getUint16(p + 6, this.#le)} at byte 4: expected 2.x`, 4)
    this.#snapLen = dv.getUint32(p + 16, this.#le)
    this.#linkType = dv.getUint32(p + 20, this.#le) & 0xffff
    this.format = 'pcap'
  }

  #pcapRecords(dv: DataView, buf: Uint8Array, p: number, end: number, sink: PacketSink, eof: boolean): number {
    const le = this.#le, maxCap = Math.max(this.#snapLen, 262144), bulk = this.bulk
    while (end - p >= 16) {
      // the record a run stopped at goes to the sink; after a bulk declines, the next ones do
      // too, for a number of records that doubles while it keeps declining (a trace of new
      // flows only would otherwise pay for both at every record)
      if (bulk !== undefined && --this.#bulkWait < 0) {
        const n = bulk(buf, p, end, le, this.#nano, Math.min(maxCap, MAX_RECORD), this.#linkType)
        if (n > 0) {
          const next = this.bulkResult.next
          this.packets += n
          this.position += next - p
          p = next
          this.#bulkBackoff = 0
          this.#bulkWait = 1
          continue
        }
        this.#bulkBackoff = Math.min(64, this.#bulkBackoff * 2 + 1)
        this.#bulkWait = this.#bulkBackoff
      }
      const capLen = dv.getUint32(p + 8, le)
      if (capLen > maxCap || capLen > MAX_RECORD) {
        throw new PcapInvalidError(`corrupt pcap record at byte ${this.position}: captured length ${capLen} exceeds the maximum of ${maxCap}`,
          this.position, HINT)
      }
      if (end - p - 16 < capLen) break
      const sec = dv.getUint32(p, le), frac = dv.getUint32(p + 4, le)
      sink(buf, p + 16, capLen, dv.getUint32(p + 12, le), sec, this.#nano ? frac : frac * 1000, this.#linkType)
      this.packets++
      p += 16 + capLen
      this.position += 16 + capLen
    }
    if (eof && p < end) {
      const want = end - p >= 16 ? 16 + dv.getUint32(p + 8, le) : 16
      this.#need(end - p, want, true, 'pcap record')
    }
    return p
  }

  #ngBlocks(dv: DataView, buf: Uint8Array, p: number, end: number, sink: PacketSink, eof: boolean): number {
    while (end - p >= 12) {
      const type = dv.getUint32(p, this.#le)
      if (type === 0x0a0d0d0a) {
        const bom = dv.getUint32(p + 8, true)
        if (bom === 0x1a2b3c4d) this.#le = true
        else if (bom === 0x4d3c2b1a) this.#le = false
        else throw new PcapInvalidError(`corrupt pcapng section header at byte ${this.position}: bad byte-order magic 0x${bom.toString(16)}`, this.position, HINT)
      }
      const len = dv.getUint32(p + 4, this.#le)
      if (len < 12 || len % 4 !== 0 || len > MAX_RECORD) {
        throw new PcapInvalidError(`corrupt pcapng block at byte ${this.position}: block length ${len} is not a multiple of 4 from 12 to ${MAX_RECORD}`,
          this.position, HINT)
      }
      if (end - p < len) break
      if (dv.getUint32(p + len - 4, this.#le) !== len) {
        throw new PcapInvalidError(`corrupt pcapng block at byte ${this.position}: trailing length differs from the leading length ${len}`,
          this.position, HINT)
      }
      this.#ngBlock(dv, buf, p, type, len, sink)
      p += len
      this.position += len
    }
    if (eof && p < end) this.#need(end - p, end - p >= 8 ? dv.getUint32(p + 4, this.#le) : 12, true, 'pcapng block')
    return p
  }

  #ngBlock(dv: DataView, buf: Uint8Array, p: number, type: number, len: number, sink: PacketSink): void {
    const le = this.#le
    switch (type) {
      case 0x0a0d0d0a: // section header: interfaces are per section
        if (len < 28) this.#bad('section header block too short', len)
        this.#ifaces = []
        return
      case 0x00000001: { // interface description
        if (len < 20) this.#bad('interface description block too short', len)
        const iface: Iface = { linkType: dv.getUint16(p + 8, le), snapLen: dv.getUint32(p + 12, le), unitsPerSec: 1e6, pow2: -1, offsetSec: 0 }
        this.#ifaceOptions(dv, p + 16, p + len - 4, iface)
        this.#ifaces.push(iface)
        return
      }
      case 0x00000006: case 0x00000002: { // enhanced packet, obsolete packet
        const epb = type === 6
        if (len < 32) this.#bad('packet block too short', len)
        const id = epb ? dv.getUint32(p + 8, le) : dv.getUint16(p + 8, le)
        const iface = this.#ifaces[id]
        if (!iface) this.#bad(`packet block names interface ${id} but the section describes ${this.#ifaces.length}`, len)
        const capLen = dv.getUint32(p + 20, le)
        if (capLen > len - 32) this.#bad(`captured length ${capLen} does not fit in block length ${len}`, len)
        this.#time(iface!, dv.getUint32(p + 12, le), dv.getUint32(p + 16, le))
        sink(buf, p + 28, capLen, dv.getUint32(p + 24, le), this.#lastSec, this.#lastNsec, iface!.linkType)
        this.packets++
        return
      }
      case 0x00000003: { // simple packet: no timestamp, the previous packet's time is reused
        if (len < 16) this.#bad('simple packet block too short', len)
        const iface = this.#ifaces[0]
        if (!iface) this.#bad('simple packet block before any interface description', len)
        const wire = dv.getUint32(p + 8, le)
        let capLen = Math.min(wire, len - 16)
        if (iface!.snapLen > 0) capLen = Math.min(capLen, iface!.snapLen)
        sink(buf, p + 12, capLen, wire, this.#lastSec, this.#lastNsec, iface!.linkType)
        this.packets++
        return
      }
      default: // name resolution, statistics, custom blocks...
    }
  }

  #ifaceOptions(dv: DataView, p: number, end: number, iface: Iface): void {
    while (end - p >= 4) {
      const code = dv.getUint16(p, this.#le), l = dv.getUint16(p + 2, this.#le)
      if (code === 0) return
      if (p + 4 + l > end) this.#bad('interface option runs past its block', 0)
      if (code === 9 && l >= 1) {
        const r = dv.getUint8(p + 4)
        if (r & 0x80) { iface.pow2 = r & 0x7f; iface.unitsPerSec = 2 ** (r & 0x7f) } else { iface.pow2 = -1; iface.unitsPerSec = 10 ** r }
      } else if (code === 14 && l >= 8) {
        iface.offsetSec = Number(dv.getBigInt64(p + 4, this.#le))
      }
      p += 4 + ((l + 3) & ~3)
    }
  }

  /** 64-bit timestamp in the interface's units → seconds and nanoseconds, without precision loss. */
  #time(iface: Iface, hi: number, lo: number): void {
    const units = iface.unitsPerSec
    let sec: number, rem: number
    if (hi < 0x200000) {
      const ts = hi * 0x100000000 + lo
      sec = Math.floor(ts / units)
      rem = ts - sec * units
    } else if (units <= 1e9) {
      // long division in base 2^16 keeps every intermediate below 2^53
      const q1 = Math.floor(hi / units), r1 = hi - q1 * units
      const x = r1 * 65536 + (lo >>> 16), q2 = Math.floor(x / units), r2 = x - q2 * units
      const y = r2 * 65536 + (lo & 0xffff), q3 = Math.floor(y / units)
      sec = q1 * 0x100000000 + q2 * 65536 + q3
      rem = y - q3 * units
    } else {
      const ts = (BigInt(hi) << 32n) | BigInt(lo), u = BigInt(units)
      sec = Number(ts / u)
      rem = Number(ts % u)
    }
    this.#lastSec = sec + iface.offsetSec
    this.#lastNsec = units <= 1e9 && 1e9 % units === 0 ? rem * (1e9 / units) : Math.floor((rem * 1e9) / units)
  }

  #bad(what: string, len: number): never {
    throw new PcapInvalidError(`corrupt pcapng block at byte ${this.position}: ${what}${len ? ` (block length ${len})` : ''}`, this.position, HINT)
  }
}
