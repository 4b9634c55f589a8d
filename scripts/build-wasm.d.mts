/** A WebAssembly text module of src/core/flow and the TypeScript file generated from it. */
export interface WasmModuleSource { wat: string; out: string; name: string; what: string }
export const MODULES: WasmModuleSource[]
/** The generated TypeScript source for the current .wat of `module` (default: fast-path.wat's). */
export function generate(module?: WasmModuleSource): Promise<string>
