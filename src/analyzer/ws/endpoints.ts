/**
 * The WebSocket endpoints of spec/api.md §4.1: /ws/agent/topology, /ws/publisher,
 * /ws/subscriber, /ws/pubsub. Handshake checks before the upgrade (auth 401, RBAC 403,
 * duplicate host id 409), then message dispatch. A bad message is dropped with a logged
 * reason; nothing a client sends can crash the analyzer.
 */
import type { Graph } from '../../core/graph/index.js'
import type { FlowStore } from '../../core/gremlin/index.js'
import type { Clock, Logger } from '../../core/ports.js'
import type { AuthService } from '../auth/auth-service.js'
import type { Rbac } from '../auth/rbac.js'
import { parseEnvelope, parseGraphMessage } from './graph-message.js'
import type { Hub } from './hub.js'
import { type Handshake, Peer, readHandshake } from './peer.js'
import { applyGraphMessage } from './publisher.js'
import { decodeStructMessage } from './struct-message.js'
import { SubscriberSession } from './subscriber-session.js'
import { createWsServer, type WsConnection, type WsServer } from './ws-server.js'

/** Endpoint paths and what they do. */
const ENDPOINTS: Record<string, { scope: 'api' | 'cluster'; publish: boolean; subscribe: boolean; validate: boolean }> = {
  '/ws/agent/topology': { scope: 'cluster', publish: true, subscribe: false, validate: false },
  '/ws/publisher': { scope: 'api', publish: true, subscribe: false, validate: true },
  '/ws/subscriber': { scope: 'api', publish: false, subscribe: true, validate: false },
  '/ws/pubsub': { scope: 'api', publish: true, subscribe: true, validate: true },
}

export interface WsEndpointsDeps {
  graph: Graph
  hub: Hub
  auth: AuthService
  rbac: Rbac
  log: Logger
  clock: Clock
  flows: FlowStore | undefined
  hostId: string
  pingMs: number
  timeoutMs: number
  compression: boolean
  /** unread bytes after which a peer is dropped */
  maxBufferedBytes: number
}

interface Accepted {
  path: string
  hs: Handshake
  user: string
}

/** Creates the upgrade handler serving every endpoint. */
export function createWsEndpoints(d: WsEndpointsDeps): WsServer {
  return createWsServer<Accepted>({
    responseHeaders: { 'X-Host-ID': d.hostId, 'X-Service-Type': 'analyzer' },
    pingMs: d.pingMs,
    timeoutMs: d.timeoutMs,
    compression: d.compression,
    onTimeout: (req) => d.log.warn('Dropping WebSocket peer: no pong in time', { peer: readHandshake(req).hostId, path: pathOf(req.url), timeoutMs: d.timeoutMs }),
    async check(req) {
      const path = pathOf(req.url)
      const ep = ENDPOINTS[path]
      if (!ep) return { refuse: { status: 404, body: `No WebSocket endpoint at "${path}"` } }
      const id = await d.auth.authenticate(req, ep.scope)
      if (!id) return { refuse: { status: 401, body: 'Wrong credentials' } }
      // Users of the cluster backend always have the admin role there (spec/api.md §2.1).
      if (!d.rbac.enforce(id.user, 'websocket', path, ep.scope === 'cluster' ? ['admin'] : [])) return { refuse: { status: 403, body: `'${id.user}' has no access to '${path}'` } }
      const hs = readHandshake(req)
      if (d.hub.has(path, hs.hostId)) return { refuse: { status: 409, body: `Host ID "${hs.hostId}" is already connected to ${path}` } }
      return { accept: { path, hs, user: id.user } }
    },
    onConnection: (conn, _req, ctx) => serve(d, conn, ctx),
  })
}

function pathOf(url: string | undefined): string {
  return new URL(url ?? '/', 'http://x').pathname.replace(/\/+$/, '')
}

