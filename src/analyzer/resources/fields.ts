/**
 * Reading fields of a decoded JSON resource body with 400-style errors (HttpError).
 */
import { HttpError } from '../http/http-error.js'

/** A decoded body: an object, or a 400. */
export function asObject(body: unknown, what: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, `Cannot create ${what}: the body must be a JSON object`)
  return body as Record<string, unknown>
}

/** Field readers bound to a body and a resource name for messages. */
export function fields(o: Record<string, unknown>, what: string) {
  const fail = (key: string, expected: string) =>
    new HttpError(400, `Invalid ${what} field "${key}": expected ${expected}, got ${JSON.stringify(o[key])}`)
  return {
    str(key: string, dflt = ''): string {
      const v = o[key]
      if (v === undefined || v === null) return dflt
      if (typeof v !== 'string') throw fail(key, 'a string')
      return v
    },
    int(key: string, dflt = 0, min = 0, max = Number.MAX_SAFE_INTEGER): number {
      const v = o[key]
      if (v === undefined || v === null) return dflt
      if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) throw fail(key, `an integer between ${min} and ${max}`)
      return v as number
    },
    bool(key: string): boolean {
      const v = o[key]
      if (v === undefined || v === null) return false
      if (typeof v !== 'boolean') throw fail(key, 'true or false')
      return v
    },
    obj(key: string): Record<string, unknown> {
      const v = o[key]
      if (v === undefined || v === null) return {}
      if (typeof v !== 'object' || Array.isArray(v)) throw fail(key, 'an object')
      return v as Record<string, unknown>
    },
    arr(key: string): unknown[] {
      const v = o[key]
      if (v === undefined || v === null) return []
      if (!Array.isArray(v)) throw fail(key, 'an array')
      return v
    },
  }
}

/** Copies only the entries whose value is not empty, as Go's `omitempty` does. */
export function omitEmpty<T extends Record<string, unknown>>(o: T, keys: ReadonlyArray<keyof T>): T {
  const out = { ...o }
  for (const k of keys) {
    const v = out[k]
    if (v === '' || v === 0 || v === false || v === undefined || v === null) delete out[k]
  }
  return out
}
