/**
 * Generic CRUD of stored resources (spec/api.md §3.1, upstream `graffiti/api/server`):
 * lists are JSON objects keyed by UUID, create answers 201, duplicate 409, unknown 404 with
 * `<Resource> '<id>' not found`, X-Resource-TTL expiry, JSON Patch where updatable.
 */
import { randomUUID } from 'node:crypto'
import fastJsonPatch from 'fast-json-patch'
import { deepEqual } from '../../core/graph/index.js'
import { decodeBody, readBody } from '../http/body.js'
import { parseGoDuration } from '../http/go-duration.js'
import { HttpError } from '../http/http-error.js'
import { sendJson, sendText } from '../http/respond.js'
import type { RouteContext, Router } from '../http/router.js'
import { type Resource, type ResourceContext, type ResourceKind, titleOf } from '../resources/index.js'
import { authorize, type RestDeps } from './route-context.js'

/** Registers the routes of one resource kind. */
export function resourceRoutes(router: Router, d: RestDeps, kind: ResourceKind): void {
  const store = d.stores.get(kind.name)!
  const title = titleOf(kind.name)
  const rctx: ResourceContext = { graph: d.graph, config: d.config, flows: d.flows, now: () => d.clock.now(), checkBpf: d.checkBpf }
  const show = (r: Resource) => (kind.decorate ? kind.decorate(r, rctx) : r)
  const mustId = (ctx: RouteContext) => {
    if (!ctx.id) throw new HttpError(400, 'Bad Request')
    return ctx.id
  }

  router.on('GET', `/api/${kind.name}`, (ctx) => {
    authorize(d, ctx, kind.name, 'read')
    sendJson(ctx.req, ctx.res, 200, Object.fromEntries(store.list().map((r) => [r.UUID, show(r)])))
  })

  router.on('GET', `/api/${kind.name}/:id`, (ctx) => {
    authorize(d, ctx, kind.name, 'read')
    const r = store.get(mustId(ctx))
    if (!r) throw new HttpError(404, `${title} '${ctx.id}' not found`)
    sendJson(ctx.req, ctx.res, 200, show(r))
  })

  router.on('POST', `/api/${kind.name}`, async (ctx) => {
    authorize(d, ctx, kind.name, 'write')
    const body = decodeBody(ctx.req, await readBody(ctx.req))
    if (body === undefined) throw new HttpError(400, `Cannot create ${kind.name}: the request body is empty`)
    const ttlHeader = ctx.req.headers['x-resource-ttl']
    let ttlMs: number | undefined
    if (typeof ttlHeader === 'string' && ttlHeader !== '') {
      ttlMs = parseGoDuration(ttlHeader)
      if (ttlMs === undefined) throw new HttpError(400, `invalid ttl: time: invalid duration "${ttlHeader}"`)
    }
    // The server assigns the UUID; a client-supplied one is ignored (spec/api.md §3.1).
    const r = kind.build(body, randomUUID(), rctx)
    await kind.check?.(r, rctx)
    kind.checkCreate?.(r, store, rctx)
    store.create(r, ttlMs)
    sendJson(ctx.req, ctx.res, 201, show(r))
  })

  router.on('PATCH', `/api/${kind.name}/:id`, async (ctx) => {
    authorize(d, ctx, kind.name, 'write')
    const id = mustId(ctx)
    const ops = decodeBody(ctx.req, await readBody(ctx.req))
    const r = store.get(id)
    if (!r) throw new HttpError(404, null)
    if (!kind.updatable) throw new HttpError(400, `Cannot update ${kind.name} '${id}': ${kind.name} resources are not updatable`)
    if (!Array.isArray(ops)) throw new HttpError(400, 'incorrect JSON patch: the body must be an array of operations')
    let patched: unknown
    try {
      patched = fastJsonPatch.applyPatch(structuredClone(r), ops as fastJsonPatch.Operation[], true, true).newDocument
    } catch (err) {
      throw new HttpError(400, `applying JSON patch to resource: ${(err as Error).message.split('\n')[0]}`)
    }
    const next = kind.build(patched, id, rctx)
    if (deepEqual(next, r)) return sendText(ctx.req, ctx.res, 304, null)
    await kind.check?.(next, rctx)
    kind.checkCreate?.(next, store, rctx)
    store.update(next)
    sendJson(ctx.req, ctx.res, 200, show(next))
  })

  router.on('DELETE', `/api/${kind.name}/:id`, (ctx) => {
    authorize(d, ctx, kind.name, 'write')
    const id = mustId(ctx)
    if (!store.delete(id)) throw new HttpError(404, `${title} '${id}' not found`)
    ctx.res.setHeader('Content-Type', 'text/plain')
    sendText(ctx.req, ctx.res, 200, null)
  })
}
