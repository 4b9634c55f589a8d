/**
 * Edge rules (spec/api.md §3.2, topology spec §4.5): a link from the first node of `Src` to
 * the first node of `Dst`. The graph side lives in ../rules-manager.ts.
 */
import { HttpError } from '../http/http-error.js'
import { asObject, fields } from './fields.js'
import { checkGremlin } from './gremlin-field.js'
import type { ResourceKind } from './resource-kind.js'

/** The edgerule resource kind. */
export const edgeRuleKind: ResourceKind = {
  name: 'edgerule',
  updatable: false,
  build(body, uuid) {
    const o = asObject(body, 'edgerule')
    const f = fields(o, 'edgerule')
    const src = f.str('Src')
    const dst = f.str('Dst')
    for (const [k, v] of [['Src', src], ['Dst', dst]] as const) {
      if (!v) throw new HttpError(400, `Invalid edgerule field "${k}": a Gremlin query selecting the node is required`)
      checkGremlin(v, k, 'edgerule')
    }
    const metadata = f.obj('Metadata')
    const rel = metadata['RelationType']
    if (typeof rel !== 'string' || rel === '') throw new HttpError(400, 'Invalid edgerule field "Metadata": Metadata.RelationType must be a non-empty string')
    return { UUID: uuid, Name: f.str('Name'), Description: f.str('Description'), Src: src, Dst: dst, Metadata: metadata }
  },
}
