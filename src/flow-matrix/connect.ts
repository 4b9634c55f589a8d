/** The MatrixAnalyzer of a real analyzer, on the shared REST and WebSocket clients of src/client. */
import { SkydiveError, isSkydiveError } from '../core/errors.js'
import { isLoopback } from '../core/matrix/index.js'
// The REST client comes from its own file, not through src/client/index.ts (STYLE.md §1): the
// index also loads `ws` and chalk, ~60 ms of start-up that the csv/dot/json paths never use.
// The WebSocket client is imported, through the index, by publish() only.
import { createAnalyzerClient } from '../client/analyzer-client.js'
import type { ClientOptions } from '../client/index.js'
import type { WireEdge, WireNode } from '../wire/index.js'
import type { MatrixAnalyzer } from './matrix-analyzer.js'

/** How to reach the analyzer (the client flags of the command). */
export type AnalyzerConnection = ClientOptions

const PUBLISH_CONFIRM_MS = 10_000

/** Connects lazily: nothing is sent before the first query. */
export function connectMatrixAnalyzer(conn: AnalyzerConnection): MatrixAnalyzer {
  const client = createAnalyzerClient(conn)
  const display = client.baseUrl.replace(/^https?:\/\//, '')
  // The host query returns every host's sockets (~38 MB for 1,000 hosts x 200 sockets).
  // gzip pays off across a network; on loopback it only costs CPU at both ends (~15% of the
  // run), so a local analyzer is asked for the plain body
  const hostname = new URL(client.baseUrl).hostname.replace(/^\[|\]$/g, '')
  const headers = hostname === 'localhost' || isLoopback(hostname) ? { 'Accept-Encoding': 'identity' } : undefined
  const query = async (gremlin: string): Promise<unknown> => {
    const res = await client.request('POST', '/api/topology', { body: { GremlinQuery: gremlin }, ...(headers ? { headers } : {}) })
    return res.status === 204 || res.body === '' ? undefined : (JSON.parse(res.body) as unknown)
  }
  return {
    async query(gremlin) {
      try {
        return await query(gremlin)
      } catch (err) {
        // Quirk (spec/api.md §5.6): without a history backend any Context() is a 400 with this text
        if (isSkydiveError(err, 'request-failed') && err.message.includes('Backend does not support history')) {
          throw new SkydiveError('no-history', `Cannot use --at on analyzer ${display}: Backend does not support history`,
            'drop --at, or run the analyzer with a history backend', { cause: err })
        }
        throw err
      }
    },
    async publish(nodes, edges) {
      const { connectWs } = await import('../client/index.js')
      const ws = await connectWs({
        analyzer: conn.analyzer, ssl: conn.ssl, insecure: conn.insecure,
        ...(conn.username !== undefined ? { username: conn.username, password: conn.password ?? '' } : {}),
        path: '/ws/publisher',
        headers: {
          'X-Host-ID': `flow-matrix-${process.pid}`,
          'X-Client-Type': 'skydive-flow-matrix',
          'X-Client-Protocol': 'json',
          // kept after we disconnect, as upstream's Python WSClient (persistent=True) asked
          'X-Persistence-Policy': 'Persistent',
        },
      })
      try {
        for (const node of nodes) ws.send({ Namespace: 'Graph', Type: 'NodeAdded', Obj: node })
        for (const edge of edges) ws.send({ Namespace: 'Graph', Type: 'EdgeAdded', Obj: edge })
      } finally {
        await ws.close()
      }
      await confirmPublished(nodes, edges, query)
    },
    async close() {},
  }
}

/**
 * Waits until the analyzer shows every published element: /ws/publisher drops invalid
 * messages silently (spec/api.md §4.5), so "published" is only said once it is true.
 */
async function confirmPublished(nodes: readonly WireNode[], edges: readonly WireEdge[], query: (q: string) => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + PUBLISH_CONFIRM_MS
  const missing = (answer: unknown, want: readonly WireNode[]): number => {
    const ids = new Set(Array.isArray(answer) ? answer.map((e) => (e as { ID?: unknown }).ID) : [])
    return want.filter((e) => !ids.has(e.ID)).length
  }
  for (;;) {
    const lostNodes = missing(await query("G.V().Has('Type', 'service')"), nodes)
    const lostEdges = missing(await query("G.E().Has('Type', 'Connection')"), edges)
    if (lostNodes + lostEdges === 0) return
    if (Date.now() > deadline) {
      throw new SkydiveError('request-failed',
        `Cannot confirm the published matrix: the analyzer does not show ${lostNodes} service nodes and ${lostEdges} Connection edges`,
        'the analyzer log names messages it dropped')
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
