/**
 * Reading keys on graph elements (spec/api.md §5.3): `@ID`, `@Host`… attributes, `Parent`
 * and `Child` on edges, else dotted metadata paths through nested objects and arrays.
 */
import { type GraphElement, getPathValues, isEdge } from '../graph/index.js'
import { objectAccessor } from './match.js'

/** Attribute keys every element exposes, in the order Keys() lists them. */
export const ATTRIBUTE_KEYS = ['@ID', '@Host', '@Origin', '@CreatedAt', '@UpdatedAt', '@DeletedAt', '@Revision'] as const

function attribute(el: GraphElement, key: string): unknown {
  switch (key) {
    case '@ID': return el.ID
    case '@Host': return el.Host
    case '@Origin': return el.Origin
    case '@CreatedAt': return el.CreatedAt
    case '@UpdatedAt': return el.UpdatedAt
    case '@DeletedAt': return el.DeletedAt
    case '@Revision': return el.Revision
    default: return undefined
  }
}

const isAttributeKey = (key: string) => key.charCodeAt(0) === 64 /* @ */ || key === 'Parent' || key === 'Child'

/** Reader of `key` on graph elements, for filters (see elementValues). */
export function elementAccessor(key: string): (el: GraphElement) => unknown[] {
  if (isAttributeKey(key)) return (el) => elementValues(el, key)
  const get = objectAccessor(key)
  return (el) => get(el.Metadata)
}

/** Every value at `key` (empty when missing); a null attribute (live DeletedAt) counts as missing. */
export function elementValues(el: GraphElement, key: string): unknown[] {
  if (isAttributeKey(key)) {
    if (key === 'Parent' || key === 'Child') return isEdge(el) ? [el[key]] : getPathValues(el.Metadata, key)
    const v = attribute(el, key)
    return v === undefined || v === null ? [] : [v]
  }
  return getPathValues(el.Metadata, key)
}

/**
 * The value at `key` as upstream's `GetField` returns it: the value itself, or, when the path
 * crosses an array of objects, the list of values collected from its elements.
 */
export function elementField(el: GraphElement, key: string): { found: boolean; value: unknown } {
  if (isAttributeKey(key)) {
    const values = elementValues(el, key)
    return values.length ? { found: true, value: values[0] } : { found: false, value: undefined }
  }
  return objectField(el.Metadata, key.startsWith('Metadata.') ? key.slice(9) : key)
}

/** `GetField` on a plain JSON object (metadata, flow, socket). */
export function objectField(obj: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  return fieldAt(obj, path.split('.'), 0)
}

function fieldAt(cur: unknown, parts: readonly string[], i: number): { found: boolean; value: unknown } {
  if (i === parts.length) return { found: true, value: cur }
  if (cur === null || typeof cur !== 'object') return NOT_FOUND
  if (Array.isArray(cur)) {
    const out: unknown[] = []
    for (const item of cur) {
      const r = fieldAt(item, parts, i)
      if (r.found && !Array.isArray(item)) out.push(r.value)
    }
    return { found: true, value: out }
  }
  const o = cur as Record<string, unknown>
  if (Object.prototype.hasOwnProperty.call(o, parts[i]!)) return fieldAt(o[parts[i]!], parts, i + 1)
  // Keys may contain dots themselves ("K8s.Labels.app.kubernetes.io/name"): try longer keys.
  for (let j = parts.length; j > i + 1; j--) {
    const joined = parts.slice(i, j).join('.')
    if (Object.prototype.hasOwnProperty.call(o, joined)) return fieldAt(o[joined], parts, j)
  }
  return NOT_FOUND
}

const NOT_FOUND = { found: false, value: undefined } as const

/** Dotted keys of a JSON object: every nested key, intermediate ones included, first-seen order. */
export function flattenKeys(obj: Record<string, unknown>, prefix: string, into: Set<string>): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k
    into.add(key)
    if (v === null || typeof v !== 'object') continue
    const items = Array.isArray(v) ? v : [v]
    for (const item of items) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) flattenKeys(item as Record<string, unknown>, `${key}.`, into)
    }
  }
}
