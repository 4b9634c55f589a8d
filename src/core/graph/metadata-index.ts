/**
 * Secondary index of element IDs by the string value of a few metadata keys. A key holding
 * an array of strings (IPV4, IPV6) is indexed under each element.
 */
import type { Metadata } from '../../wire/index.js'

/** Keys indexed by default (the ones probes and flow-matrix look up). */
export const DEFAULT_INDEXED_KEYS = ['Type', 'Name', 'TID', 'MAC', 'IPV4', 'IPV6'] as const

export class MetadataIndex {
  /**
   * key -> value -> the ID, or a Set of IDs when several elements share the value. Most
   * values (TID, MAC, addresses) belong to one element: a bare string there instead of a
   * one-entry Set saves ~150 bytes per value (bench/RESULTS.md, graph section).
   */
  readonly #byKey = new Map<string, Map<string, string | Set<string>>>()

  constructor(keys: readonly string[] = DEFAULT_INDEXED_KEYS) {
    for (const k of keys) this.#byKey.set(k, new Map())
  }

  /** True when `key` is indexed. */
  has(key: string): boolean {
    return this.#byKey.has(key)
  }

  add(id: string, metadata: Metadata): void {
    for (const [key, values] of this.#byKey) {
      for (const v of indexValues(metadata[key])) {
        const ids = values.get(v)
        if (ids === undefined) values.set(v, id)
        else if (typeof ids === 'string') { if (ids !== id) values.set(v, new Set([ids, id])) }
        else ids.add(id)
      }
    }
  }

  remove(id: string, metadata: Metadata): void {
    for (const [key, values] of this.#byKey) {
      for (const v of indexValues(metadata[key])) {
        const ids = values.get(v)
        if (ids === undefined) continue
        if (typeof ids === 'string') {
          if (ids === id) values.delete(v)
          continue
        }
        ids.delete(id)
        if (ids.size === 1) values.set(v, ids.values().next().value!)
      }
    }
  }

  /** IDs whose `key` equals (or, for arrays, contains) `value`; undefined when not indexed. */
  lookup(key: string, value: string): Iterable<string> | undefined {
    const values = this.#byKey.get(key)
    if (!values) return undefined
    const ids = values.get(value)
    return ids === undefined ? EMPTY : typeof ids === 'string' ? [ids] : ids
  }
}

const EMPTY: readonly string[] = []

function indexValues(v: unknown): string[] {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string')
  return []
}
