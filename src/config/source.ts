/**
 * A configuration source (YAML file, environment, flags, values given in code): its tree of
 * keys and a way to say where a key came from, for error messages.
 */
import { SkydiveError } from '../core/errors.js'
import { coerce, isSection, kindOf } from './schema.js'
import { getIn, setIn } from './tree.js'

/** One layer of configuration. */
export interface ConfigSource {
  /** e.g. `skydive.yml`, `the environment`, `command-line flags` */
  name: string
  tree: Record<string, unknown>
  /** where `path` was set, e.g. `skydive.yml:12` or `SKYDIVE_ANALYZER_LISTEN` */
  locate(path: string): string
}

/** Legacy keys still honoured (spec/api.md §7.3): [new key, old key]. */
export const LEGACY_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['analyzer.auth.api.backend', 'auth.type'],
  ['analyzer.auth.cluster.backend', 'auth.type'],
  ['agent.auth.api.backend', 'auth.type'],
  ['analyzer.auth.cluster.username', 'auth.analyzer_username'],
  ['analyzer.auth.cluster.password', 'auth.analyzer_password'],
  ['agent.auth.cluster.username', 'auth.analyzer_username'],
  ['agent.auth.cluster.password', 'auth.analyzer_password'],
  ['analyzer.topology.backend', 'graph.backend'],
  ['analyzer.flow.backend', 'analyzer.storage.backend'],
  ['agent.topology.docker.url', 'docker.url'],
  ['agent.topology.netns.run_path', 'netns.run_path'],
]

function deleteIn(tree: Record<string, unknown>, path: string): void {
  const keys = path.split('.')
  const parent = getIn(tree, keys.slice(0, -1).join('.'))
  if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[keys[keys.length - 1]!]
}

/** Moves legacy keys to their new names inside one source; a new key set in the same source wins. */
export function applyAliases(src: ConfigSource): ConfigSource {
  const tree = structuredClone(src.tree)
  const movedFrom = new Map<string, string>()
  for (const [, oldKey] of LEGACY_ALIASES) {
    const v = getIn(tree, oldKey)
    if (v === undefined) continue
    for (const [newKey, old] of LEGACY_ALIASES) {
      if (old === oldKey && getIn(tree, newKey) === undefined) {
        setIn(tree, newKey, v)
        movedFrom.set(newKey, oldKey)
      }
    }
    deleteIn(tree, oldKey)
  }
  return { name: src.name, tree, locate: (p) => src.locate(movedFrom.get(p) ?? p) }
}

/** Result of checking one source. */
export interface CheckedSource {
  tree: Record<string, unknown>
  /** dotted key -> where it was set, for every leaf */
  where: Map<string, string>
  /** unknown keys, with their location */
  unknown: string[]
}

/** Coerces every known key of a source, failing with `config-invalid` on the first bad one. */
export function checkSource(src: ConfigSource, defaults: Record<string, unknown>): CheckedSource {
  const out: CheckedSource = { tree: {}, where: new Map(), unknown: [] }
  const visit = (obj: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k
      if (v === null || v === undefined) continue // `key:` with no value means "use the default"
      const kind = kindOf(path, defaults)
      if (kind) {
        const r = coerce(path, kind, v)
        if ('error' in r) throw invalidKey(src, r.item === undefined ? path : `${path}.${r.item}`, r.error)
        setIn(out.tree, path, r.value)
        out.where.set(path, src.locate(path))
      } else if (isSection(path, defaults)) {
        if (typeof v !== 'object' || Array.isArray(v)) throw invalidKey(src, path, `must be a section of keys, got ${JSON.stringify(v)}`)
        visit(v as Record<string, unknown>, path)
      } else {
        // Kept so GET /api/config/<key> can serve keys of upstream sections we do not use (ui.*).
        setIn(out.tree, path, v)
        out.unknown.push(`${path} (${src.locate(path)})`)
      }
    }
  }
  visit(src.tree, '')
  return out
}

/** The error for a bad key: names the key and where it was set. */
export function invalidKey(src: Pick<ConfigSource, 'locate'>, path: string, reason: string): SkydiveError {
  return new SkydiveError('config-invalid', `Invalid configuration key "${path}" at ${src.locate(path)}: ${reason}`,
    'fix the value or remove the key to use the default; spec/api.md §7.3 lists the keys')
}