function serve(d: WsEndpointsDeps, conn: WsConnection, { path, hs, user }: Accepted): void {
  const ep = ENDPOINTS[path]!
  if (!hs.clientType) return conn.close(1008, 'X-Client-Type is missing')
  if (hs.protocol !== 'json' && hs.protocol !== 'protobuf') {
    return conn.close(1003, `X-Client-Protocol "${hs.protocol}" is not supported; use json or protobuf`)
  }
  if (d.hub.has(path, hs.hostId)) return conn.close(1008, `Host ID "${hs.hostId}" is already connected`)
  const peer = new Peer(path, hs, user, conn, d.clock.now())
  peer.maxBufferedBytes = d.maxBufferedBytes
  peer.onOverflow = () => d.log.warn('Dropping WebSocket peer: too many unread messages', { peer: hs.hostId, path, maxBufferedBytes: d.maxBufferedBytes })
  let session: SubscriberSession | undefined
  if (ep.subscribe) {
    try {
      session = new SubscriberSession(peer, d.graph, d.log, d.flows, hs.gremlinFilter)
    } catch (err) {
      d.log.warn('Refusing subscriber: bad X-Gremlin-Filter', { peer: hs.hostId, reason: (err as Error).message })
      return conn.close(1008, `Invalid X-Gremlin-Filter: ${(err as Error).message}`.slice(0, 120))
    }
    d.hub.addSubscriber(session)
  }
  d.hub.add(peer)
  d.log.info('WebSocket peer connected', { peer: hs.hostId, type: hs.clientType, path, user })

  conn.onMessage((data) => {
    try {
      onMessage(d, peer, ep, session, data)
    } catch (err) {
      peer.logDrop(d.log, `internal error: ${(err as Error).message}`, d.clock.now())
    }
  })
  conn.onClose((code) => {
    d.hub.remove(peer)
    if (session) d.hub.removeSubscriber(session)
    let removed = ''
    if (peer.isAuthor && hs.persistence === 'DeleteOnDisconnect' && !d.hub.hasOtherAuthor(peer.origin, peer)) {
      const r = d.graph.deleteOrigin(peer.origin)
      removed = `${r.nodes} nodes, ${r.edges} edges`
    }
    d.log.info('WebSocket peer disconnected', { peer: hs.hostId, path, code, ...(removed ? { removed } : {}) })
  })
}

function onMessage(d: WsEndpointsDeps, peer: Peer, ep: (typeof ENDPOINTS)[string], session: SubscriberSession | undefined, data: string | Buffer): void {
  const drop = (reason: string) => peer.logDrop(d.log, reason, d.clock.now())
  if (typeof data !== 'string' && !peer.binary) return drop('binary frame on a JSON connection')
  let env
  let msg
  try {
    env = typeof data === 'string' ? parseEnvelope(data) : decodeStructMessage(data)
    if (env.Namespace !== 'Graph') {
      if (!d.hub.dispatch(peer, env)) d.log.debug('Ignoring message of unknown namespace', { namespace: env.Namespace, type: env.Type })
      return
    }
    msg = parseGraphMessage(env)
  } catch (err) {
    return drop((err as Error).message)
  }
  if (msg.Type === 'SyncRequest') {
    if (msg.Obj.Time !== undefined) return peer.send({ Namespace: 'Graph', Type: 'SyncReply', UUID: msg.UUID, Status: 400, Obj: null })
    try {
      if (session && typeof msg.Obj.GremlinFilter === 'string') session.setFilter(msg.Obj.GremlinFilter)
      const graph = session ? session.snapshot() : d.graph.toWire()
      peer.send({ Namespace: 'Graph', Type: 'SyncReply', UUID: msg.UUID, Status: 200, Obj: graph })
    } catch (err) {
      peer.send({ Namespace: 'Graph', Type: 'SyncReply', UUID: msg.UUID, Status: 400, Obj: (err as Error).message })
    }
    return
  }
  if (!ep.publish) return drop(`${msg.Type} sent to ${peer.endpoint}, which only subscribes`)
  peer.isAuthor = true
  d.hub.source = peer
  let reason: string | undefined
  try {
    reason = applyGraphMessage(d.graph, msg, { origin: peer.origin, validate: ep.validate })
  } finally {
    d.hub.source = undefined
  }
  if (reason) drop(reason)
}
