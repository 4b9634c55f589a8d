/**
 * REST client of an analyzer, used by every client command and by tests: address forms,
 * HTTP or HTTPS (--ssl, --insecure, CA file), HTTP basic auth or the /login cookie flow,
 * timeouts, and errors that name the analyzer.
 */
import { readFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { gunzipSync } from 'node:zlib'
import { SkydiveError } from '../core/errors.js'

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
}

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
}

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
      }
      if (cookie) headers['Cookie'] = `authtoken=${cookie}`
      else if (basic && opts.authMode !== 'login') headers['Authorization'] = basic
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method, headers, timeout: opts.timeoutMs ?? 30_000,
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
      req.end(payload)
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
  }
  return client
}

function unreachable(display: string, err: Error & { code?: string }): SkydiveError {
  const reason = err.code === 'ECONNREFUSED' ? 'connection refused'
    : err.code === 'ENOTFOUND' ? 'unknown host'
    : err.code === 'ETIMEDOUT' ? err.message
    : err.message
  const tlsProblem = /CERT|SELF_SIGNED|SSL|TLS/i.test(err.code ?? '')
  return new SkydiveError('analyzer-unreachable', `Cannot reach analyzer at ${display}: ${reason}`,
    tlsProblem ? 'pass --insecure to skip certificate checks, or the CA file with --cacert'
      : 'start one with  skydive analyzer  or pass --analyzer HOST:PORT (env SKYDIVE_ANALYZER)', { cause: err })
}
