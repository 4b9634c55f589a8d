/**
 * The agent side of /ws/agent/topology (spec/api.md §0.b, §4.5): one connection per analyzer,
 * each starting with a `Sync` of the whole host graph and then following every graph change.
 * Connections drop and come back (back-off, re-Sync); refused credentials or an unreachable
 * analyzer give one clear log line per new reason, never an exception.
 * This file is the only one that imports `ws` for the agent.
 */
import { readFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import WebSocket from 'ws'
import type { Graph } from '../core/graph/index.js'
import type { Logger } from '../core/ports.js'
import type { GraphMessage } from '../wire/index.js'
import { isCertificateError } from './cert-error.js'
import { writeJson } from './ws-publisher-json.js'
import { graphEventMessage, syncMessage } from './ws-publisher-messages.js'

/** Where and how an agent publishes. */
export interface TopologyPublisherOptions {
  /** analyzer addresses, `host:port` */
  analyzers: readonly string[]
  /** X-Host-ID; Origin becomes `agent.<hostId>` on the analyzer */
  hostId: string
  graph: Graph
  log: Logger
  /** `agent.auth.cluster.username` / `.password`: basic auth when set */
  username?: string
  password?: string
  /** `tls.*` file paths; `ca_cert` switches to wss:// */
  tls?: { ca_cert?: string; client_cert?: string; client_key?: string }
  /** back-off bounds, ms (defaults 250 and 5000) */
  minRetryMs?: number
  maxRetryMs?: number
  /** a connection silent (no ping, no message) for this long is dropped; default 20 s */
  silenceTimeoutMs?: number
}

/** A running publisher. */
export interface TopologyPublisher {
  /** analyzers currently connected and synced */
  readonly connected: number
  stop(): Promise<void>
}

/** Builds the URL of an analyzer's agent endpoint; an IPv6 host gets brackets. */
export function agentTopologyUrl(address: string, secure: boolean): string {
  const i = address.lastIndexOf(':')
  const host = i > 0 ? address.slice(0, i) : address
  const port = i > 0 ? address.slice(i + 1) : '8082'
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host || 'localhost'
  return `${secure ? 'wss' : 'ws'}://${h}:${port}/ws/agent/topology`
}

/** Starts publishing the graph to every analyzer. */
export function createTopologyPublisher(opts: TopologyPublisherOptions): TopologyPublisher {
  const links = opts.analyzers.map((a) => new AnalyzerLink(a, opts))
  const unsubscribe = opts.graph.subscribe((ev) => {
    const open = links.filter((l) => l.isOpen)
    if (open.length) sendMessage(open, graphEventMessage(ev))
  })
  for (const l of links) l.connect()
  return {
    get connected() {
      return links.filter((l) => l.isOpen).length
    },
    async stop() {
      unsubscribe()
      await Promise.all(links.map((l) => l.close()))
    },
  }
}

/**
 * Sends one message to each link, as WebSocket fragments of about 64 K characters: a big
 * message (a Sync, 20,000 Sockets) never exists as one string or Buffer. Fragments of one
 * message cannot interleave with another's: they are all handed to ws in this call.
 */
function sendMessage(links: readonly AnalyzerLink[], msg: GraphMessage): void {
  let held: string | undefined
  writeJson(msg, (piece) => {
    if (held !== undefined) for (const l of links) l.send(held, false)
    held = piece
  })
  for (const l of links) l.send(held!, true)
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is the analyzer running and listening there?)',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'unknown host name',
  EAI_AGAIN: 'host name lookup failed',
}

function describeError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code
  const text = (code && ERRNO_TEXT[code]) ?? err.message
  // Node's certificate errors name the symptom, not the setting that fixes it
  return isCertificateError(code)
    ? `${text} (the analyzer's certificate must be signed by the CA in tls.ca_cert and name the address the agent dials)`
    : text
}

/** One analyzer: connect, Sync, forward, reconnect. */
class AnalyzerLink {
  readonly #address: string
  readonly #o: TopologyPublisherOptions
  readonly #url: string
  readonly #wsOptions: WebSocket.ClientOptions
  #ws: WebSocket | undefined
  #open = false
  #stopped = false
  #retryMs: number
  #retryTimer: NodeJS.Timeout | undefined
  #watchdog: NodeJS.Timeout | undefined
  #lastHeard = 0
  #lastReason = ''
  #failures = 0
  #lastLoggedAt = 0
  #rejected: WebSocket | undefined

