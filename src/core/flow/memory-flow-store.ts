/**
 * The analyzer's in-memory flow store: flows keyed by UUID (a newer copy of a flow replaces
 * the older one), bounded by `analyzer.flow.max_buffer_size`, oldest dropped and counted.
 * Implements the FlowStore that Gremlin's `Flows()` reads (src/core/gremlin).
 */
import type { WireFlow } from '../../wire/index.js'

/**
 * A bounded flow store.
 * @example
 * const store = new MemoryFlowStore({ maxSize: 100_000 })
 * store.add(table.flows())
 * evaluate("G.Flows().Has('Application', 'DNS')", { graph, flows: store })
 */
export class MemoryFlowStore {
  readonly maxSize: number
  readonly #flows = new Map<string, WireFlow>()
  #dropped = 0
  #anonymous = 0

  constructor(opts: { maxSize: number }) {
    if (!Number.isInteger(opts.maxSize) || opts.maxSize < 1) throw new RangeError(`maxSize must be a positive integer, got ${opts.maxSize}`)
    this.maxSize = opts.maxSize
  }

  /** Flows held. */
  get size(): number {
    return this.#flows.size
  }

  /** Flows dropped because the store was full. */
  get dropped(): number {
    return this.#dropped
  }

  /** Adds or refreshes flows; the least recently added are dropped beyond maxSize. */
  add(flows: Iterable<WireFlow>): void {
    for (const f of flows) {
      const key = f.UUID ?? `#${this.#anonymous++}`
      this.#flows.delete(key)
      this.#flows.set(key, f)
      if (this.#flows.size > this.maxSize) {
        this.#flows.delete(this.#flows.keys().next().value!)
        this.#dropped++
      }
    }
  }

  /** The flows, oldest first. */
  flows(): Iterable<Record<string, unknown>> {
    return this.#flows.values() as Iterable<WireFlow> as Iterable<Record<string, unknown>>
  }

  /** Removes every flow (the dropped count is kept). */
  clear(): void {
    this.#flows.clear()
  }
}
