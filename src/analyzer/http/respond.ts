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

/**
 * Sends a body made of chunks (big answers assembled from cached bytes) without joining
 * them: corked writes go to the socket as one writev. gzip, when asked for, needs them whole.
 */
export function sendChunks(req: IncomingMessage, res: ServerResponse, status: number, contentType: string, chunks: readonly Buffer[]): void {
  let length = 0
  for (const c of chunks) length += c.length
  if (length > 512 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    return send(req, res, status, contentType, Buffer.concat(chunks, length))
  }
  res.setHeader('Content-Type', contentType)
  res.setHeader('Content-Length', length)
  res.writeHead(status)
  res.cork()
  for (const c of chunks) res.write(c)
  res.uncork()
  res.end()
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
