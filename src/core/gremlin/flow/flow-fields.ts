/** Keys on flow objects (spec/api.md §5.5): layer aliases and the either-side keys. */
import { getPathValues } from '../../graph/index.js'
import type { Param } from '../ast.js'
import { objectField } from '../fields.js'
import { paramsFilter } from '../match.js'
import type { Flow } from '../traversal.js'

const LAYER_ALIASES: Record<string, string> = {
  ETHERNET: 'Link', IPV4: 'Network', IPV6: 'Network', TCP: 'Transport', UDP: 'Transport', SCTP: 'Transport',
}
const EITHER_SIDE = new Set(['Link', 'Network', 'Transport'])

/** `IPV4.A` → `Network.A`, `TCP.B` → `Transport.B`; other keys unchanged. */
export function normalizeFlowKey(key: string): string {
  const dot = key.indexOf('.')
  if (dot <= 0) return key
  const layer = LAYER_ALIASES[key.slice(0, dot)]
  return layer ? layer + key.slice(dot) : key
}

/** Values at a flow key; `Link`, `Network`, `Transport` alone give both the A and B sides. */
export function flowValues(flow: Flow, key: string): unknown[] {
  const k = normalizeFlowKey(key)
  if (EITHER_SIDE.has(k)) return [...getPathValues(flow, `${k}.A`), ...getPathValues(flow, `${k}.B`)]
  return getPathValues(flow, k)
}

/** The value at a flow key as upstream's GetField gives it. */
export function flowField(flow: Flow, key: string): { found: boolean; value: unknown } {
  return objectField(flow, normalizeFlowKey(key))
}

/** Has/HasEither filter over flows. */
export function flowFilter(params: readonly Param[], op: 'and' | 'or', step: string): (f: Flow) => boolean {
  return paramsFilter<Flow>(params, op, step, (key) => (f) => flowValues(f, key))
}
