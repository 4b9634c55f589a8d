/**
 * Serves the web UI bundle (dist/ui, built by scripts/build-ui.mjs) at `/` and its flat asset
 * paths (`/app.js`, `/app.css`, their maps). Public on purpose: the page must load to show
 * its login form; everything it fetches afterwards (/api, /ws) goes through the analyzer's auth.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

interface Asset { body: Buffer; gzip: Buffer | undefined; type: string; etag: string }

/**
 * dist/ui, found from this file as src/analyzer/*.ts (tsx), dist/analyzer/*.js and within the
 * CLI bundle's dist/bin/*.js (scripts/build-cli.mjs keeps its chunks at that depth).
 */
export function defaultUiRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/ui')
}

/**
 * Returns a request handler that answers GET/HEAD for the UI and returns false for any other
 * path, so the caller's router carries on. Files are read once, at the first request.
 */
export function createStaticUi(root = defaultUiRoot()): (req: IncomingMessage, res: ServerResponse) => boolean {
  let assets: Map<string, Asset> | undefined
  const load = (): Map<string, Asset> => {
    const out = new Map<string, Asset>()
    if (!existsSync(root)) return out
    for (const name of readdirSync(root)) {
      const file = join(root, name)
      const st = statSync(file)
      if (!st.isFile()) continue
      const body = readFileSync(file)
      const ext = name.slice(name.lastIndexOf('.'))
      const type = TYPES[ext] ?? 'application/octet-stream'
      const gzip = /^(text|application\/json)/.test(type) && body.length > 1024 ? gzipSync(body) : undefined
      out.set(`/${name}`, { body, gzip, type, etag: `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"` })
    }
    return out
  }
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const path = (req.url ?? '/').split('?')[0]!
    const key = path === '/' || path === '/index.html' ? '/index.html' : path
    // flat folder: one segment, no traversal possible
    if (!/^\/[A-Za-z0-9._-]+$/.test(key) || key.includes('..')) return false
    if (!assets?.size) assets = load()
    const asset = assets.get(key)
    if (!asset) {
      if (key !== '/index.html') return false
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(`The web UI is not built: no ${join(root, 'index.html')}; run "npm run build"\n`)
      return true
    }
    const headers: Record<string, string> = { 'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': 'no-cache' }
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers)
      res.end()
      return true
    }
    const gzip = asset.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    if (gzip) headers['Content-Encoding'] = 'gzip'
    headers['Vary'] = 'Accept-Encoding'
    const body = gzip ? asset.gzip! : asset.body
    headers['Content-Length'] = String(body.length)
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
    return true
  }
}
