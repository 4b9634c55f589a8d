/**
 * A small WebSocket client of the analyzer's endpoints (subscriber, publisher, pubsub, agent)
 * for commands and tests: handshake headers, JSON messages, waiting for a message.
 */
import type { IncomingHttpHeaders } from 'node:http'
import WebSocket from 'ws'
import { SkydiveError } from '../core/errors.js'
import { analyzerUrl } from './analyzer-client.js'

/** Where and how to connect. */
export interface WsClientOptions {
  analyzer?: string
  /** e.g. /ws/subscriber */
  path: string
  /** handshake headers (X-Host-ID, X-Client-Type, …) */
  headers?: Record<string, string>
  username?: string
  password?: string
  ssl?: boolean
  insecure?: boolean
  /** answer server pings (default true); false simulates a dead peer */
  autoPong?: boolean
}

/** An open connection. */
export interface WsClient {
  /** headers of the 101 answer (X-Host-ID, X-Service-Type) */
  readonly upgradeHeaders: IncomingHttpHeaders
  /** every JSON message received so far, in order */
  readonly received: unknown[]
  /** sends an object as JSON, a string as a text frame, a Buffer as a binary frame */
  send(msg: unknown): void
  /** resolves with the first message (received or to come) matching `pred` */
  waitFor<T = Record<string, unknown>>(pred: (m: T) => boolean, timeoutMs?: number): Promise<T>
  /** resolves when the server closes the connection */
  readonly closed: Promise<{ code: number; reason: string }>
  close(): Promise<void>
}

/** Opens a WebSocket; a refused upgrade fails with the server's status and body. */
export function connectWs(opts: WsClientOptions): Promise<WsClient> {
  const url = analyzerUrl(opts.analyzer, opts.ssl).replace(/^http/, 'ws') + opts.path
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.username !== undefined) headers['Authorization'] = `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}`
  const ws = new WebSocket(url, { headers, perMessageDeflate: false, autoPong: opts.autoPong ?? true, rejectUnauthorized: !opts.insecure })
  const received: unknown[] = []
  const waiters = new Set<{ pred: (m: never) => boolean; resolve: (m: never) => void }>()
  ws.on('message', (data) => {
    let m: unknown
    try {
      m = JSON.parse(String(data))
    } catch {
      m = String(data)
    }
    received.push(m)
    for (const w of [...waiters]) if (w.pred(m as never)) { waiters.delete(w); w.resolve(m as never) }
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  return new Promise((resolve, reject) => {
    let upgradeHeaders: IncomingHttpHeaders = {}
    ws.on('upgrade', (res) => { upgradeHeaders = res.headers })
    ws.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => reject(new SkydiveError('request-failed', `WebSocket ${opts.path} refused with ${res.statusCode}: ${body.trim()}`)))
    })
    ws.on('error', (err) => reject(new SkydiveError('analyzer-unreachable', `Cannot open WebSocket ${url}: ${err.message}`, undefined, { cause: err })))
    ws.on('open', () => resolve({
      upgradeHeaders,
      received,
      closed,
      send: (msg) => ws.send(typeof msg === 'string' || Buffer.isBuffer(msg) ? msg : JSON.stringify(msg)),
      waitFor<T>(pred: (m: T) => boolean, timeoutMs = 10_000): Promise<T> {
        const found = received.find((m) => pred(m as T))
        if (found !== undefined) return Promise.resolve(found as T)
        return new Promise<T>((res, rej) => {
          const w = { pred: pred as (m: never) => boolean, resolve: (m: never) => { clearTimeout(t); res(m as T) } }
          const t = setTimeout(() => { waiters.delete(w); rej(new Error(`no matching message on ${opts.path} within ${timeoutMs} ms`)) }, timeoutMs)
          waiters.add(w)
        })
      },
      close: async () => {
        if (ws.readyState !== ws.CLOSED) {
          ws.close()
          await closed
        }
      },
    }))
  })
}
