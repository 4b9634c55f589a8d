/**
 * Authentication (spec/api.md §2.1-2.2): the `noauth` and `basic` backends, credential lookup
 * on requests (cookie, Authorization, X-Auth-Token, x-auth-token parameter), login, cookies.
 * Passwords never reach a log line: only user names are logged.
 */
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AuthSection, ResolvedConfig } from '../../config/index.js'
import { SkydiveError } from '../../core/errors.js'
import type { Logger } from '../../core/ports.js'
import { checkPassword, parseHtpasswd } from './htpasswd.js'
import type { Permission, Rbac } from './rbac.js'

/** Which backend protects an endpoint: `api` for users, `cluster` for agents and peers. */
export type AuthScope = 'api' | 'cluster'

/** Who made a request; `token` is "" without auth. */
export interface Identity {
  user: string
  token: string
}

interface Backend {
  name: string
  type: 'noauth' | 'basic'
  role: string
  users: Map<string, string>
}

/** Checks credentials for both scopes. */
export class AuthService {
  readonly #backends: Record<AuthScope, Backend>
  readonly #rbac: Rbac
  readonly #log: Logger
  /** tokens already verified, so bcrypt runs once per token, not once per request */
  readonly #verified = new Map<string, string>()

  constructor(config: ResolvedConfig, rbac: Rbac, log: Logger) {
    this.#rbac = rbac
    this.#log = log
    this.#backends = {
      api: loadBackend(config.analyzer.auth.api.backend, config.auth),
      cluster: loadBackend(config.analyzer.auth.cluster.backend, config.auth),
    }
  }

  /** True when the scope needs credentials. */
  enabled(scope: AuthScope): boolean {
    return this.#backends[scope].type !== 'noauth'
  }

  /** The identity behind a request, or null when credentials are missing or wrong. */
  async authenticate(req: IncomingMessage, scope: AuthScope): Promise<Identity | null> {
    const backend = this.#backends[scope]
    if (backend.type === 'noauth') return { user: 'admin', token: '' }
    const token = tokenOf(req)
    if (!token) return null
    const creds = decodeToken(token)
    if (!creds) return null
    return (await this.#verify(backend, scope, creds.user, creds.password, token)) ? { user: creds.user, token } : null
  }

  /** POST /login: the token and permissions, or null for wrong credentials. */
  async login(username: string, password: string): Promise<{ token: string; permissions: Permission[] } | null> {
    const backend = this.#backends.api
    if (backend.type === 'noauth') return { token: '', permissions: this.#rbac.permissionsOf('admin') }
    const token = Buffer.from(`${username}:${password}`).toString('base64')
    if (!(await this.#verify(backend, 'api', username, password, token))) {
      this.#log.warn('Login failed', { user: username })
      return null
    }
    this.#log.info('User authenticated', { user: username, backend: backend.name, roles: this.#rbac.rolesOf(username).join(',') })
    return { token, permissions: this.#rbac.permissionsOf(username) }
  }

  /** Re-sets the `authtoken` and `permissions` cookies after a successful authentication. */
  setCookies(res: ServerResponse, id: Identity): void {
    const cookies = [`permissions=${Buffer.from(JSON.stringify(this.#rbac.permissionsOf(id.user))).toString('base64')}; Path=/`]
    if (id.token) cookies.unshift(`authtoken=${id.token}; Path=/`)
    res.setHeader('Set-Cookie', cookies)
  }

  async #verify(backend: Backend, scope: AuthScope, user: string, password: string, token: string): Promise<boolean> {
    const key = `${scope} ${token}`
    if (this.#verified.get(key) === user) return true
    const stored = backend.users.get(user)
    if (stored === undefined || !(await checkPassword(stored, password))) return false
    if (this.#verified.size > 10_000) this.#verified.clear()
    this.#verified.set(key, user)
    // API users get the backend's role unless the policy names theirs. Cluster users are admin
    // on the cluster endpoints only (the WS check grants it per request): adding the role here
    // would also make them admin on the REST API when both backends share a user.
    if (scope === 'api' && this.#rbac.rolesOf(user).length === 0) this.#rbac.addRole(user, backend.role)
    return true
  }
}

function loadBackend(name: string, sections: ResolvedConfig['auth']): Backend {
  const s: AuthSection | undefined = sections[name] as AuthSection | undefined
  if (!s) throw new SkydiveError('config-invalid', `Invalid configuration: auth backend "${name}" has no "auth.${name}" section`)
  if (s.type === 'noauth') return { name, type: 'noauth', role: s.role, users: new Map() }
  if (s.type !== 'basic') throw new SkydiveError('config-invalid', `Invalid configuration key "auth.${name}.type": "${s.type}" is not supported; use noauth or basic`)
  const users = new Map(Object.entries(s.users))
  if (s.file) {
    let text: string
    try {
      text = readFileSync(s.file, 'utf8')
    } catch (err) {
      throw new SkydiveError('config-invalid', `Cannot read htpasswd file "${s.file}" of auth backend "${name}": ${(err as Error).message}`, undefined, { cause: err })
    }
    for (const [u, h] of parseHtpasswd(text, s.file)) users.set(u, h)
  }
  return { name, type: 'basic', role: s.role, users }
}

/** First credential found: cookie authtoken, Authorization, X-Auth-Token, x-auth-token parameter. */
export function tokenOf(req: IncomingMessage): string | undefined {
  const cookie = /(?:^|;\s*)authtoken=([^;]*)/.exec(req.headers.cookie ?? '')?.[1]
  if (cookie) return decodeURIComponent(cookie)
  const authz = req.headers.authorization
  if (authz) return authz
  const header = req.headers['x-auth-token']
  if (typeof header === 'string' && header) return header
  const param = new URL(req.url ?? '/', 'http://x').searchParams.get('x-auth-token')
  return param || undefined
}

/** `base64(user:password)`, optionally prefixed by `Basic `. */
function decodeToken(token: string): { user: string; password: string } | undefined {
  const b64 = token.replace(/^Basic\s+/i, '').trim()
  const text = Buffer.from(b64, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  if (colon <= 0) return undefined
  return { user: text.slice(0, colon), password: text.slice(colon + 1) }
}
