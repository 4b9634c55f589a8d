/**
 * Gremlin fields of resources (capture GremlinQuery, rule queries, injection Src/Dst):
 * checked at create time, and run to find the nodes they select.
 */
import type { Node } from '../../core/graph/index.js'
import { parseGremlin, runGremlin } from '../../core/gremlin/index.js'
import { HttpError } from '../http/http-error.js'
import type { ResourceContext } from './resource-kind.js'

/** 400 with the parser's message when `query` does not parse. */
export function checkGremlin(query: string, field: string, what: string): void {
  try {
    parseGremlin(query)
  } catch (err) {
    throw new HttpError(400, `Invalid ${what} field "${field}": ${(err as Error).message}`)
  }
}

/** Nodes a query selects (a graph result gives its nodes); [] when it fails. */
export function queryNodes(query: string, ctx: Pick<ResourceContext, 'graph' | 'flows'>): Node[] {
  try {
    const r = runGremlin(query, { graph: ctx.graph, flows: ctx.flows })
    if (r.kind === 'nodes') return r.json as Node[]
    if (r.kind === 'graph') return r.graph?.Nodes ?? []
    return []
  } catch {
    return []
  }
}