  constructor(address: string, opts: TopologyPublisherOptions) {
    this.#address = address
    this.#o = opts
    this.#retryMs = opts.minRetryMs ?? 250
    const secure = Boolean(opts.tls?.ca_cert)
    this.#url = agentTopologyUrl(address, secure)
    const headers: Record<string, string> = {
      'X-Host-ID': opts.hostId,
      'X-Client-Type': 'agent',
      'X-Client-Protocol': 'json',
      'X-Persistence-Policy': 'DeleteOnDisconnect',
      'X-Websocket-Namespace': '*',
    }
    if (opts.username) {
      headers['Authorization'] = 'Basic ' + Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')
    }
    // A zero mask makes ws skip XOR-ing every byte (client frames must be masked, RFC 6455
    // §5.3, against proxy cache poisoning by browser scripts; an agent is no browser).
    this.#wsOptions = { headers, handshakeTimeout: 5000, perMessageDeflate: false, generateMask: (mask) => { mask.fill(0) } }
    if (secure) {
      this.#wsOptions.ca = readFileSync(opts.tls!.ca_cert!)
      if (opts.tls?.client_cert) this.#wsOptions.cert = readFileSync(opts.tls.client_cert)
      if (opts.tls?.client_key) this.#wsOptions.key = readFileSync(opts.tls.client_key)
    }
  }

  get isOpen(): boolean {
    return this.#open
  }

  connect(): void {
    if (this.#stopped) return
    const ws = new WebSocket(this.#url, this.#wsOptions)
    this.#ws = ws
    ws.on('open', () => this.#onOpen(ws))
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      const status = res.statusCode ?? 0
      const why = status === 401 ? 'the analyzer refused the credentials (HTTP 401)'
        : status === 403 ? 'the analyzer denied access (HTTP 403)'
        : status === 409 ? `another agent is connected with host id "${this.#o.hostId}" (HTTP 409)`
        : `unexpected HTTP ${status} on the upgrade`
      res.resume()
      this.#rejected = ws
      ws.terminate()
      this.#failed(why)
    })
    ws.on('error', (err: Error) => {
      // terminate() after a refused upgrade also raises "closed before established": said already
      if (this.#rejected !== ws) this.#failed(describeError(err))
    })
    ws.on('ping', () => { this.#lastHeard = Date.now() })
    ws.on('message', () => { this.#lastHeard = Date.now() })
    ws.on('close', () => this.#onClose(ws))
  }

  #onOpen(ws: WebSocket): void {
    if (this.#stopped || ws !== this.#ws) return
    this.#open = true
    this.#failures = 0
    this.#lastReason = ''
    this.#retryMs = this.#o.minRetryMs ?? 250
    this.#lastHeard = Date.now()
    sendMessage([this], syncMessage(this.#o.graph))
    this.#o.log.info('Connected to analyzer; graph synced', { analyzer: this.#address, nodes: this.#o.graph.nodeCount })
    const silence = this.#o.silenceTimeoutMs ?? 20_000
    this.#watchdog = setInterval(() => {
      if (Date.now() - this.#lastHeard > silence) {
        this.#o.log.warn('Analyzer silent; reconnecting', { analyzer: this.#address, silentMs: Date.now() - this.#lastHeard })
        ws.terminate()
      }
    }, Math.min(5000, silence))
    this.#watchdog.unref()
  }

  /** Sends a text message, or a fragment of one (`fin` false: more follow). */
  send(text: string, fin = true): void {
    if (this.#open && this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(text, { fin, binary: false })
  }

  #failed(reason: string): void {
    if (this.#stopped) return
    this.#failures++
    // One line per new reason, then a reminder a minute: clear, but no log flood.
    if (reason !== this.#lastReason || Date.now() - this.#lastLoggedAt > 60_000) {
      this.#o.log.warn(`Cannot connect to analyzer "${this.#address}": ${reason}; retrying`, { attempts: this.#failures })
      this.#lastReason = reason
      this.#lastLoggedAt = Date.now()
    }
  }

  #onClose(ws: WebSocket): void {
    if (ws !== this.#ws) return
    clearInterval(this.#watchdog)
    if (this.#open && !this.#stopped) this.#o.log.warn('Lost connection to analyzer; reconnecting', { analyzer: this.#address })
    this.#open = false
    this.#ws = undefined
    if (this.#stopped) return
    const delay = this.#retryMs * (0.75 + Math.random() * 0.5)
    this.#retryMs = Math.min(this.#retryMs * 2, this.#o.maxRetryMs ?? 5000)
    this.#retryTimer = setTimeout(() => this.connect(), delay)
  }

  async close(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#retryTimer)
    clearInterval(this.#watchdog)
    const ws = this.#ws
    this.#open = false
    if (!ws || ws.readyState === WebSocket.CLOSED) return
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { ws.terminate(); resolve() }, 1000)
      ws.once('close', () => { clearTimeout(t); resolve() })
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate()
      else ws.close(1000, 'agent stopping')
    })
  }
}
