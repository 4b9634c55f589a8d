/**
 * The analyzer's hub: who is connected on which endpoint, fan-out of graph changes to
 * subscribers, requests to agents matched by UUID, and handlers for other namespaces.
 */
import { randomUUID } from 'node:crypto'
import type { Graph } from '../../core/graph/index.js'
import type { ConnStatus, Peer } from './peer.js'
import { EventTexts, type SubscriberSession } from './subscriber-session.js'
import type { RawEnvelope } from './graph-message.js'
import { encodeStructMessage } from './struct-message.js'

/** A handler for messages of a namespace other than Graph (e.g. OnDemandCapture replies, Flow). */
export type NamespaceHandler = (peer: Peer, msg: RawEnvelope) => void

/** Connections and event fan-out. */
export class Hub {
  readonly #peers = new Map<string, Map<string, Peer>>()
  readonly #subscribers = new Set<SubscriberSession>()
  readonly #handlers = new Map<string, NamespaceHandler>()
  readonly #pending = new Map<string, { resolve: (m: RawEnvelope) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>()
  /** the peer whose message is being applied, so /ws/pubsub does not echo to its sender */
  source: Peer | undefined
  readonly #unsubscribe: () => void

  constructor(graph: Graph) {
    this.#unsubscribe = graph.subscribe((ev) => {
      if (this.#subscribers.size === 0) return
      const texts = new EventTexts(ev)
      for (const s of this.#subscribers) if (s.peer !== this.source && s.wantsGraph) s.onEvent(texts)
    })
  }

  /** True when `hostId` is already connected on `endpoint` (duplicate ⇒ 409). */
  has(endpoint: string, hostId: string): boolean {
    return this.#peers.get(endpoint)?.has(hostId) ?? false
  }

  add(peer: Peer): void {
    let m = this.#peers.get(peer.endpoint)
    if (!m) this.#peers.set(peer.endpoint, (m = new Map()))
    m.set(peer.hs.hostId, peer)
  }

  remove(peer: Peer): void {
    const m = this.#peers.get(peer.endpoint)
    if (m?.get(peer.hs.hostId) === peer) m.delete(peer.hs.hostId)
  }

  /** Peers of an endpoint. */
  peers(endpoint: string): Peer[] {
    return [...(this.#peers.get(endpoint)?.values() ?? [])]
  }

  /** True when another live author publishes under `origin` (a reconnect racing a disconnect). */
  hasOtherAuthor(origin: string, except: Peer): boolean {
    for (const m of this.#peers.values()) for (const p of m.values()) if (p !== except && p.isAuthor && p.origin === origin) return true
    return false
  }

  addSubscriber(s: SubscriberSession): void {
    this.#subscribers.add(s)
  }

  removeSubscriber(s: SubscriberSession): void {
    this.#subscribers.delete(s)
  }

  /** Registers the handler of a namespace; replaces any previous one. */
  onNamespace(namespace: string, handler: NamespaceHandler): void {
    this.#handlers.set(namespace, handler)
  }

  /** Routes a non-Graph message: a reply to a pending request, or the namespace handler. False when nobody wanted it. */
  dispatch(peer: Peer, msg: RawEnvelope): boolean {
    const waiting = msg.UUID ? this.#pending.get(msg.UUID) : undefined
    if (waiting) {
      this.#pending.delete(msg.UUID!)
      clearTimeout(waiting.timer)
      waiting.resolve(msg)
      return true
    }
    const h = this.#handlers.get(msg.Namespace)
    if (!h) return false
    h(peer, msg)
    return true
  }

  /**
   * Sends a request to the agent whose X-Host-ID is `hostId` and waits for the reply with the
   * same UUID (how captures are started on agents, spec/api.md §4.7).
   */
  request(hostId: string, msg: Omit<RawEnvelope, 'UUID'>, timeoutMs = 10_000): Promise<RawEnvelope> {
    const peer = this.#peers.get('/ws/agent/topology')?.get(hostId)
    if (!peer) return Promise.reject(new Error(`no agent "${hostId}" is connected`))
    const uuid = randomUUID()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(uuid)
        reject(new Error(`agent "${hostId}" did not answer ${msg.Namespace}/${msg.Type} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.#pending.set(uuid, { resolve, reject, timer })
      peer.send({ ...msg, UUID: uuid, Status: msg.Status ?? 200 })
    })
  }

  /** Sends a message to every subscriber that asked for its namespace. */
  broadcast(msg: RawEnvelope): void {
    let text: string | undefined
    let proto: Buffer | undefined
    for (const s of this.#subscribers) {
      const ns = s.peer.hs.namespaces
      if (!ns.includes('*') && !ns.includes(msg.Namespace)) continue
      s.peer.sendRaw(s.peer.binary ? (proto ??= encodeStructMessage(msg)) : (text ??= JSON.stringify(msg)))
    }
  }

  /** The connection maps of GET /api/status, keyed by X-Host-ID. */
  status(): { Agents: Record<string, ConnStatus>; Publishers: Record<string, ConnStatus>; Subscribers: Record<string, ConnStatus> } {
    const map = (...endpoints: string[]) =>
      Object.fromEntries(endpoints.flatMap((e) => this.peers(e)).map((p) => [p.hs.hostId, p.status()]))
    return {
      Agents: map('/ws/agent/topology'),
      Publishers: map('/ws/publisher', '/ws/pubsub'),
      Subscribers: map('/ws/subscriber', '/ws/pubsub'),
    }
  }

  /** Stops following the graph and fails pending requests. */
  close(): void {
    this.#unsubscribe()
    for (const [, p] of this.#pending) {
      clearTimeout(p.timer)
      p.reject(new Error('analyzer stopping'))
    }
    this.#pending.clear()
  }
}
