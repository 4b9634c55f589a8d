/**
 * Secondary index of element IDs by the string value of a few metadata keys. A key holding
 * an array of strings (IPV4, IPV6) is indexed under each element.
 */
import type { Metadata } from '../../wire/index.js'

/** Keys indexed by default (the ones probes and flow-matrix look up). */
export const DEFAULT_INDEXED_KEYS = ['Type', 'Name', 'TID', 'MAC', 'IPV4', 'IPV6'] as const

export class MetadataIndex {
  readonly #byKey = new Map<string, Map<string, Set<string>>>()

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
        let ids = values.get(v)
        if (!ids) values.set(v, (ids = new Set()))
        ids.add(id)
      }
    }
  }

  remove(id: string, metadata: Metadata): void {
    for (const [key, values] of this.#byKey) {
      for (const v of indexValues(metadata[key])) {
        const ids = values.get(v)
        if (!ids) continue
        ids.delete(id)
        if (ids.size === 0) values.delete(v)
      }
    }
  }

  /** IDs whose `key` equals (or, for arrays, contains) `value`; undefined when not indexed. */
  lookup(key: string, value: string): ReadonlySet<string> | undefined {
    const values = this.#byKey.get(key)
    if (!values) return undefined
    return values.get(value) ?? EMPTY
  }
}

const EMPTY: ReadonlySet<string> = new Set()

function indexValues(v: unknown): string[] {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string')
  return []
}
