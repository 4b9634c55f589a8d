/**
 * `Group([key])` and `MoreThan([n])` (upstream `gremlin/traversal/group.go`, `flows.go`):
 * flows grouped by the string value of a field (TrackingID by default), then only the groups
 * of more than n flows, e.g. flows seen on several capture points.
 */
import type { Param, Step } from '../ast.js'
import { evalError, notApplicable } from '../steps/common.js'
import type { CustomTraversal, Flow, GremlinResult, StepDef, Traversal } from '../traversal.js'
import { flowField } from './flow-fields.js'
import { FlowTraversal } from './flow-traversal.js'
import { sortedObject } from '../sorted-object.js'

export class GroupTraversal implements CustomTraversal {
  readonly kind = 'custom'
  readonly label = 'groups of flows'
  constructor(readonly groups: Map<string, Flow[]>) {}

  run(step: Step): Traversal | undefined {
    if (step.name !== 'MoreThan') return undefined
    const n = moreThanParam(step.params[0])
    return new GroupTraversal(new Map([...this.groups].filter(([, flows]) => flows.length > n)))
  }

  /** `[]` or `[{"<key value>": [flow, …]}]` (spec/api.md §3.4). */
  result(): GremlinResult {
    return { kind: 'groups', json: this.groups.size ? [sortedObject(this.groups)] : [] }
  }
}

/**
 * Quirk (upstream group.go): MoreThan parses its argument with strconv.Atoi on a string (a
 * number literal makes it panic); we take MoreThan(2) and MoreThan('2') alike.
 */
function moreThanParam(p: Param | undefined): number {
  if (!p) return 1
  return p.type === 'number' ? p.value : Number((p as { value: string }).value)
}

const checkGroup = (ps: readonly Param[]) =>
  ps.length > 1 || (ps[0] && ps[0].type !== 'string') ? "at most one string key such as 'TrackingID'" : undefined

const checkMoreThan = (ps: readonly Param[]) => {
  const p = ps[0]
  const ok = ps.length === 0 || (ps.length === 1 && p !== undefined &&
    ((p.type === 'number' && p.integer) || (p.type === 'string' && /^\d{1,15}$/.test(p.value))))
  return ok ? undefined : 'at most one count, a whole number of flows such as 1'
}

/** `<flows>.Group([key])`: flows by the string value of key (default TrackingID). */
export const Group: StepDef = {
  name: 'Group',
  check: checkGroup,
  exec(input, step) {
    if (!(input instanceof FlowTraversal)) throw notApplicable(step, input, 'flows')
    const key = step.params[0]?.type === 'string' && step.params[0].value !== '' ? step.params[0].value : 'TrackingID'
    const groups = new Map<string, Flow[]>()
    for (const f of input.flows) {
      const v = flowField(f, key)
      // As upstream's GetFieldString: a flow without a string at key fails the query.
      if (!v.found || typeof v.value !== 'string') {
        throw evalError(`Cannot group flow '${String(f.UUID)}' by '${key}': ${v.found ? `its value ${JSON.stringify(v.value)} is not a string` : 'it has no such field'}`,
          "group by a string field such as 'TrackingID', 'L3TrackingID', 'Application' or 'NodeTID'")
      }
      const list = groups.get(v.value)
      if (list) list.push(f)
      else groups.set(v.value, [f])
    }
    return new GroupTraversal(groups)
  },
}

/** `MoreThan([n])` after Group(): the groups of more than n flows (default 1). */
export const MoreThan: StepDef = {
  name: 'MoreThan',
  check: checkMoreThan,
  exec(input, step) {
    throw notApplicable(step, input, 'groups of flows (after Group())')
  },
}
