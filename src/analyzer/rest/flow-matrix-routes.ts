/**
 * GET /api/flowmatrix[?use_flows=1]: the flow matrix for the web UI, computed in-process by the
 * very service behind `skydive flow-matrix` (src/flow-matrix fetchMatrix over src/core/matrix),
 * its Gremlin queries answered by this analyzer's graph instead of over HTTP.
 * Not an upstream endpoint: the UI may import only src/wire, so the matrix is computed here.
 */
import { runGremlin } from '../../core/gremlin/index.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { authorize, type RestDeps } from './route-context.js'

/** Registers the route (topology read permission, as the queries it runs need). */
export function flowMatrixRoutes(router: Router, d: RestDeps): void {
  router.on('GET', '/api/flowmatrix', async (ctx) => {
    authorize(d, ctx, 'topology', 'read')
    const useFlows = ['1', 'true'].includes(ctx.url.searchParams.get('use_flows') ?? '')
    // lazy: keeps the flow-matrix service (and what it imports) out of analyzer start-up
    const { fetchMatrix } = await import('../../flow-matrix/index.js')
    const matrix = await fetchMatrix({
      query: async (gremlin) => runGremlin(gremlin, { graph: d.graph, flows: d.flows }).json,
      publish: async () => { throw new TypeError('flow matrix endpoint never publishes') },
      close: async () => {},
    }, { useFlows })
    sendJson(ctx.req, ctx.res, 200, { rows: matrix.rows, noPeers: matrix.noPeers, hostCount: matrix.hostCount })
  })
}
