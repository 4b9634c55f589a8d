/**
 * Workflow resources (spec/api.md §3.2): stored and listed, the Source checked as a
 * JavaScript function. Calling them is not implemented.
 */
import { Script } from 'node:vm'
import { HttpError } from '../http/http-error.js'
import { asObject, fields } from './fields.js'
import type { ResourceKind } from './resource-kind.js'

/** The workflow resource kind. */
export const workflowKind: ResourceKind = {
  name: 'workflow',
  updatable: true,
  build(body, uuid) {
    const o = asObject(body, 'workflow')
    const f = fields(o, 'workflow')
    const name = f.str('Name')
    if (!name) throw new HttpError(400, 'Invalid workflow field "Name": a name is required')
    const source = f.str('Source')
    try {
      // Compiled, never run: only checks that Source is a function expression.
      const script = new Script(`(${source})`)
      void script
      if (!/^\s*(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(source)) throw new Error('Source must be a JavaScript function')
    } catch (err) {
      throw new HttpError(400, `Invalid workflow field "Source": ${(err as Error).message}`)
    }
    return {
      UUID: uuid, Name: name, Title: f.str('Title'), Abstract: f.str('Abstract'), Description: f.str('Description'),
      Parameters: f.arr('Parameters'), Source: source,
    }
  },
  checkCreate(r, store) {
    if (store.list().some((w) => w['Name'] === r['Name'] && w.UUID !== r.UUID)) throw new HttpError(409, 'duplicated resource')
  },
}
