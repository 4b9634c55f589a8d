// Bundles the web UI (src/ui, browser code) into dist/ui with esbuild: one JS bundle, one CSS
// file and the HTML shell. The analyzer serves that folder at `/` (src/analyzer/static-ui.ts).
// Usage: node scripts/build-ui.mjs [--dev]   (--dev: no minification)
import { build } from 'esbuild'
import { copyFile, mkdir, rm } from 'node:fs/promises'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const out = resolve(root, 'dist/ui')
const dev = process.argv.includes('--dev')

await rm(out, { recursive: true, force: true })
await mkdir(out, { recursive: true })
const result = await build({
  entryPoints: { app: resolve(root, 'src/ui/main.tsx') },
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  minify: !dev,
  sourcemap: true,
  tsconfig: resolve(root, 'src/ui/tsconfig.json'),
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
})
await copyFile(resolve(root, 'src/ui/index.html'), resolve(out, 'index.html'))
const bytes = Object.entries(result.metafile.outputs)
  .filter(([f]) => !f.endsWith('.map'))
  .map(([f, o]) => `${f.replace(`${root}/`, '')} ${(o.bytes / 1024).toFixed(0)} KiB`)
if (!process.argv.includes('--quiet')) console.log(`build-ui: ${bytes.join(', ')}`)
