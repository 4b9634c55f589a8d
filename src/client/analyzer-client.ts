/**
 * REST client of an analyzer, used by every client command and by tests: address forms,
 * HTTP or HTTPS (--ssl, --insecure, CA file), HTTP basic auth or the /login cookie flow,
 * timeouts, and errors that name the analyzer.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { gunzipSync } from 'node:zlib'
import { SkydiveError } from '../core/errors.js'
import type { WirePcapUpload } from '../wire/index.js'
import { isCertificateError } from './cert-error.js'

/** How to reach an analyzer. */
export interface ClientOptions {
  /** `host:port`, `:port`, a bare port, or a URL `http(s)://host:port`; default 127.0.0.1:8082 */
  analyzer?: string
  username?: string
  password?: string
  /** HTTPS */
  ssl?: boolean
  /** accept any server certificate (HTTPS) */
  insecure?: boolean
  /** CA file to verify the server with (HTTPS) */
  caCert?: string
  /** `basic` sends credentials on every request (Go CLI); `login` posts /login once and uses the cookie (Python client) */
  authMode?: 'basic' | 'login'
  /** per request, ms; default 30 s */
  timeoutMs?: number
}

/** A raw answer. */
export interface ClientResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** Options of one request. */
export interface RequestOptions {
  body?: unknown
  headers?: Record<string, string>
  /** do not fail on non-2xx answers */
  allowErrors?: boolean
  /** a body read from a file as it is sent (instead of `body`) */
  file?: { path: string; size: number }
}

/** A capture resource as the analyzer stores it (spec/api.md §3.2); `UUID` is assigned by the analyzer. */
export type CaptureResource = Record<string, unknown> & { UUID: string; GremlinQuery: string }

/** Talks to one analyzer. */
export interface AnalyzerClient {
  /** `http://host:port` or `https://…` */
  readonly baseUrl: string
  /** Sends a request; non-2xx is `request-failed` unless allowErrors. Bodies that are not strings are sent as JSON. */
  request(method: string, path: string, opts?: RequestOptions): Promise<ClientResponse>
  /** Sends a request and decodes the JSON answer (undefined for 204). */
  json<T = unknown>(method: string, path: string, body?: unknown): Promise<T>
  /** POST /api/topology; `format: 'dot'` returns the Graphviz text, otherwise the decoded JSON */
  query(gremlin: string, format?: 'json' | 'dot'): Promise<unknown>
  /** POST /login; returns the token (also kept for the following requests in `login` mode) */
  login(): Promise<string>
  /** POST /api/pcap with the bytes of a pcap or pcapng file, streamed; the analyzer stores its flows */
  uploadPcap(path: string): Promise<WirePcapUpload>
  /** POST /api/capture; `ttl` (a Go duration such as "30s") makes the capture expire (X-Resource-TTL) */
  createCapture(capture: Record<string, unknown>, ttl?: string): Promise<CaptureResource>
  /** GET /api/capture: captures keyed by UUID */
  listCaptures(): Promise<Record<string, CaptureResource>>
  /** GET /api/capture/<uuid> */
  getCapture(uuid: string): Promise<CaptureResource>
  /** DELETE /api/capture/<uuid> */
  deleteCapture(uuid: string): Promise<void>
}

/** Idle time allowed while an upload is decoded by the analyzer (the default 30 s is for queries). */
const UPLOAD_TIMEOUT_MS = 300_000

