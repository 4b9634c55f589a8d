/**
 * Dotted-path access to metadata trees (spec/topology.md §1.6): `ExtID.iface-id` addresses
 * `{"ExtID":{"iface-id":…}}`; a path crossing an array applies its rest to each element.
 */
import type { Metadata } from '../../wire/index.js'

/**
 * Values found at a dotted path. When the path crosses arrays of objects, the values of all
 * elements are collected; the final value is returned as is (an array stays one value).
 * An optional `Metadata.` prefix is stripped (spec/api.md §5.3).
 */
export function getPathValues(metadata: Metadata, path: string): unknown[] {
  const keys = (path.startsWith('Metadata.') ? path.slice(9) : path).split('.')
  const out: unknown[] = []
  walk(metadata, keys, 0, out)
  return out
}

function walk(value: unknown, keys: string[], i: number, out: unknown[]): void {
  if (i === keys.length) {
    out.push(value)
    return
  }
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === 'object') walk(v, keys, i, out)
    return
  }
  if (value === null || typeof value !== 'object') return
  const key = keys[i]!
  const obj = value as Record<string, unknown>
  if (Object.prototype.hasOwnProperty.call(obj, key)) {
    walk(obj[key], keys, i + 1, out)
    return
  }
  // Keys may themselves contain dots (e.g. "K8s.Labels.app.kubernetes.io/name"): try longer keys.
  for (let j = i + 2; j <= keys.length; j++) {
    const joined = keys.slice(i, j).join('.')
    if (Object.prototype.hasOwnProperty.call(obj, joined)) walk(obj[joined], keys, j, out)
  }
}

/** First value at a dotted path, or undefined. */
export function getPath(metadata: Metadata, path: string): unknown {
  return getPathValues(metadata, path)[0]
}

/** Sets a dotted path, creating intermediate objects. Returns true when something changed. */
export function setPath(metadata: Metadata, path: string, value: unknown): boolean {
  const keys = path.split('.')
  let obj: Record<string, unknown> = metadata
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!
    const next = obj[k]
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      const created: Record<string, unknown> = {}
      obj[k] = created
      obj = created
    } else {
      obj = next as Record<string, unknown>
    }
  }
  const last = keys[keys.length - 1]!
  if (Object.prototype.hasOwnProperty.call(obj, last) && deepEqual(obj[last], value)) return false
  obj[last] = value
  return true
}

/** Deletes a dotted path. Returns true when the key existed. */
export function deletePath(metadata: Metadata, path: string): boolean {
  const keys = path.split('.')
  let obj: unknown = metadata
  for (let i = 0; i < keys.length - 1; i++) {
    if (obj === null || typeof obj !== 'object') return false
    obj = (obj as Record<string, unknown>)[keys[i]!]
  }
  if (obj === null || typeof obj !== 'object') return false
  const last = keys[keys.length - 1]!
  if (!Object.prototype.hasOwnProperty.call(obj, last)) return false
  delete (obj as Record<string, unknown>)[last]
  return true
}

/** Structural equality of JSON-like values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]))
  }
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) &&
    deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/** Deep copy of a JSON-like value. */
export function cloneJson<T>(v: T): T {
  // Primitives are immutable: structuredClone on them is pure cost (hot on metric updates).
  return v === null || typeof v !== 'object' ? v : structuredClone(v)
}
