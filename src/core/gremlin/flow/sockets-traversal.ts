/**
 * The result of Sockets(): socket lists keyed by node ID (on nodes) or flow UUID (on flows),
 * then Has, HasEither, Values, Count on them (upstream `gremlin/traversal/sockets.go`).
 */
import type { Step } from '../ast.js'
import { objectField } from '../fields.js'
import { objectAccessor, paramsFilter } from '../match.js'
import { checks } from '../steps/common.js'
import { isEmptyCollection, orNull } from '../steps/value-steps.js'
import type { CustomTraversal, EvalContext, GremlinResult, Traversal } from '../traversal.js'

/** One socket of a host's Metadata.Sockets (spec/topology.md §2.3). */
export type Socket = Record<string, unknown>

export class SocketsTraversal implements CustomTraversal {
  readonly kind = 'custom'
  readonly label = 'sockets'

  /**
   * `alwaysWrap`: answer `[{}]` rather than `[]` when empty. Quirk (api spec §6): flow-matrix
   * indexes result[0] of `Flows()….Sockets()`, so when flows exist there is always a map.
   */
  constructor(readonly byKey: Map<string, Socket[]>, readonly alwaysWrap: boolean) {}

  run(step: Step, ctx: EvalContext): Traversal | undefined {
    switch (step.name) {
      case 'Has':
      case 'HasEither': {
        const f = paramsFilter<Socket>(step.params, step.name === 'Has' ? 'and' : 'or', step.name, objectAccessor)
        const next = new Map<string, Socket[]>()
        for (const [k, list] of this.byKey) {
          const kept = list.filter(f)
          if (kept.length) next.set(k, kept)
        }
        return new SocketsTraversal(next, this.alwaysWrap)
      }
      case 'Values': {
        const problem = checks.oneString(step.params)
        if (problem) return undefined
        const key = (step.params[0] as { value: string }).value
        const out: unknown[] = []
        for (const list of this.byKey.values()) {
          for (const s of list) {
            const f = objectField(s, key)
            if (f.found && !isEmptyCollection(f.value)) out.push(f.value)
          }
        }
        return { kind: 'value', g: ctx.root, result: 'values', value: orNull(out) }
      }
      case 'Count': {
        let n = 0
        for (const list of this.byKey.values()) n += list.length
        return { kind: 'value', g: ctx.root, result: 'count', value: n }
      }
      default:
        return undefined
    }
  }

  result(): GremlinResult {
    const json = this.byKey.size || this.alwaysWrap ? [Object.fromEntries(this.byKey)] : []
    return { kind: 'sockets', json }
  }
}
