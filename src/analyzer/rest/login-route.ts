/**
 * POST /login (spec/api.md §2.2): form fields `username`, `password` (query values too) ⇒
 * `{"Token", "Permissions"}` and the `authtoken` / `permissions` cookies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AuthService } from '../auth/auth-service.js'
import { readBody } from '../http/body.js'
import { sendJson, sendText } from '../http/respond.js'

/** Serves /login for every method (non-POST redirects to /). */
export async function serveLogin(req: IncomingMessage, res: ServerResponse, auth: AuthService): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Location', '/')
    return sendText(req, res, 302, null)
  }
  const form = new URLSearchParams(new URL(req.url ?? '/', 'http://x').search)
  const type = String(req.headers['content-type'] ?? '')
  const body = (await readBody(req, 64 * 1024)).toString('utf8')
  if (type.startsWith('application/x-www-form-urlencoded') || (body && !type)) {
    for (const [k, v] of new URLSearchParams(body)) form.set(k, v)
  }
  const username = form.get('username')
  const password = form.get('password')
  if (username === null || password === null) return sendText(req, res, 401, 'No credentials provided')
  const result = await auth.login(username, password)
  if (!result) return sendText(req, res, 401, 'Wrong credentials')
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*')
  res.setHeader('Access-Control-Allow-Credentials', 'true')
  auth.setCookies(res, { user: username, token: result.token })
  sendJson(req, res, 200, { Token: result.token, Permissions: result.permissions })
}
