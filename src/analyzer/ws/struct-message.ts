/**
 * Protobuf framing of WebSocket messages for `X-Client-Protocol: protobuf` peers (Go agents),
 * upstream `graffiti/websocket/structmessage.proto` (spec/api.md §4.3):
 * 1 Namespace, 2 Type, 3 UUID (strings), 4 Status (int64), 5 Format (0 JSON, 1 protobuf),
 * 6 Obj (bytes: JSON for Graph messages). Hand-written: six fields do not need a library.
 */
import { SkydiveError } from '../../core/errors.js'
import type { RawEnvelope } from './graph-message.js'

const bad = (reason: string) => new SkydiveError('bad-message', `protobuf StructMessage: ${reason}`)

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0
  let shift = 0
  for (;;) {
    if (pos >= buf.length) throw bad('truncated varint')
    const b = buf[pos++]!
    // Multiply rather than shift past bit 31 so 64-bit values stay correct up to 2^53.
    result += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return [result, pos]
    shift += 7
    if (shift > 63) throw bad('varint longer than 10 bytes')
  }
}

/**
 * Decodes a binary frame. Format 0 (JSON) Obj is parsed; Format 1 Obj stays a Buffer for the
 * namespace handler that knows its protobuf type (Flow).
 */
export function decodeStructMessage(buf: Buffer): RawEnvelope {
  const out: { Namespace?: string; Type?: string; UUID?: string; Status?: number; Format: number; Obj?: Buffer } = { Format: 0 }
  let pos = 0
  while (pos < buf.length) {
    let tag: number
    ;[tag, pos] = readVarint(buf, pos)
    const field = Math.floor(tag / 8)
    const wire = tag & 7
    if (wire === 0) {
      let v: number
      ;[v, pos] = readVarint(buf, pos)
      if (field === 4) out.Status = v
      else if (field === 5) out.Format = v
    } else if (wire === 2) {
      let len: number
      ;[len, pos] = readVarint(buf, pos)
      if (pos + len > buf.length) throw bad(`field ${field} runs past the end of the frame`)
      const bytes = buf.subarray(pos, pos + len)
      pos += len
      if (field === 1) out.Namespace = bytes.toString('utf8')
      else if (field === 2) out.Type = bytes.toString('utf8')
      else if (field === 3) out.UUID = bytes.toString('utf8')
      else if (field === 6) out.Obj = bytes
    } else if (wire === 1) {
      pos += 8
    } else if (wire === 5) {
      pos += 4
    } else {
      throw bad(`unsupported wire type ${wire} for field ${field}`)
    }
  }
  if (pos > buf.length) throw bad('truncated fixed-size field')
  if (!out.Namespace) throw bad('Namespace (field 1) is missing')
  if (!out.Type) throw bad('Type (field 2) is missing')
  let obj: unknown = out.Obj ?? null
  if (out.Format === 0 && out.Obj && out.Obj.length > 0) {
    try {
      obj = JSON.parse(out.Obj.toString('utf8'))
    } catch (err) {
      throw bad(`Obj is not JSON: ${(err as Error).message}`)
    }
  }
  return { Namespace: out.Namespace, Type: out.Type, UUID: out.UUID, Status: out.Status, Obj: obj }
}

function varint(n: number): number[] {
  const bytes: number[] = []
  let v = n
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  bytes.push(v)
  return bytes
}

function bytesField(field: number, data: Buffer): Buffer[] {
  return [Buffer.from([...varint(field * 8 + 2), ...varint(data.length)]), data]
}

/** Encodes a message with a JSON Obj (Format 0), or `objJson` when already serialised. */
export function encodeStructMessage(msg: { Namespace: string; Type: string; UUID?: string; Status?: number; Obj?: unknown }, objJson?: string): Buffer {
  const parts: Buffer[] = [
    ...bytesField(1, Buffer.from(msg.Namespace)),
    ...bytesField(2, Buffer.from(msg.Type)),
  ]
  if (msg.UUID) parts.push(...bytesField(3, Buffer.from(msg.UUID)))
  if (msg.Status) parts.push(Buffer.from([...varint(4 * 8), ...varint(msg.Status)]))
  parts.push(...bytesField(6, Buffer.from(objJson ?? JSON.stringify(msg.Obj ?? null))))
  return Buffer.concat(parts)
}
