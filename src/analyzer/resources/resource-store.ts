/**
 * In-memory store of one resource type, keyed by UUID, with optional expiry
 * (X-Resource-TTL) and change listeners (rules, capture routing).
 */
import type { Resource } from './resource-kind.js'

/** A change to a store. */
export type StoreEvent = { type: 'created' | 'updated' | 'deleted'; resource: Resource }

/** Resources of one kind. Upstream kept them in etcd; any store will do (spec/api.md §3.1). */
export class ResourceStore {
  readonly #items = new Map<string, Resource>()
  readonly #timers = new Map<string, NodeJS.Timeout>()
  readonly #listeners = new Set<(ev: StoreEvent) => void>()

  constructor(readonly name: string) {}

  /** Number of stored resources. */
  get size(): number {
    return this.#items.size
  }

  list(): Resource[] {
    return [...this.#items.values()]
  }

  get(id: string): Resource | undefined {
    return this.#items.get(id)
  }

  /** Adds a resource; it is deleted after `ttlMs` when given. */
  create(r: Resource, ttlMs?: number): void {
    this.#items.set(r.UUID, r)
    if (ttlMs !== undefined && ttlMs > 0) {
      const t = setTimeout(() => this.delete(r.UUID), ttlMs)
      t.unref()
      this.#timers.set(r.UUID, t)
    }
    this.#emit({ type: 'created', resource: r })
  }

  update(r: Resource): void {
    this.#items.set(r.UUID, r)
    this.#emit({ type: 'updated', resource: r })
  }

  /** Deletes; false when unknown. */
  delete(id: string): boolean {
    const r = this.#items.get(id)
    if (!r) return false
    this.#items.delete(id)
    clearTimeout(this.#timers.get(id))
    this.#timers.delete(id)
    this.#emit({ type: 'deleted', resource: r })
    return true
  }

  /** Follows changes; returns the unsubscribe function. */
  subscribe(listener: (ev: StoreEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Stops every expiry timer. */
  close(): void {
    for (const t of this.#timers.values()) clearTimeout(t)
    this.#timers.clear()
  }

  #emit(ev: StoreEvent): void {
    for (const l of this.#listeners) l(ev)
  }
}
