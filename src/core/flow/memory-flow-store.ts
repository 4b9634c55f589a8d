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
  // Flows in the order they were added, in a log read from #head; a slot is emptied when its
  // flow is dropped or replaced, and the log is compacted once it is half empty. Why not a
  // Map's own order: dropping its first entry makes V8 walk every entry deleted before it
  // (quadratic: 35 s for 1,000,000 flows into 100,000), and a Map iterator kept across adds
  // pins every table the Map outgrows or compacts, with the flows they held.
  #log: (WireFlow | undefined)[] = []
  #keys: string[] = []
  #head = 0
  /** log position of each flow held, by key */
  readonly #at = new Map<string, number>()
  #dropped = 0
  #anonymous = 0

  constructor(opts: { maxSize: number }) {
    if (!Number.isInteger(opts.maxSize) || opts.maxSize < 1) throw new RangeError(`maxSize must be a positive integer, got ${opts.maxSize}`)
    this.maxSize = opts.maxSize
  }

  /** Flows held. */
  get size(): number {
    return this.#at.size
  }

  /** Flows dropped because the store was full. */
  get dropped(): number {
    return this.#dropped
  }

  /** Adds or refreshes flows; the least recently added are dropped beyond maxSize. */
  add(flows: Iterable<WireFlow>): void {
    const log = this.#log, keys = this.#keys, at = this.#at
    for (const f of flows) {
      const key = f.UUID ?? `#${this.#anonymous++}`
      const old = at.get(key)
      if (old !== undefined) log[old] = undefined
      at.set(key, log.length)
      log.push(f)
      keys.push(key)
      if (at.size > this.maxSize) {
        while (log[this.#head] === undefined) this.#head++
        at.delete(keys[this.#head]!)
        log[this.#head++] = undefined
        this.#dropped++
      }
    }
    if (log.length > 2 * at.size + COMPACT_SLACK) this.#compact()
  }

  /** The flows, oldest first. */
  *flows(): Iterable<Record<string, unknown>> {
    const log = this.#log
    for (let i = this.#head; i < log.length; i++) {
      const f = log[i]
      if (f !== undefined) yield f as WireFlow & Record<string, unknown>
    }
  }

  /** Removes every flow (the dropped count is kept). */
  clear(): void {
    this.#log = []
    this.#keys = []
    this.#head = 0
    this.#at.clear()
  }

  /** Moves the flows held to the front of fresh arrays, in order. */
  #compact(): void {
    const log: WireFlow[] = [], keys: string[] = []
    for (let i = this.#head; i < this.#log.length; i++) {
      const f = this.#log[i]
      if (f === undefined) continue
      const key = this.#keys[i]!
      this.#at.set(key, log.length)
      log.push(f)
      keys.push(key)
    }
    this.#log = log
    this.#keys = keys
    this.#head = 0
  }
}

/** Empty log slots tolerated beyond one per flow held, so small stores do not compact on every add. */
const COMPACT_SLACK = 1024
