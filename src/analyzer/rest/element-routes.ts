/**
 * /api/node and /api/edge (spec/api.md §3.2): CRUD on the live graph with the schema of §1.4
 * and JSON Patch (RFC 6902) on the serialised element.
 */
import fastJsonPatch from 'fast-json-patch'
import { type Edge, type Node, deepEqual } from '../../core/graph/index.js'
import { edgeSchemaError, nodeSchemaError } from '../element-schema.js'
import { decodeBody, readBody } from '../http/body.js'
import { HttpError } from '../http/http-error.js'
import { sendJson, sendText } from '../http/respond.js'
import type { RouteContext, Router } from '../http/router.js'
import { authorize, type RestDeps } from './route-context.js'

type Kind = 'node' | 'edge'

/** Registers node and edge routes. */
export function elementRoutes(router: Router, d: RestDeps): void {
  for (const kind of ['node', 'edge'] as const) {
    const title = kind === 'node' ? 'Node' : 'Edge'
    const get = (id: string): Node | Edge | undefined => (kind === 'node' ? d.graph.getNode(id) : d.graph.getEdge(id))
    const mustId = (ctx: RouteContext) => {
      if (!ctx.id) throw new HttpError(400, 'Bad Request')
      return ctx.id
    }

    router.on('GET', `/api/${kind}`, (ctx) => {
      authorize(d, ctx, kind, 'read')
      const all = kind === 'node' ? d.graph.nodes() : d.graph.edges()
      const out: Record<string, Node | Edge> = {}
      for (const el of all) out[el.ID] = el
      sendJson(ctx.req, ctx.res, 200, out)
    })

    router.on('GET', `/api/${kind}/:id`, (ctx) => {
      authorize(d, ctx, kind, 'read')
      const el = get(mustId(ctx))
      if (!el) throw new HttpError(404, `${title} '${ctx.id}' not found`)
      sendJson(ctx.req, ctx.res, 200, el)
    })

    router.on('POST', `/api/${kind}`, async (ctx) => {
      authorize(d, ctx, kind, 'write')
      const body = decodeBody(ctx.req, await readBody(ctx.req))
      sendJson(ctx.req, ctx.res, 201, create(d, kind, body))
    })

    router.on('PATCH', `/api/${kind}/:id`, async (ctx) => {
      authorize(d, ctx, kind, 'write')
      const el = get(mustId(ctx))
      const ops = decodeBody(ctx.req, await readBody(ctx.req))
      if (!el) throw new HttpError(404, null)
      const metadata = patchedMetadata(el, ops, kind)
      if (deepEqual(metadata, el.Metadata)) return sendText(ctx.req, ctx.res, 304, null)
      if (kind === 'node') d.graph.setNodeMetadata(el.ID, metadata)
      else d.graph.setEdgeMetadata(el.ID, metadata)
      sendJson(ctx.req, ctx.res, 200, get(el.ID))
    })

    router.on('DELETE', `/api/${kind}/:id`, (ctx) => {
      authorize(d, ctx, kind, 'write')
      const id = mustId(ctx)
      const done = kind === 'node' ? d.graph.deleteNode(id) : d.graph.deleteEdge(id)
      if (!done) throw new HttpError(404, `${title} '${id}' not found`)
      ctx.res.setHeader('Content-Type', 'text/plain')
      sendText(ctx.req, ctx.res, 200, null)
    })
  }
}

function create(d: RestDeps, kind: Kind, body: unknown): Node | Edge {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, `Cannot create ${kind}: the body must be a JSON object`)
  const o = { ...(body as Record<string, unknown>) }
  const now = d.clock.now()
  o['Metadata'] ??= {}
  o['Origin'] ??= `api.${d.config.host_id}`
  o['Host'] ??= d.config.host_id
  const err = kind === 'node' ? nodeSchemaError(o) : edgeSchemaError(o)
  if (err) throw new HttpError(400, `Invalid ${kind}: ${err}`)
  const id = o['ID'] as string
  if (kind === 'node' ? d.graph.getNode(id) : d.graph.getEdge(id)) throw new HttpError(400, `Cannot create ${kind} "${id}": ID conflict`)
  const rev = o['Revision']
  const input = {
    ID: id, Metadata: o['Metadata'] as Record<string, unknown>, Host: (o['Host'] as string | null) ?? '', Origin: (o['Origin'] as string | null) ?? '',
    CreatedAt: (o['CreatedAt'] as number | null) || now, UpdatedAt: (o['UpdatedAt'] as number | null) || (o['CreatedAt'] as number | null) || now,
    Revision: Number.isInteger(rev) ? (rev as number) : 1,
  }
  if (kind === 'node') return d.graph.addNode(input)
  for (const end of [o['Parent'], o['Child']] as string[]) {
    if (!d.graph.getNode(end)) throw new HttpError(400, `Cannot create edge "${id}": node "${end}" does not exist`)
  }
  return d.graph.addEdge({ ...input, Parent: o['Parent'] as string, Child: o['Child'] as string })
}

/**
 * Applies a JSON Patch to the serialised element and returns the new metadata. Only
 * Metadata is taken; Name, Type and TID keep their old values (spec/api.md §3.2).
 */
function patchedMetadata(el: Node | Edge, ops: unknown, kind: Kind): Record<string, unknown> {
  if (!Array.isArray(ops)) throw new HttpError(400, 'incorrect JSON patch: the body must be an array of operations')
  let patched: Record<string, unknown>
  try {
    patched = fastJsonPatch.applyPatch(structuredClone(el) as unknown as Record<string, unknown>, ops as fastJsonPatch.Operation[], true, true).newDocument
  } catch (err) {
    throw new HttpError(400, `applying JSON patch to resource: ${(err as Error).message.split('\n')[0]}`)
  }
  const md = patched['Metadata']
  if (md === null || typeof md !== 'object' || Array.isArray(md)) throw new HttpError(400, 'validating patched resource: Metadata must be an object')
  const metadata = { ...(md as Record<string, unknown>) }
  for (const key of ['Name', 'Type', 'TID']) {
    if (el.Metadata[key] === undefined) delete metadata[key]
    else metadata[key] = el.Metadata[key]
  }
  const err = kind === 'node' ? nodeSchemaError({ ...el, Metadata: metadata }) : edgeSchemaError({ ...el, Metadata: metadata })
  if (err) throw new HttpError(400, `validating patched resource: ${err}`)
  return metadata
}
