/**
 * One WebSocket client of the analyzer: its handshake parameters (spec/api.md §4.2), its
 * connection status as reported by GET /api/status (§3.7), and a rate-limited log of the
 * messages it sent that were dropped.
 */
import type { IncomingMessage } from 'node:http'
import type { Logger } from '../../core/ports.js'
import { encodeStructMessage } from './struct-message.js'
import type { WsConnection } from './ws-server.js'

/** Handshake parameters, from headers or their lower-cased query-parameter forms. */
export interface Handshake {
  /** X-Host-ID, or the remote ip:port when absent */
  hostId: string
  /** X-Client-Type; "" when missing (the connection is then closed) */
  clientType: string
  /** X-Client-Protocol */
  protocol: string
  persistence: 'Persistent' | 'DeleteOnDisconnect'
  namespaces: string[]
  gremlinFilter: string | undefined
  updatePolicy: 'full' | 'partial'
  remoteAddr: string
  remotePort: number
}

/** Reads the handshake of an upgrade request. */
export function readHandshake(req: IncomingMessage): Handshake {
  const url = new URL(req.url ?? '/', 'http://x')
  const get = (name: string): string | undefined => {
    const h = req.headers[name]
    const v = Array.isArray(h) ? h[0] : h
    return v ?? url.searchParams.get(name) ?? undefined
  }
  const remoteAddr = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '')
  const remotePort = req.socket.remotePort ?? 0
  const nsHeader = req.headers['x-websocket-namespace']
  const namespaces = [...(Array.isArray(nsHeader) ? nsHeader : nsHeader ? nsHeader.split(',') : []), ...url.searchParams.getAll('x-websocket-namespace')]
    .map((s) => s.trim()).filter(Boolean)
  return {
    hostId: get('x-host-id') || `${remoteAddr}:${remotePort}`,
    clientType: get('x-client-type') ?? '',
    protocol: (get('x-client-protocol') || 'json').toLowerCase(),
    persistence: get('x-persistence-policy') === 'DeleteOnDisconnect' ? 'DeleteOnDisconnect' : 'Persistent',
    namespaces: namespaces.length ? namespaces : ['*'],
    gremlinFilter: get('x-gremlin-filter') || undefined,
    updatePolicy: get('x-update-policy') === 'partial' ? 'partial' : 'full',
    remoteAddr,
    remotePort,
  }
}

/** Status of a connection, upstream's ConnStatus. */
export interface ConnStatus {
  ServiceType: string
  ClientProtocol: string
  Addr: string
  Port: number
  IsConnected: boolean
  ConnectTime: string
  RemoteHost: string
}

/** A connected client. */
export class Peer {
  /** `<X-Client-Type>.<X-Host-ID>`: the Origin stamped on what it publishes */
  readonly origin: string
  readonly connectTime: number
  /** set by the first graph message: this connection then owns its origin */
  isAuthor = false
  #dropped = 0
  #droppedLogged = 0
  #windowStart = 0

  constructor(readonly endpoint: string, readonly hs: Handshake, readonly user: string, readonly conn: WsConnection, now: number) {
    this.origin = `${hs.clientType}.${hs.hostId}`
    this.connectTime = now
  }

  /**
   * Bytes a peer may leave unread before it is dropped (from http.ws.queue_size): a stalled
   * subscriber must not grow the analyzer's memory without bound.
   */
  maxBufferedBytes = Number.POSITIVE_INFINITY
  /** told once when the peer is dropped for not reading */
  onOverflow: (() => void) | undefined
  #overflowed = false

  /** True for `X-Client-Protocol: protobuf` peers: frames are protobuf StructMessages. */
  get binary(): boolean {
    return this.hs.protocol === 'protobuf'
  }

  /** Sends an already encoded frame (JSON text, or protobuf for binary peers). */
  sendRaw(data: string | Buffer): void {
    if (this.#overflowed) return
    if (this.conn.bufferedAmount > this.maxBufferedBytes) {
      this.#overflowed = true
      this.onOverflow?.()
      // terminate, not close: a peer that does not read would not read the close frame either.
      this.conn.terminate()
      return
    }
    this.conn.send(data)
  }

  /** Encodes a message in the peer's protocol and sends it. */
  send(msg: { Namespace: string; Type: string; UUID?: string; Status?: number; Obj: unknown }): void {
    this.sendRaw(this.binary ? encodeStructMessage(msg) : JSON.stringify(msg))
  }

  /** GET /api/status entry. */
  status(): ConnStatus {
    return {
      ServiceType: this.hs.clientType, ClientProtocol: this.hs.protocol, Addr: this.hs.remoteAddr, Port: this.hs.remotePort,
      IsConnected: true, ConnectTime: new Date(this.connectTime).toISOString(), RemoteHost: this.hs.hostId,
    }
  }

  /** Logs a dropped message with its reason; at most 10 lines per peer every 10 s, then a count. */
  logDrop(log: Logger, reason: string, now: number): void {
    this.#dropped++
    if (now - this.#windowStart > 10_000) {
      const suppressed = this.#dropped - 1 - this.#droppedLogged
      if (suppressed > 0) log.warn('Dropped more malformed messages', { peer: this.hs.hostId, endpoint: this.endpoint, count: suppressed })
      this.#windowStart = now
      this.#droppedLogged = 0
      this.#dropped = 1
    }
    if (this.#droppedLogged < 10) {
      this.#droppedLogged++
      log.warn(`Dropped message: ${reason}`, { peer: this.hs.hostId, endpoint: this.endpoint })
    }
  }

  /** Messages dropped since the last log window. */
  get droppedCount(): number {
    return this.#dropped
  }
}
