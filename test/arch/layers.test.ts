// The layering of DESIGN.md, checked on the source: core stays pure, adapters do not import
// each other, src/ui imports only src/wire.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, dirname, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../../src')
const ADAPTERS = ['probes', 'capture', 'client', 'render', 'config', 'deploy', 'runtime', 'ui']
const NODE_IO = /^(node:)?(fs|net|dgram|child_process|http|https|os|process|tls|worker_threads|fs\/promises)$/

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return sourceFiles(p)
    return /\.tsx?$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : []
  })
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? '')
}

/** Top-level layer of a path inside src/: "core", "wire", "probes"... */
function layerOf(absPath: string): string {
  const rel = relative(SRC, absPath).split('/')
  return rel.length > 1 ? rel[0]! : rel[0]!.replace(/\.ts$/, '')
}

describe('layering (DESIGN.md)', () => {
  const files = sourceFiles(SRC)

  it('keeps src/core free of I/O modules', () => {
    const offenders = files
      .filter((f) => layerOf(f) === 'core')
      .flatMap((f) => imports(f).filter((i) => NODE_IO.test(i)).map((i) => `${relative(SRC, f)} imports ${i}`))
    expect(offenders).toEqual([])
  })

  it('lets core and wire import only core and wire', () => {
    const offenders = files
      .filter((f) => ['core', 'wire'].includes(layerOf(f)))
      .flatMap((f) => imports(f).filter((i) => i.startsWith('.'))
        .map((i) => [i, layerOf(resolve(dirname(f), i))] as const)
        .filter(([, l]) => !['core', 'wire'].includes(l) || (layerOf(f) === 'wire' && l !== 'wire'))
        .map(([i]) => `${relative(SRC, f)} imports ${i}`))
    expect(offenders).toEqual([])
  })

  it('keeps adapters from importing each other sideways', () => {
    const offenders = files
      .filter((f) => ADAPTERS.includes(layerOf(f)))
      .flatMap((f) => imports(f).filter((i) => i.startsWith('.'))
        .map((i) => [i, layerOf(resolve(dirname(f), i))] as const)
        .filter(([, l]) => l !== layerOf(f) && !['core', 'wire', 'version'].includes(l))
        .map(([i]) => `${relative(SRC, f)} imports ${i}`))
    expect(offenders).toEqual([])
  })

  it('lets the web UI import only src/wire', () => {
    const offenders = files
      .filter((f) => layerOf(f) === 'ui')
      .flatMap((f) => imports(f).filter((i) => i.startsWith('.'))
        .filter((i) => !['ui', 'wire'].includes(layerOf(resolve(dirname(f), i))))
        .map((i) => `${relative(SRC, f)} imports ${i}`))
    expect(offenders).toEqual([])
  })
})
