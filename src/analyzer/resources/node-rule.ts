/**
 * Node rules (spec/api.md §3.2, topology spec §4.5): `create` adds a node, `update` merges
 * metadata into the nodes a query selects. The graph side lives in ../rules-manager.ts.
 */
import { metadataError } from '../element-schema.js'
import { HttpError } from '../http/http-error.js'
import { asObject, fields } from './fields.js'
import { checkGremlin } from './gremlin-field.js'
import type { ResourceKind } from './resource-kind.js'

/** The noderule resource kind. */
export const nodeRuleKind: ResourceKind = {
  name: 'noderule',
  updatable: false,
  build(body, uuid) {
    const o = asObject(body, 'noderule')
    const f = fields(o, 'noderule')
    const action = f.str('Action')
    const metadata = f.obj('Metadata')
    const query = f.str('Query')
    if (action === 'create') {
      const err = metadataError(metadata)
      if (err) throw new HttpError(400, `Invalid noderule field "Metadata": ${err}`)
    } else if (action === 'update') {
      if (!query) throw new HttpError(400, 'Invalid noderule field "Query": an update rule needs a Gremlin query selecting the nodes')
      checkGremlin(query, 'Query', 'noderule')
      if (metadata['Type'] !== undefined || metadata['Name'] !== undefined) throw new HttpError(400, 'Name and Type fields can not be changed')
    } else {
      throw new HttpError(400, `Invalid noderule field "Action": expected "create" or "update", got "${action}"`)
    }
    if (query && action === 'create') checkGremlin(query, 'Query', 'noderule')
    return { UUID: uuid, Name: f.str('Name'), Description: f.str('Description'), Metadata: metadata, Action: action, Query: query }
  },
}
