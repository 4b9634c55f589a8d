/**
 * Stable slot numbers for a changing set of IDs: an ID keeps its slot while it exists, a
 * new ID takes the lowest free slot. This is what keeps the layout from jumping.
 */
export class SlotSet {
  #slots = new Map<string, number>()
  #used: boolean[] = []

  /** Slot of an ID, or undefined when it has none. */
  get(id: string): number | undefined {
    return this.#slots.get(id)
  }

  /** Number of slots ever opened (the highest slot + 1); holes count. */
  get span(): number {
    return this.#used.length
  }

  /** Releases IDs absent from `ids`, then gives each new ID (in order) the lowest free slot. */
  sync(ids: Iterable<string>): void {
    const want = new Set(ids)
    for (const [id, slot] of this.#slots) {
      if (!want.has(id)) {
        this.#slots.delete(id)
        this.#used[slot] = false
      }
    }
    let next = 0
    for (const id of want) {
      if (this.#slots.has(id)) continue
      while (this.#used[next]) next++
      this.#slots.set(id, next)
      this.#used[next] = true
    }
  }
}

/** Reserved capacity for `count` items: at least `min`, then powers of two, never below `previous`. */
export function capacityFor(count: number, min: number, previous = 0): number {
  let cap = min
  while (cap < count) cap *= 2
  return Math.max(cap, previous)
}
