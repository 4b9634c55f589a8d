/**
 * The request handler of the analyzer's listener: CORS, /login, authentication, routing,
 * and turning errors into upstream-shaped answers (plain text, status codes of spec/api.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { SkydiveError } from '../core/errors.js'
import type { Logger } from '../core/ports.js'
import type { AuthService } from './auth/auth-service.js'
import { HttpError } from './http/http-error.js'
import { sendText, setCors } from './http/respond.js'
import type { Router } from './http/router.js'
import { serveLogin } from './rest/login-route.js'

/** Serves paths the API does not know (e.g. the web UI); true when it answered. */
export type FallbackHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>

/** Builds the node:http request listener. */
export function createHttpApp(router: Router, auth: AuthService, log: Logger, fallback?: FallbackHandler) {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setCors(req, res)
    if (req.method === 'OPTIONS') return sendText(req, res, 200, null)
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/login') return serveLogin(req, res, auth)
    const m = router.match(req.method ?? 'GET', url.pathname)
    if (m === undefined) {
      if (fallback && (await fallback(req, res))) return
      return sendText(req, res, 404, `No route for ${req.method} ${url.pathname}`)
    }
    if (m === 'method') return sendText(req, res, 405, `Method ${req.method} is not allowed on ${url.pathname}`)
    const id = await auth.authenticate(req, 'api')
    if (!id) return sendText(req, res, 401, 'Wrong credentials')
    if (auth.enabled('api')) auth.setCookies(res, id)
    await m.handler({ req, res, url, id: m.id, user: id.user })
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (err instanceof HttpError) return sendText(req, res, err.status, err.body)
      if (err instanceof SkydiveError) return sendText(req, res, 400, err.message)
      log.error('Request failed', { method: req.method, path: req.url, error: err instanceof Error ? err.stack ?? err.message : String(err) })
      sendText(req, res, 500, 'Internal Server Error')
    })
  }
}
