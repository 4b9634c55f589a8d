/**
 * A growable byte buffer for writing JSON text as UTF-8 directly: printing 10,000 flows as
 * strings spent most of its time building, collecting and then encoding intermediate strings.
 * Integers are written digit by digit; anything else goes through the string JSON.stringify
 * would write, so the bytes are those of `JSON.stringify(...)` encoded as UTF-8.
 */
const encoder = new TextEncoder()
const DIGITS = new Uint8Array(24)

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
    this.text(JSON.stringify(s))
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
