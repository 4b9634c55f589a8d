// Runs benchmarks: `npm run bench` runs all, `npm run bench -- graph flow` runs the named ones.
// Each bench/<name>.bench.ts runs in its own process so RSS figures are its own.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'

const dir = import.meta.dirname
const all = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort()
const wanted = process.argv.slice(2)
const unknown = wanted.filter((w) => !all.includes(w))
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`)
  process.exit(2)
}
let failed = 0
for (const name of wanted.length ? wanted : all) {
  console.log(`\n### ${name}\n`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', resolve(dir, `${name}.bench.ts`)], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
