/**
 * xxHash64 for flow ids (spec/flows.md §2.1), from the xxhash-wasm library. WebAssembly
 * compiles asynchronously, so callers load it once at the edge (command, analyzer start) and
 * hand the hasher to the FlowTable, which hashes only when a flow is created.
 */
import xxhash from 'xxhash-wasm'

/** xxHash64 of `bytes` with `seed` (0 by default), as an unsigned 64-bit bigint. */
export type Hash64 = (bytes: Uint8Array, seed?: bigint) => bigint

let loading: Promise<Hash64> | undefined

/**
 * Loads the hasher (once per process).
 * @example const h64 = await loadXxhash64(); h64(new Uint8Array(0)).toString(16) // 'ef46db3751d8e999'
 */
export function loadXxhash64(): Promise<Hash64> {
  loading ??= xxhash().then((api) => (bytes: Uint8Array, seed = 0n) => api.h64Raw(bytes, seed))
  return loading
}
