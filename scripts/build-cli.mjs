// Bundles the compiled CLI (dist/cli.js and the worker entries) into dist/bin with esbuild,
// split into chunks along its dynamic imports, so a command loads a few files instead of the
// ~150 modules it is made of: Node 20's ES module loader spends ~0.7 ms a module, and
// `skydive capture file` started 25 ms sooner (bench/RESULTS.md). npm packages stay external.
// Chunks sit in dist/bin itself, at the depth of the dist/<folder>/ modules, so paths made from
// import.meta.url (the UI folder, worker entries) resolve as they do unbundled.
// Usage: node scripts/build-cli.mjs   (after tsc)
import { build } from 'esbuild'
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const out = resolve(root, 'dist/bin')
await rm(out, { recursive: true, force: true })
await build({
  entryPoints: {
    cli: resolve(root, 'dist/cli.js'),
    'flow-shard-worker': resolve(root, 'dist/capture/flow-shard-worker.js'),
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
