/**
 * GET /api, GET /api/status, GET /api/config/<key>, POST /api/workflow/<id>/call
 * (spec/api.md §3.1, §3.7).
 */
import { getConfigValue } from '../../config/index.js'
import { VERSION } from '../../version.js'
import { HttpError } from '../http/http-error.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { authorize, type RestDeps } from './route-context.js'

/** Keys never served: credentials and private keys. */
const SECRET = /(^|\.)(password|users|server_key|client_key)$|^auth(\.|$)|\.auth\.cluster(\.|$)/

/** Registers the informational routes. */
export function apiRoutes(router: Router, d: RestDeps): void {
  router.on('GET', '/api', (ctx) => {
    sendJson(ctx.req, ctx.res, 200, { Host: d.config.host_id, Version: VERSION, Service: 'analyzer' })
  })

  router.on('GET', '/api/status', (ctx) => {
    authorize(d, ctx, 'status', 'read')
    const conns = d.hub.status()
    sendJson(ctx.req, ctx.res, 200, {
      Agents: conns.Agents,
      Peers: { Incomers: {}, Outgoers: {} },
      Publishers: conns.Publishers,
      Subscribers: conns.Subscribers,
      Alerts: { IsMaster: true },
      Captures: { IsMaster: true },
      Probes: { fabric: { Status: 'running' } },
      // Our addition: the flow store's fill and the flows it dropped past max_buffer_size.
      Flows: d.flows.status(),
    })
  })

  router.on('GET', '/api/config/:id', (ctx) => {
    authorize(d, ctx, 'config', 'read')
    if (!ctx.id) throw new HttpError(400, 'Bad Request')
    if (SECRET.test(ctx.id)) throw new HttpError(403, `Config key '${ctx.id}' holds credentials and is not served`)
    // Upstream answers null for an unknown key.
    sendJson(ctx.req, ctx.res, 200, getConfigValue(d.config, ctx.id) ?? null)
  })

  router.on('POST', '/api/workflow/:id', (ctx) => {
    const m = /^(.+)\/call$/.exec(ctx.id)
    if (!m) throw new HttpError(404, `No route for POST ${ctx.url.pathname}`)
    authorize(d, ctx, 'workflow.call', 'write')
    if (!d.stores.get('workflow')?.get(m[1]!)) throw new HttpError(404, `Workflow '${m[1]}' not found`)
    throw new HttpError(501, `Cannot call workflow '${m[1]}': running workflows is not implemented by this analyzer`)
  })
}
