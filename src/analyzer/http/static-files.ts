/**
 * Serves the built web UI (dist/ui: index.html, app.js, app.css) on the analyzer's listener,
 * as upstream serves its UI on port 8082. Not behind auth: the UI's login page must load.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import type { FallbackHandler } from '../http-app.js'
import { send } from './respond.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
}

/** A handler serving files of `dir` (GET/HEAD only), `/` being index.html; undefined when `dir` has no index.html. */
export function createStaticHandler(dir: string): FallbackHandler | undefined {
  const root = resolve(dir)
  if (!existsSync(join(root, 'index.html'))) return undefined
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = resolve(root, '.' + (path === '/' ? '/index.html' : path))
    // resolve() removes ".." segments; anything outside the UI directory is not ours to serve.
    if (file !== root && !file.startsWith(root + sep)) return false
    const type = TYPES[extname(file)]
    if (!type) return false
    let data: Buffer
    try {
      data = await readFile(file)
    } catch {
      return false
    }
    res.setHeader('Cache-Control', 'no-cache')
    send(req, res, 200, type, data)
    return true
  }
}
