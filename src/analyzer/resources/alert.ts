/**
 * Alert resources (spec/api.md §3.2). Stored and listed; evaluation is not implemented.
 */
import { HttpError } from '../http/http-error.js'
import { asObject, fields, omitEmpty } from './fields.js'
import type { ResourceKind } from './resource-kind.js'

/** The alert resource kind. */
export const alertKind: ResourceKind = {
  name: 'alert',
  updatable: true,
  build(body, uuid, ctx) {
    const o = asObject(body, 'alert')
    const f = fields(o, 'alert')
    const expression = f.str('Expression')
    if (!expression) throw new HttpError(400, 'Invalid alert field "Expression": a Gremlin or JavaScript expression is required')
    const action = f.str('Action')
    if (action && !/^(http|https|file):\/\//.test(action)) {
      throw new HttpError(400, `Invalid alert field "Action": expected a URL starting with http://, https:// or file://, got "${action}"`)
    }
    const trigger = f.str('Trigger')
    if (!/^(graph|duration:.+|)$/.test(trigger)) throw new HttpError(400, `Invalid alert field "Trigger": expected "graph" or "duration:<Go duration>", got "${trigger}"`)
    const created = f.str('CreateTime') || new Date(ctx.now()).toISOString()
    return omitEmpty({ UUID: uuid, Name: f.str('Name'), Description: f.str('Description'), Expression: expression, Action: action, Trigger: trigger, CreateTime: created },
      ['Name', 'Description', 'Action', 'Trigger'])
  },
}
