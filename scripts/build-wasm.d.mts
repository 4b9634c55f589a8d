/** The generated TypeScript source (FAST_PATH_WASM) for the current fast-path.wat. */
export function generate(): Promise<string>
