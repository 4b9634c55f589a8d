/**
 * What REST route modules receive from the analyzer, and the RBAC guard they share.
 */
import type { ResolvedConfig } from '../../config/index.js'
import type { Graph } from '../../core/graph/index.js'
import type { Clock, Logger } from '../../core/ports.js'
import type { AuthService } from '../auth/auth-service.js'
import type { Rbac } from '../auth/rbac.js'
import type { AnalyzerFlowStore } from '../flow-store.js'
import { HttpError } from '../http/http-error.js'
import type { RouteContext } from '../http/router.js'
import type { ResourceStore } from '../resources/index.js'
import type { Hub } from '../ws/hub.js'

/** Shared dependencies of the REST routes. */
export interface RestDeps {
  config: ResolvedConfig
  graph: Graph
  hub: Hub
  auth: AuthService
  rbac: Rbac
  log: Logger
  clock: Clock
  /** what Flows() reads; uploads write to it */
  flows: AnalyzerFlowStore
  stores: ReadonlyMap<string, ResourceStore>
  /** see ResourceContext.checkBpf */
  checkBpf(filter: string): Promise<string | undefined>
}

/** 405 with upstream's text unless `ctx.user` may `act` on `obj` (spec/api.md §2.3). */
export function authorize(d: RestDeps, ctx: RouteContext, obj: string, act: string): void {
  if (!d.rbac.enforce(ctx.user, obj, act)) throw new HttpError(405, `'${ctx.user}' has no '${act}' permission on '${obj}'`)
}
