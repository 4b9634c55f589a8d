/**
 * A small method + path router: exact paths and one trailing `:id` segment, enough for
 * the REST API of spec/api.md §3.1.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** What a handler receives. */
export interface RouteContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  /** the path parameter, when the route has one (already URI-decoded) */
  id: string
  /** the authenticated user ("admin" without auth) */
  user: string
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void

interface Route {
  method: string
  prefix: string
  withId: boolean
  handler: RouteHandler
}

/** Routes by method and path; `/api/capture/:id` matches `/api/capture/<anything>`. */
export class Router {
  readonly #routes: Route[] = []

  /** Registers `handler`; a path ending in `/:id` captures the rest of the path. */
  on(method: string, path: string, handler: RouteHandler): this {
    const withId = path.endsWith('/:id')
    this.#routes.push({ method, prefix: withId ? path.slice(0, -3) : path, withId, handler })
    return this
  }

  /** The handler and id for a request, `'method'` when only the method differs, or undefined. */
  match(method: string, pathname: string): { handler: RouteHandler; id: string } | 'method' | undefined {
    let pathMatched = false
    for (const r of this.#routes) {
      const ok = r.withId ? pathname.startsWith(r.prefix) : pathname === r.prefix
      if (!ok) continue
      pathMatched = true
      if (r.method !== method && !(r.method === 'GET' && method === 'HEAD')) continue
      return { handler: r.handler, id: r.withId ? safeDecode(pathname.slice(r.prefix.length)) : '' }
    }
    return pathMatched ? 'method' : undefined
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
