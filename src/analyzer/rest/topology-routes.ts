/**
 * GET/POST /api/topology (spec/api.md §3.3): the whole graph, or a Gremlin query with its
 * result as JSON (§3.4) or Graphviz dot.
 */
import { runGremlin } from '../../core/gremlin/index.js'
import { SkydiveError } from '../../core/errors.js'
import { decodeBody, readBody } from '../http/body.js'
import { HttpError } from '../http/http-error.js'
import { JSON_TYPE, send, sendJson, sendText, startBody } from '../http/respond.js'
import type { RouteContext, Router } from '../http/router.js'
import { toDot } from './dot.js'
import { createElementJsonCache } from './element-json-cache.js'
import { resultAnswer, writeGraphAnswer } from './json-answer.js'
import { authorize, type RestDeps } from './route-context.js'

const DOT = 'text/vnd.graphviz'
const PCAP = 'application/vnd.tcpdump.pcap'

/** Registers the topology routes. */
export function topologyRoutes(router: Router, d: RestDeps): void {
  // Answers made of graph elements reuse each big element's JSON until it changes
  const cache = createElementJsonCache(d.graph)
  router.on('GET', '/api/topology', (ctx) => {
    authorize(d, ctx, 'topology', 'read')
    // Quirk (api spec §1.1): upstream sends null for empty lists; we send [] (readers accept both).
    const g = d.graph.toWire()
    if (accepts(ctx, DOT)) return send(ctx.req, ctx.res, 200, `${DOT}; charset=UTF-8`, toDot(g))
    const out = startBody(ctx.req, ctx.res, 200, JSON_TYPE)
    writeGraphAnswer(out, cache, g)
    out.end()
  })

  router.on('POST', '/api/topology', async (ctx) => {
    authorize(d, ctx, 'topology', 'read')
    const body = decodeBody(ctx.req, await readBody(ctx.req))
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw new HttpError(400, 'Cannot run query: the body must be {"GremlinQuery": "<query>"}')
    }
    const query = (body as Record<string, unknown> | undefined)?.['GremlinQuery']
    if (query !== undefined && query !== null && typeof query !== 'string') throw new HttpError(400, 'Cannot run query: GremlinQuery must be a string')
    if (!query) return sendText(ctx.req, ctx.res, 204, null)
    let result
    try {
      result = runGremlin(query, { graph: d.graph, flows: d.flows })
    } catch (err) {
      if (err instanceof SkydiveError) throw new HttpError(400, err.message, { cause: err })
      throw err
    }
    if (accepts(ctx, DOT)) {
      if (result.kind !== 'graph' || !result.graph) throw new HttpError(406, 'Error while encoding response: Only graph can be outputted as dot')
      return send(ctx.req, ctx.res, 200, `${DOT}; charset=UTF-8`, toDot(result.graph))
    }
    if (accepts(ctx, PCAP)) throw new HttpError(406, 'Error while encoding response: Only RawPackets step result can be outputted as pcap')
    const answer = resultAnswer(cache, result)
    if (!answer) return sendJson(ctx.req, ctx.res, 200, result.json)
    const out = startBody(ctx.req, ctx.res, 200, JSON_TYPE)
    answer(out)
    out.end()
  })
}

function accepts(ctx: RouteContext, type: string): boolean {
  return String(ctx.req.headers.accept ?? '').split(',').some((t) => t.split(';')[0]!.trim() === type)
}
