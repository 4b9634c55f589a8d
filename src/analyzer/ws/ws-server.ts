/**
 * The one file that uses the `ws` library on the server side (STYLE.md §6): upgrades with a
 * check before the 101, extra response headers, and the keepalive of spec/api.md §4.3
 * (ping right after the upgrade, then every pingMs; dropped after timeoutMs without pong).
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'

/** A server-side WebSocket connection, as the rest of the analyzer sees it. */
export interface WsConnection {
  /** sends a text frame (string) or a binary frame (Buffer) */
  send(data: string | Buffer): void
  /** bytes queued and not yet written to the socket */
  readonly bufferedAmount: number
  close(code?: number, reason?: string): void
  terminate(): void
  /** text frames arrive as strings, binary frames as Buffers */
  onMessage(cb: (data: string | Buffer) => void): void
  onClose(cb: (code: number, reason: string) => void): void
}

/** Refusal before the upgrade: an HTTP status and a plain-text body. */
export interface UpgradeRefusal {
  status: number
  body: string
}

export interface WsServerOptions<C> {
  /** decides on the upgrade: the connection context, or a refusal */
  check(req: IncomingMessage): Promise<{ accept: C } | { refuse: UpgradeRefusal }>
  /** headers added to the 101 answer */
  responseHeaders: Record<string, string>
  onConnection(conn: WsConnection, req: IncomingMessage, ctx: C): void
  /** ms between pings */
  pingMs: number
  /** ms without a pong after which the peer is dropped */
  timeoutMs: number
  /** per-message deflate when the client offers it (http.ws.enable_write_compression) */
  compression: boolean
  /** told when a peer is dropped for missing pongs */
  onTimeout(req: IncomingMessage): void
}

/** Handles upgrades for a node:http(s) server. */
export interface WsServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** closes every connection */
  close(): void
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' }

/** Creates the upgrade handler. */
export function createWsServer<C>(opts: WsServerOptions<C>): WsServer {
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: opts.compression ? { threshold: 1024 } : false,
    maxPayload: 0, // spec/api.md §4.3: max message size unlimited
  })
  wss.on('headers', (headers) => {
    for (const [k, v] of Object.entries(opts.responseHeaders)) headers.push(`${k}: ${v}`)
  })
  const lastPong = new Map<WebSocket, number>()
  const requests = new Map<WebSocket, IncomingMessage>()

  let lastTick = Date.now()
  const timer = setInterval(() => {
    const now = Date.now()
    // After the event loop was busy (a big Sync), pongs may sit unread in socket buffers:
    // timers run before I/O, so drop peers only on a tick that came on time.
    const onTime = now - lastTick < opts.pingMs * 1.5
    lastTick = now
    for (const [ws, pong] of lastPong) {
      if (onTime && now - pong > opts.timeoutMs) {
        opts.onTimeout(requests.get(ws)!)
        ws.terminate()
      } else {
        ws.ping()
      }
    }
  }, opts.pingMs)
  timer.unref()

  const refuse = (socket: Duplex, r: UpgradeRefusal) => {
    const body = r.body.endsWith('\n') ? r.body : r.body + '\n'
    socket.end(`HTTP/1.1 ${r.status} ${STATUS_TEXT[r.status] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy())
      opts.check(req).then((r) => {
        if ('refuse' in r) return refuse(socket, r.refuse)
        const ctx = r.accept
        wss.handleUpgrade(req, socket, head, (ws) => {
          lastPong.set(ws, Date.now())
          requests.set(ws, req)
          ws.on('pong', () => lastPong.set(ws, Date.now()))
          ws.on('close', () => {
            lastPong.delete(ws)
            requests.delete(ws)
          })
          ws.on('error', () => ws.terminate())
          ws.ping()
          opts.onConnection(wrap(ws), req, ctx)
        })
      }, () => refuse(socket, { status: 400, body: 'Bad Request' }))
    },
    close() {
      clearInterval(timer)
      for (const ws of wss.clients) ws.terminate()
      wss.close()
    },
  }
}

function wrap(ws: WebSocket): WsConnection {
  return {
    send: (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data)
    },
    get bufferedAmount() {
      return ws.bufferedAmount
    },
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    onMessage: (cb) => ws.on('message', (data, isBinary) => {
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)
      cb(isBinary ? buf : buf.toString('utf8'))
    }),
    onClose: (cb) => ws.on('close', (code, reason) => cb(code, reason.toString())),
  }
}
