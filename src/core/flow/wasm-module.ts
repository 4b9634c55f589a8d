/**
 * The WebAssembly calls the flow modules (fast-path.wat, flow-json.wat) need: a memory, and an
 * instance of a module held as base64 (compiled once per module) over it. The project's
 * TypeScript libs do not declare the WebAssembly API, so its few parts used here are typed here.
 */

/** A WebAssembly.Memory: pass it as an import; its buffer is the bytes. */
export interface WasmMemory { readonly buffer: ArrayBuffer }

interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory
  Module: new (bytes: Uint8Array) => object
  Instance: new (m: object, imports: object) => { exports: unknown }
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

const compiled = new Map<string, object>()

/** A memory of at least `bytes` bytes (throws when it cannot be had, e.g. under ulimit -v). */
export function wasmMemory(bytes: number): WasmMemory {
  return new wasm.Memory({ initial: Math.ceil(bytes / 65536) })
}

/** The exports of an instance of the module `base64` whose memory import env.mem is `memory`. */
export function instantiate<T>(base64: string, memory: WasmMemory): T {
  let module = compiled.get(base64)
  if (module === undefined) {
    module = new wasm.Module(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))
    compiled.set(base64, module)
  }
  return new wasm.Instance(module, { env: { mem: memory } }).exports as T
}
