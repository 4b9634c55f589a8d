/**
 * A growable byte buffer for writing JSON text as UTF-8 directly: printing 10,000 flows as
 * strings spent most of its time building, collecting and then encoding intermediate strings.
 * Integers are written digit by digit; anything else goes through the string JSON.stringify
 * would write, so the bytes are those of `JSON.stringify(...)` encoded as UTF-8.
 */
const encoder = new TextEncoder()
const HEX_DIGITS = ascii('0123456789abcdef')
/** Encoded JSON strings kept by string(); a bound, since any text may pass through it. */
const quoted = new Map<string, Uint8Array>()
const QUOTED_MAX = 256

export class JsonBytes {
  buf: Uint8Array
  pos = 0

  /** `buf`: a buffer to write into (one that is outgrown is replaced by a larger one of its own), or its size. */
  constructor(buf: number | Uint8Array = 64 * 1024) {
    this.buf = typeof buf === 'number' ? new Uint8Array(buf) : buf
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n))
    bigger.set(this.buf.subarray(0, this.pos))
    this.buf = bigger
  }

  /** Appends pre-encoded bytes (constant parts such as `,"Metric":{`). */
  bytes(b: Uint8Array): void {
    const n = b.length
    this.room(n)
    // a loop: TypedArray.set costs more than the copy for a few dozen bytes
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) buf[p++] = b[i]!
    this.pos = p
  }

  byte(c: number): void {
    this.room(1)
    this.buf[this.pos++] = c
  }

  /** Appends text as it is (its characters must not need JSON escaping, e.g. a MAC or an IP). */
  text(s: string): void {
    const n = s.length
    this.room(n * 3)
    const buf = this.buf, start = this.pos
    // ASCII (addresses, ids, most names) byte by byte; anything else through the encoder
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c >= 0x80) {
        this.pos = start + encoder.encodeInto(s, buf.subarray(start)).written
        return
      }
      buf[start + i] = c
    }
    this.pos = start + n
  }

  /** Appends a JSON string: `s` quoted and escaped. */
  string(s: string): void {
    // the same few strings (LayersPath, Application, NodeTID) come back for every flow
    let b = quoted.get(s)
    if (b === undefined) {
      b = encoder.encode(JSON.stringify(s))
      if (quoted.size < QUOTED_MAX) quoted.set(s, b)
    }
    this.bytes(b)
  }

  /** Appends lowercase hex of the uint64 `hi·2^32 + lo` (32-bit halves) without leading zeros. */
  hex64(hi: number, lo: number): void {
    this.room(16)
    const buf = this.buf
    let p = this.pos, started = false
    for (let i = 28; i >= 0; i -= 4) {
      const d = (hi >>> i) & 15
      if (d !== 0 || started) { buf[p++] = HEX_DIGITS[d]!; started = true }
    }
    for (let i = 28; i > 0; i -= 4) {
      const d = (lo >>> i) & 15
      if (d !== 0 || started) { buf[p++] = HEX_DIGITS[d]!; started = true }
    }
    buf[p++] = HEX_DIGITS[lo & 15]!
    this.pos = p
  }

  /** Appends the MAC `hi` (first 4 bytes) `lo` (last 2) as lowercase colon-separated hex. */
  mac(hi: number, lo: number): void {
    this.room(17)
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < 6; i++) {
      const v = i < 4 ? (hi >>> (24 - 8 * i)) & 255 : (lo >>> (8 - 8 * (i - 4))) & 255
      if (i > 0) buf[p++] = 0x3a
      buf[p++] = HEX_DIGITS[v >> 4]!
      buf[p++] = HEX_DIGITS[v & 15]!
    }
    this.pos = p
  }

  /** Appends the IPv4 address `v` (uint32) as a dotted quad. */
  ipv4(v: number): void {
    for (let i = 24; i >= 0; i -= 8) {
      this.number((v >>> i) & 255)
      if (i > 0) this.byte(0x2e)
    }
  }

  /** Appends a number as JSON.stringify writes it (non-finite numbers as null). */
  number(v: number): void {
    if (v >= 0 && v <= 0x7fffffff && (v | 0) === v) {
      this.#uint31(v)
      return
    }
    if (!Number.isSafeInteger(v)) {
      this.text(Number.isFinite(v) ? `${v}` : 'null')
      return
    }
    if (v < 0) { this.byte(45); v = -v }
    if (v <= 0x7fffffff) {
      this.#uint31(v)
      return
    }
    // timestamps in ms and durations in ns: the digits above 10^9 first, then nine more
    const hi = Math.floor(v / 1e9)
    this.#uint31(hi)
    this.#digits(v - hi * 1e9, 9)
  }

  #uint31(v: number): void {
    this.#digits(v, v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6
      : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10)
  }

  /** Writes the integer 0 <= v < 2^31 as exactly `len` digits (zero-padded), with integer arithmetic. */
  #digits(v: number, len: number): void {
    this.room(len)
    const b = this.buf
    let q = this.pos + len
    this.pos = q
    for (let i = 0; i < len; i++) {
      const d = (v / 10) | 0
      b[--q] = 48 + v - d * 10
      v = d
    }
  }

  /** The bytes written so far (a view: copy it before writing more). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos)
  }

  reset(): void {
    this.pos = 0
  }
}

/** UTF-8 bytes of constant text. */
export function ascii(s: string): Uint8Array {
  return encoder.encode(s)
}
