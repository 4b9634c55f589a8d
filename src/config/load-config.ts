/**
 * Resolves the configuration once: defaults <- YAML files <- values given in code <-
 * SKYDIVE_* environment <- command-line flags, into a frozen ResolvedConfig (STYLE.md §5).
 */
import { readFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { SkydiveError } from '../core/errors.js'
import { AUTH_SECTION_DEFAULTS, defaultConfig } from './defaults.js'
import { envSource, knownKeys } from './env-source.js'
import { applyAliases, checkSource, invalidKey, type CheckedSource, type ConfigSource } from './source.js'
import { getIn, setIn } from './tree.js'
import type { ResolvedConfig, UserConfig } from './types.js'
import { yamlSource } from './yaml-source.js'

/** Where configuration comes from; every field optional. */
export interface LoadConfigOptions {
  /** YAML file(s), as given with `--config`; later files override earlier ones */
  config?: string | readonly string[]
  /** values given in code (e.g. by `allinone` or tests), above the files */
  values?: UserConfig | Record<string, unknown>
  /** environment to read SKYDIVE_* from; default `process.env` */
  env?: Record<string, string | undefined>
  /** dotted keys set by command-line flags, e.g. `{ 'analyzer.listen': opts.listen }`; undefined skipped */
  flags?: Record<string, unknown>
  /** default `host_id`; default the OS hostname */
  hostname?: string
  /** told about unknown keys (typos), once each */
  onWarning?: (message: string) => void
}

/**
 * Loads and checks the configuration. A bad file or value fails with `config-invalid`
 * naming the key and where it was set (file and line, or the variable).
 * @example
 * const config = await loadConfig({ config: opts.config, flags: { 'analyzer.listen': opts.listen } })
 */
export async function loadConfig(opts: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const files = typeof opts.config === 'string' ? [opts.config] : [...(opts.config ?? [])]
  const sources: ConfigSource[] = []
  for (const file of files) sources.push(yamlSource(await readConfigFile(file), file))
  return resolveConfig(sources, opts)
}

async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message
    throw new SkydiveError('config-invalid', `Cannot read configuration file "${file}": ${reason}`,
      'pass an existing YAML file with --config', { cause: err })
  }
}

/** Merges already-read sources (files) with values, env and flags. Exported for tests. */
export function resolveConfig(fileSources: readonly ConfigSource[], opts: Omit<LoadConfigOptions, 'config'> = {}): ResolvedConfig {
  const defaults = defaultConfig(opts.hostname ?? hostname()) as unknown as Record<string, unknown>
  const sources = [...fileSources]
  if (opts.values) sources.push({ name: 'given configuration', tree: opts.values as Record<string, unknown>, locate: (p) => `given configuration key ${p}` })
  const checked: CheckedSource[] = sources.map((s) => checkSource(applyAliases(s), defaults))

  // Environment keys are known only once the files have named their auth sections.
  const authNames = new Set(Object.keys(defaults['auth'] as object))
  for (const c of checked) for (const n of Object.keys((c.tree['auth'] as object | undefined) ?? {})) authNames.add(n)
  const keys = knownKeys(defaults, authNames)
  checked.push(checkSource(applyAliases(envSource(opts.env ?? process.env, keys)), defaults))
  if (opts.flags) {
    // Flags come as flat dotted keys; nest them and report them as flags.
    const tree: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(opts.flags)) if (v !== undefined) setIn(tree, k, v)
    checked.push(checkSource({ name: 'command-line flags', tree, locate: (p) => `the command-line flag for ${p}` }, defaults))
  }

  const merged = structuredClone(defaults)
  const where = new Map<string, string>()
  for (const c of checked) {
    deepMerge(merged, c.tree)
    for (const [k, v] of c.where) where.set(k, v)
    for (const u of c.unknown) opts.onWarning?.(`Ignoring unknown configuration key ${u}`)
  }
  completeAuthSections(merged)
  crossCheck(merged, where)
  return deepFreeze(merged) as unknown as ResolvedConfig
}

/** Gives user-defined `auth.<name>` sections the defaults of the missing fields. */
function completeAuthSections(c: Record<string, unknown>): void {
  const auth = c['auth'] as Record<string, Record<string, unknown>>
  for (const [name, section] of Object.entries(auth)) {
    // A section listing users or a file is obviously meant as basic auth.
    const type = section['type'] ?? (section['users'] || section['file'] ? 'basic' : AUTH_SECTION_DEFAULTS.type)
    auth[name] = { ...AUTH_SECTION_DEFAULTS, ...section, type }
  }
}

/** Checks that need several keys: backends name existing auth sections, TLS pairs. */
function crossCheck(c: Record<string, unknown>, where: Map<string, string>): void {
  const at = { locate: (p: string) => where.get(p) ?? 'the defaults' }
  const auth = c['auth'] as Record<string, Record<string, unknown>>
  for (const key of ['analyzer.auth.api.backend', 'analyzer.auth.cluster.backend', 'agent.auth.api.backend']) {
    const name = getIn(c, key) as string
    const section = auth[name]
    if (!section) throw invalidKey(at, key, `names auth backend "${name}", but there is no "auth.${name}" section (known: ${Object.keys(auth).join(', ')})`)
    if (section['type'] === 'keystone') throw invalidKey(at, key, `auth backend "${name}" is of type keystone, which this version does not support`)
    if (section['type'] === 'basic' && !section['file'] && Object.keys(section['users'] as object).length === 0) {
      throw invalidKey(at, key, `auth backend "${name}" is of type basic but has neither "auth.${name}.file" nor "auth.${name}.users"`)
    }
  }
  const tls = c['tls'] as Record<string, unknown>
  if (Boolean(tls['server_cert']) !== Boolean(tls['server_key'])) {
    const missing = tls['server_cert'] ? 'tls.server_key' : 'tls.server_cert'
    const set = tls['server_cert'] ? 'tls.server_cert' : 'tls.server_key'
    throw invalidKey(at, set, `TLS needs both tls.server_cert and tls.server_key, but ${missing} is not set`)
  }
}

function deepMerge(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k]
    if (isPlainObject(v) && isPlainObject(cur) && !MAP_VALUED.has(k)) deepMerge(cur, v)
    else into[k] = structuredClone(v)
  }
}

/** Map-valued leaves are replaced, not merged, across sources (as a list would be). */
const MAP_VALUED = new Set(['users'])

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}
