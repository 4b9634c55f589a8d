/**
 * JSON text of outgoing agent messages, written in pieces of about 64 K characters: the same
 * text as JSON.stringify, cut anywhere. A host's `Sockets` is megabytes of text; as one string
 * (then one Buffer) per change it would be garbage of that size in V8's large-object space,
 * freed only by a full GC, which kept the agent's RSS tens of MB up. Pieces go out as the
 * WebSocket fragments of one message and die young.
 */

/** Default piece size, in UTF-16 code units. */
export const JSON_PIECE_CHARS = 64 * 1024

/** Flat arrays up to this length are written by one JSON.stringify call. */
const FLAT_ARRAY_MAX = 64

/** Flat elements of a long array written by one JSON.stringify call (~40 K characters of Sockets). */
const FLAT_RUN = 256

/**
 * Writes `value` as JSON through `emit`, in pieces of at least `pieceChars` characters (the
 * last one may be shorter); at least one piece.
 */
export function writeJson(value: unknown, emit: (piece: string) => void, pieceChars = JSON_PIECE_CHARS): void {
  const w = new PieceWriter(emit, pieceChars)
  if (!w.value(value)) w.put('null')
  w.end()
}

class PieceWriter {
  readonly #emit: (piece: string) => void
  readonly #size: number
  #pending = ''

  constructor(emit: (piece: string) => void, size: number) {
    this.#emit = emit
    this.#size = size
  }

  put(text: string): void {
    this.#pending += text
    if (this.#pending.length >= this.#size) {
      this.#emit(this.#pending)
      this.#pending = ''
    }
  }

  end(): void {
    if (this.#pending !== '') this.#emit(this.#pending)
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
        if (i) this.put(',')
        // a run of flat elements (Sockets entries) goes through one JSON.stringify call
        let j = i
        while (j < v.length && j - i < FLAT_RUN && isFlatValue(v[j])) j++
        if (j > i) {
          this.put((JSON.stringify(v.slice(i, j)) as string).slice(1, -1))
          i = j
        } else {
          this.value(v[i])
          i++
        }
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