/** Normalised `http(s)://host:port` of an analyzer address. */
export function analyzerUrl(address: string | undefined, ssl = false): string {
  const a = (address ?? '127.0.0.1:8082').trim()
  if (/^https?:\/\//.test(a)) return a.replace(/\/+$/, '')
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$|^(\d+)$/.exec(a)
  if (!m) throw new SkydiveError('bad-usage', `Cannot use analyzer address "${a}": expected HOST:PORT, e.g. 127.0.0.1:8082`)
  const host = m[1] ? `[${m[1]}]` : m[2] || (m[4] ? 'localhost' : 'localhost')
  return `${ssl ? 'https' : 'http'}://${host}:${m[3] ?? m[4]}`
}

/**
 * Creates a client.
 * @example
 * const client = createAnalyzerClient({ analyzer: '127.0.0.1:8082', username: 'admin', password: 'pw' })
 * const hosts = await client.query("G.V().Has('Type','host')")
 */
export function createAnalyzerClient(opts: ClientOptions = {}): AnalyzerClient {
  const baseUrl = analyzerUrl(opts.analyzer, opts.ssl)
  const display = baseUrl.replace(/^https?:\/\//, '')
  const secure = baseUrl.startsWith('https:')
  const ca = opts.caCert ? readFileSync(opts.caCert) : undefined
  const basic = opts.username !== undefined ? `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}` : undefined
  let cookie: string | undefined

  const send = (method: string, path: string, ro: RequestOptions = {}): Promise<ClientResponse> =>
    new Promise((resolve, reject) => {
      const url = new URL(path, baseUrl)
      const payload = ro.body === undefined ? undefined : typeof ro.body === 'string' ? ro.body : JSON.stringify(ro.body)
      const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Encoding': 'gzip', ...ro.headers }
      if (payload !== undefined) {
        headers['Content-Type'] ??= 'application/json'
        headers['Content-Length'] = String(Buffer.byteLength(payload))
      } else if (ro.file) {
        headers['Content-Type'] ??= 'application/octet-stream'
        headers['Content-Length'] = String(ro.file.size)
      }
      if (cookie) headers['Cookie'] = `authtoken=${cookie}`
      else if (basic && opts.authMode !== 'login') headers['Authorization'] = basic
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method, headers, timeout: opts.timeoutMs ?? (ro.file ? UPLOAD_TIMEOUT_MS : 30_000),
        ...(secure ? { rejectUnauthorized: !opts.insecure, ...(ca ? { ca } : {}) } : {}),
      }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', (err) => reject(unreachable(display, err)))
        res.on('end', () => {
          let buf = Buffer.concat(chunks)
          if (res.headers['content-encoding'] === 'gzip') buf = gunzipSync(buf)
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf.toString('utf8') })
        })
      })
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${opts.timeoutMs ?? 30_000} ms`), { code: 'ETIMEDOUT' })))
      req.on('error', (err) => reject(unreachable(display, err)))
      if (!ro.file) return req.end(payload)
      const file = createReadStream(ro.file.path)
      file.on('error', (err) => {
        reject(new SkydiveError('not-found', `Cannot read "${ro.file?.path}": ${err.message}`, undefined, { cause: err }))
        req.destroy()
      })
      file.pipe(req)
    })

  const client: AnalyzerClient = {
    baseUrl,
    async request(method, path, ro = {}) {
      if (basic && opts.authMode === 'login' && cookie === undefined && path !== '/login') await client.login()
      const res = await send(method, path, ro)
      if (!ro.allowErrors && (res.status < 200 || res.status >= 300) && res.status !== 304) {
        const body = res.body.trim()
        const hint = res.status === 401 ? 'pass --username and --password (or SKYDIVE_USERNAME / SKYDIVE_PASSWORD)' : undefined
        throw new SkydiveError(res.status === 401 ? 'auth-failed' : 'request-failed',
          `Analyzer ${display} answered ${res.status} to ${method} ${path}${body ? `: ${body}` : ''}`, hint)
      }
      return res
    },
    async json<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await client.request(method, path, { body })
      return (res.status === 204 || res.body === '' ? undefined : JSON.parse(res.body)) as T
    },
    async query(gremlin, format = 'json') {
      const headers = format === 'dot' ? { Accept: 'text/vnd.graphviz' } : undefined
      const res = await client.request('POST', '/api/topology', { body: { GremlinQuery: gremlin }, headers })
      if (format === 'dot') return res.body
      return res.status === 204 ? undefined : (JSON.parse(res.body) as unknown)
    },
    async login() {
      const form = new URLSearchParams({ username: opts.username ?? '', password: opts.password ?? '' }).toString()
      const res = await send('POST', '/login', { body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
      if (res.status !== 200) {
        throw new SkydiveError('auth-failed', `Cannot log in to analyzer ${display} as "${opts.username ?? ''}": ${res.body.trim() || res.status}`,
          'check --username and --password')
      }
      const set = [res.headers['set-cookie'] ?? []].flat().map((c) => /^authtoken=([^;]*)/.exec(c)?.[1]).find((v) => v !== undefined)
      cookie = set ?? ''
      return cookie
    },
    async uploadPcap(path) {
      const size = fileSize(path)
      const res = await client.request('POST', '/api/pcap', { file: { path, size }, headers: { 'Content-Type': 'application/vnd.tcpdump.pcap' } })
      // Upstream answers 202 with no body; ours describes the trace.
      if (res.body.trim()) return JSON.parse(res.body) as WirePcapUpload
      return { Packets: 0, Flows: 0, FlowsDropped: 0, Store: { Count: 0, MaxBufferSize: 0, Dropped: 0 } }
    },
    async createCapture(capture, ttl) {
      const res = await client.request('POST', '/api/capture', { body: capture, ...(ttl ? { headers: { 'X-Resource-TTL': ttl } } : {}) })
      return JSON.parse(res.body) as CaptureResource
    },
    listCaptures: () => client.json('GET', '/api/capture'),
    getCapture: (uuid) => client.json('GET', `/api/capture/${encodeURIComponent(uuid)}`),
    async deleteCapture(uuid) {
      await client.request('DELETE', `/api/capture/${encodeURIComponent(uuid)}`)
    },
  }
  return client
}

/** Size of a file to upload, or a clear error (the analyzer would only see an empty body). */
function fileSize(path: string): number {
  let st: ReturnType<typeof statSync>
  try {
    st = statSync(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new SkydiveError('not-found', `Cannot read "${path}": ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? err)}`, undefined, { cause: err })
  }
  if (!st.isFile()) throw new SkydiveError('not-found', `Cannot read "${path}": it is not a file`, 'give a .pcap or .pcapng file')
  return st.size
}

function unreachable(display: string, err: Error & { code?: string }): SkydiveError {
  const reason = err.code === 'ECONNREFUSED' ? 'connection refused'
    : err.code === 'ENOTFOUND' ? 'unknown host'
    : err.code === 'ETIMEDOUT' ? err.message
    : err.message
  const certProblem = isCertificateError(err.code)
  // a plain-HTTP analyzer answers a TLS hello with garbage or a reset before the handshake ends
  const handshakeProblem = err.code === 'EPROTO' || /before secure TLS connection|wrong version number/i.test(err.message)
  return new SkydiveError('analyzer-unreachable', `Cannot reach analyzer at ${display}: ${reason}`,
    certProblem ? 'pass --insecure to skip certificate checks, or the CA file with --cacert'
      : handshakeProblem ? 'the analyzer does not seem to speak TLS there: drop --ssl, or set tls.server_cert and tls.server_key on the analyzer'
        : 'start one with  skydive analyzer  or pass --analyzer HOST:PORT (env SKYDIVE_ANALYZER)', { cause: err })
}
