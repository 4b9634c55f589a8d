/**
 * `SKYDIVE_*` environment variables as a ConfigSource: `SKYDIVE_` + the key upper-cased with
 * `.` and `-` turned into `_` (spec/api.md §7.1), e.g. SKYDIVE_ANALYZER_LISTEN.
 */
import { AUTH_SECTION_DEFAULTS } from './defaults.js'
import { kindOf } from './schema.js'
import { LEGACY_ALIASES, type ConfigSource } from './source.js'
import { setIn } from './tree.js'

/** Environment variable name of a dotted key. */
function envName(path: string): string {
  return `SKYDIVE_${path.toUpperCase().replace(/[.-]/g, '_')}`
}

/** Every leaf key of the defaults (maps count as leaves), plus `auth.<name>.*` for `authNames`. */
export function knownKeys(defaults: Record<string, unknown>, authNames: Iterable<string>): string[] {
  const out: string[] = []
  const walk = (obj: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k
      if (path === 'auth') continue
      if (kindOf(path, defaults)) out.push(path)
      else if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, path)
    }
  }
  walk(defaults, '')
  for (const name of authNames) for (const field of Object.keys(AUTH_SECTION_DEFAULTS)) out.push(`auth.${name}.${field}`)
  for (const [, old] of LEGACY_ALIASES) if (!out.includes(old)) out.push(old)
  return out
}

/** The SKYDIVE_* variables of `env` that name one of `keys`. */
export function envSource(env: Record<string, string | undefined>, keys: readonly string[]): ConfigSource {
  const tree: Record<string, unknown> = {}
  const names = new Map<string, string>()
  for (const path of keys) {
    const name = envName(path)
    const v = env[name]
    if (v === undefined) continue
    setIn(tree, path, v)
    names.set(path, name)
  }
  return {
    name: 'the environment',
    tree,
    locate: (p) => `environment variable ${names.get(p) ?? envName(p)}`,
  }
}
