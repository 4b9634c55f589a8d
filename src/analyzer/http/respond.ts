/**
 * Writing responses: JSON with upstream's Content-Type, plain-text errors, gzip when the
 * client asks for it (spec/api.md §2).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'

/** Content-Type of every JSON answer; the Python client only decodes when the part before ";" is application/json. */
export const JSON_TYPE = 'application/json; charset=UTF-8'

/** Sends a body, gzip-compressed when the request accepts it and it is worth it. */
export function send(req: IncomingMessage, res: ServerResponse, status: number, contentType: string | null, body: string | Buffer): void {
  let data = typeof body === 'string' ? Buffer.from(body) : body
  if (contentType) res.setHeader('Content-Type', contentType)
  if (data.length > 512 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    data = gzipSync(data)
    res.setHeader('Content-Encoding', 'gzip')
    res.setHeader('Vary', 'Accept-Encoding')
  }
  res.setHeader('Content-Length', data.length)
  res.writeHead(status)
  res.end(data)
}

/** A body written while it is produced (see startBody). */
export interface BodyWriter {
  /** Appends text or bytes. */
  write(piece: string | Buffer): void
  /** Sends what is left and ends the answer. */
  end(): void
}

/** Bytes a body may reach before it goes out chunked instead of with a Content-Length. */
const STREAM_AFTER_BYTES = 64 * 1024
/** Text gathered before it is written (pieces are joined: one chunk, not one per piece). */
const TEXT_FLUSH_CHARS = 16 * 1024

/**
 * Starts an answer whose body is produced piece by piece. A small body goes out whole with a
 * Content-Length; past 64 KiB the headers go out and every piece follows as an HTTP chunk as
 * soon as it is there, so the client receives while the rest is being serialised (Go's
 * net/http, upstream's server, also answers big bodies chunked). The caller produces every
 * piece synchronously, so the answer is still one consistent view of the graph. With gzip
 * asked for, the pieces are gathered and sent compressed as send() does.
 */
export function startBody(req: IncomingMessage, res: ServerResponse, status: number, contentType: string): BodyWriter {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
  const queue: Buffer[] = []
  let text: string[] = []
  let textChars = 0
  let size = 0
  let streaming = false
  const takeText = (): void => {
    if (textChars === 0) return
    queue.push(Buffer.from(text.join(''), 'utf8'))
    text = []
    textChars = 0
  }
  const flush = (): void => {
    takeText()
    if (queue.length === 0) return
    res.cork()
    for (const b of queue) res.write(b)
    res.uncork()
    queue.length = 0
  }
  return {
    write(piece) {
      // string length stands for its UTF-8 size here: it only decides when to start streaming
      size += piece.length
      if (typeof piece === 'string') {
        text.push(piece)
        textChars += piece.length
      } else {
        takeText()
        queue.push(piece)
      }
      if (gzip) return
      if (!streaming) {
        if (size < STREAM_AFTER_BYTES) return
        res.setHeader('Content-Type', contentType)
        res.writeHead(status)
        streaming = true
      } else if (typeof piece === 'string' && textChars < TEXT_FLUSH_CHARS) {
        return
      }
      flush()
    },
    end() {
      if (streaming) {
        flush()
        res.end()
        return
      }
      takeText()
      send(req, res, status, contentType, queue.length === 1 ? queue[0]! : Buffer.concat(queue))
    },
  }
}

/** Sends `value` as JSON followed by a newline, as Go's json.Encoder does. */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  send(req, res, status, JSON_TYPE, JSON.stringify(value) + '\n')
}

/** Sends a plain-text message (plus newline), or an empty body when `text` is null. */
export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string | null): void {
  if (text === null) {
    res.setHeader('Content-Length', 0)
    res.writeHead(status)
    res.end()
    return
  }
  send(req, res, status, 'text/plain; charset=utf-8', text.endsWith('\n') ? text : text + '\n')
}

/** CORS headers on every answer: any origin, upstream's header and method lists. */
export function setCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*')
  if (origin) res.setHeader('Access-Control-Allow-Credentials', 'true')
  res.setHeader('Access-Control-Allow-Headers', 'X-Requested-With, Content-Type, Authorization, X-Auth-Token')
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS')
}
