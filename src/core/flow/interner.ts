/**
 * Small integers for strings shared by many flows (LayersPath, Application), so a flow stores
 * a number and the text exists once.
 */
export class Interner {
  readonly #ids = new Map<string, number>()
  readonly #strings: string[] = []

  /** Id of `s`, assigned on first sight. */
  id(s: string): number {
    let i = this.#ids.get(s)
    if (i === undefined) {
      i = this.#strings.length
      this.#strings.push(s)
      this.#ids.set(s, i)
    }
    return i
  }

  /** Number of strings (their ids are 0 … size - 1). */
  get size(): number {
    return this.#strings.length
  }

  /** The string of an id. */
  str(id: number): string {
    return this.#strings[id] ?? ''
  }
}
