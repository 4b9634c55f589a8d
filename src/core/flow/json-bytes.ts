/**
 * A growable byte buffer for writing JSON text as UTF-8 directly: printing 10,000 flows as
 * strings spent most of its time building, collecting and then encoding intermediate strings.
 * Integers are written digit by digit; anything else goes through the string JSON.stringify
 * would write, so the bytes are those of `JSON.stringify(...)` encoded as UTF-8.
 */
const encoder = new TextEncoder()
const DIGITS = new Uint8Array(24)
const HEX_DIGITS = ascii('0123456789abcdef')
/** Encoded JSON strings kept by string(); a bound, since any text may pass through it. */
const quoted = new Map<string, Uint8Array>()
const QUOTED_MAX = 256

export class JsonBytes {
  buf: Uint8Array
  pos = 0

  constructor(size = 64 * 1024) {
    this.buf = new Uint8Array(size)
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
    if (!Number.isSafeInteger(v)) {
      this.text(Number.isFinite(v) ? `${v}` : 'null')
      return
    }
    this.room(17)
    const b = this.buf
    if (v < 0) { b[this.pos++] = 45; v = -v }
    let n = 0
    do {
      const q = Math.floor(v / 10)
      DIGITS[n++] = 48 + v - q * 10
      v = q
    } while (v > 0)
    while (n > 0) b[this.pos++] = DIGITS[--n]!
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
