/**
 * JSON text of outgoing agent messages, written as pieces of tens of KB: the same text as
 * JSON.stringify, cut anywhere. A host's `Sockets` is megabytes of text; as one string (then
 * one Buffer) per change it would be garbage of that size in V8's large-object space, freed
 * only by a full GC, which kept the agent's RSS tens of MB up. Pieces go out as the WebSocket
 * fragments of one message and die young (the socket write encodes a string piece into
 * memory it frees once written). The JSON of runs of frozen entries is kept between messages
 * (#run).
 */

/** Default size of pieces, in UTF-16 code units. */
export const JSON_PIECE_CHARS = 64 * 1024

/** Flat arrays up to this length are written by one JSON.stringify call. */
const FLAT_ARRAY_MAX = 64

/** Flat elements of a long array written by one JSON.stringify call (~40 KB of Sockets). */
const FLAT_RUN = 256

/**
 * Frozen entries per kept run (~3 KB of Sockets): a changed entry costs the re-serialising of
 * its run (and the old run's text is garbage), and 1 % of 20,000 sockets changed at random
 * spots hit most runs of 256.
 */
const KEPT_RUN = 16

/**
 * Writes `value` as JSON through `emit`, at least one piece, each of at least `pieceChars`
 * characters but the last.
 */
export function writeJson(value: unknown, emit: (piece: string) => void, pieceChars = JSON_PIECE_CHARS): void {
  const w = new PieceWriter(emit, pieceChars)
  if (!w.value(value)) w.put('null')
  w.end()
}

class PieceWriter {
  readonly #emit: (piece: string) => void
  readonly #size: number
  /** text of the next piece (a rope of kept runs and new text: joining costs nothing here) */
  #text = ''

  constructor(emit: (piece: string) => void, size: number) {
    this.#emit = emit
    this.#size = size
  }

  put(text: string): void {
    this.#text += text
    if (this.#text.length >= this.#size) this.#flush()
  }

  end(): void {
    this.#flush()
  }

  #flush(): void {
    if (this.#text === '') return
    this.#emit(this.#text)
    this.#text = ''
  }

  /**
   * Writes the run of flat elements of `v` starting at `i` with one JSON.stringify call, with
   * its leading comma; returns where it ends (`i` when v[i] is not flat). The JSON of a run of
   * frozen entries (Sockets) is kept and found again by its first element while the same
   * objects follow: a rescan that changed a few sockets re-serialises a few runs (a new run
   * stops where a known one starts, so an insertion does not shift the others).
   */
  #run(v: readonly unknown[], i: number): number {
    const first = v[i]
    if (isFrozenEntry(first)) {
      let run = runs.get(first)
      if (!run || !sameItems(run.items, v, i)) {
        let j = i + 1
        for (; j < v.length && j - i < KEPT_RUN && isFrozenEntry(v[j]); j++) {
          // A known run starts here: stop, unless both are short enough to make one (else
          // churn would leave ever shorter runs behind, each a WeakMap entry and a string).
          const next = runs.get(v[j] as object)
          if (next && (j - i >= KEPT_RUN / 4 || j - i + next.items.length > KEPT_RUN)) break
        }
        const items = v.slice(i, j)
        run = { items, json: (JSON.stringify(items) as string).slice(1, -1) }
        runs.set(first, run)
      }
      this.put(i ? `,${run.json}` : run.json)
      return i + run.items.length
    }
    let j = i
    while (j < v.length && j - i < FLAT_RUN && isFlatValue(v[j]) && !isFrozenEntry(v[j])) j++
    if (j > i) this.put(`${i ? ',' : ''}${(JSON.stringify(v.slice(i, j)) as string).slice(1, -1)}`)
    return j
  }

  /** Writes `v`; false when it has no JSON form (undefined, a function, a symbol). */
  value(v: unknown): boolean {
    if (v === null || typeof v !== 'object' || isFlat(v)) {
      const text = JSON.stringify(v) as string | undefined
      if (text === undefined) return false
      this.put(text)
      return true
    }
    if (Array.isArray(v)) {
      this.put('[')
      for (let i = 0; i < v.length;) {
        const j = this.#run(v, i)
        if (j > i) {
          i = j
          continue
        }
        if (i) this.put(',')
        this.value(v[i])
        i++
      }
      this.put(']')
      return true
    }
    let first = true
    this.put('{')
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k]
      // a key is written only with a value: flat values are turned to text first (a toJSON may give undefined)
      const text = x !== null && typeof x === 'object' && !isFlat(x) ? null : JSON.stringify(x) as string | undefined
      if (text === undefined) continue
      this.put(first ? `${JSON.stringify(k)}:` : `,${JSON.stringify(k)}:`)
      first = false
      if (text === null) this.value(x)
      else this.put(text)
    }
    this.put('}')
    return true
  }
}

/**
 * JSON of runs of frozen entries, by the run's first element. Weak: a run goes with its first
 * entry. All runs together are about the size of one Sockets message. Kept as strings in the
 * JS heap, not as Buffers: socket churn replaces ~1 MB of runs a minute, and as Buffers that
 * garbage sat in malloc'd memory V8 does not count (no GC came for it) and fragmented it (the
 * agent's RSS crept up by ~1 MB a minute); V8 collects and compacts its own heap.
 */
const runs = new WeakMap<object, { items: readonly unknown[]; json: string }>()

/** True when `v` holds `items` from index `at` on. */
function sameItems(items: readonly unknown[], v: readonly unknown[], at: number): boolean {
  if (at + items.length > v.length) return false
  for (let k = 0; k < items.length; k++) if (items[k] !== v[at + k]) return false
  return true
}

/**
 * A frozen object of primitives (a Sockets entry): its JSON text cannot change. Frozen objects
 * are taken for plain data (a getter could give another text each time); a toJSON is not
 * trusted (a frozen Date can still be set), nor what a frozen object holds.
 */
function isFrozenEntry(x: unknown): x is object {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && Object.isFrozen(x) &&
    typeof (x as { toJSON?: unknown }).toJSON !== 'function' && isFlat(x)
}

/** True for a primitive or a flat object. */
function isFlatValue(x: unknown): boolean {
  return x === null || typeof x !== 'object' || isFlat(x)
}

/**
 * True when JSON.stringify can write `v` as one small piece: an object or short array holding
 * no object or array (a Sockets entry), or a value with its own toJSON. Inherited enumerable
 * keys only make it answer false, which is still correct (the walk then takes own keys).
 */
function isFlat(v: object): boolean {
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return true
  if (Array.isArray(v)) {
    if (v.length > FLAT_ARRAY_MAX) return false
    for (const x of v) if (x !== null && typeof x === 'object') return false
    return true
  }
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k]
    if (x !== null && typeof x === 'object') return false
  }
  return true
}
