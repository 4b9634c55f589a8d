/**
 * Checks and coerces one configuration source (a YAML file, the environment, flags) against
 * the key kinds implied by the defaults, so that every bad value is reported with its key and
 * where it came from.
 */
import { fabricLineError } from '../core/topology/fabric-parser.js'
import { AUTH_SECTION_DEFAULTS } from './defaults.js'
import { getIn } from './tree.js'

/** What a leaf key holds. */
export type KeyKind =
  | { kind: 'string' } | { kind: 'number' } | { kind: 'bool' } | { kind: 'list' }
  | { kind: 'address' } | { kind: 'address-list' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'map'; values: 'string' | 'any' }
  | { kind: 'fabric' }

/** Keys whose kind is not obvious from their default value. */
const SPECIAL: Record<string, KeyKind> = {
  'analyzer.listen': { kind: 'address' },
  'agent.listen': { kind: 'address' },
  analyzers: { kind: 'address-list' },
  'analyzer.topology.fabric': { kind: 'fabric' },
  'flow.protocol': { kind: 'enum', values: ['udp', 'websocket'] },
  'flow.default_layer_key_mode': { kind: 'enum', values: ['L2', 'L3'] },
  'logging.level': { kind: 'enum', values: ['debug', 'info', 'warn', 'error'] },
  'agent.metadata': { kind: 'map', values: 'any' },
  'http.cookie': { kind: 'map', values: 'string' },
  'auth.*.type': { kind: 'enum', values: ['noauth', 'basic', 'keystone'] },
  'auth.*.users': { kind: 'map', values: 'string' },
}

/** Kind of a dotted key, or undefined for a section or an unknown key. */
export function kindOf(path: string, defaults: Record<string, unknown>): KeyKind | undefined {
  const generic = path.replace(/^auth\.[^.]+\./, 'auth.*.')
  const special = SPECIAL[generic]
  if (special) return special
  const dflt = generic.startsWith('auth.*.') ? (AUTH_SECTION_DEFAULTS as Record<string, unknown>)[generic.slice(7)] : getIn(defaults, path)
  if (typeof dflt === 'string') return { kind: 'string' }
  if (typeof dflt === 'number') return { kind: 'number' }
  if (typeof dflt === 'boolean') return { kind: 'bool' }
  if (Array.isArray(dflt)) return { kind: 'list' }
  return undefined
}

/** True when `path` names a section (an object of further keys) of the configuration. */
export function isSection(path: string, defaults: Record<string, unknown>): boolean {
  if (path === 'auth' || /^auth\.[^.]+$/.test(path)) return true
  const v = getIn(defaults, path)
  return v !== null && typeof v === 'object' && !Array.isArray(v) && kindOf(path, defaults) === undefined
}

/**
 * Coerces `value` to the kind of `path`. Strings (from the environment) become numbers,
 * booleans and lists; upstream splits env lists on spaces, we accept commas too.
 * Returns the coerced value, or a reason string wrapped in `{ error }` (with `item`, the index
 * of the bad entry of a list).
 */
export function coerce(path: string, kind: KeyKind, value: unknown): { value: unknown } | { error: string; item?: number } {
  const got = JSON.stringify(value)
  switch (kind.kind) {
    case 'string':
      if (typeof value === 'string') return { value }
      if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) }
      return { error: `must be a string, got ${got}` }
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
      if (typeof n === 'number' && Number.isFinite(n) && n >= 0) return { value: n }
      return { error: `must be a non-negative number, got ${got}` }
    }
    case 'bool':
      if (typeof value === 'boolean') return { value }
      if (value === 'true' || value === 'false') return { value: value === 'true' }
      return { error: `must be true or false, got ${got}` }
    case 'list':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return { value: value.map(String) }
      if (typeof value === 'string') return { value: splitList(value) }
      return { error: `must be a list of strings, got ${got}` }
    case 'address': {
      const a = typeof value === 'number' ? String(value) : value
      if (typeof a === 'string' && isAddress(a)) return { value: a }
      return { error: `must be an address like "127.0.0.1:8082", got ${got}` }
    }
    case 'fabric': {
      // one link per entry, so an entry holds spaces: only a YAML list (or one line) is read
      const lines = typeof value === 'string' ? [value] : value
      if (!Array.isArray(lines) || !lines.every((l) => typeof l === 'string')) return { error: `must be a list of fabric lines, got ${got}` }
      for (const [i, line] of lines.entries()) {
        const why = fabricLineError(line)
        if (why) return { error: `fabric line "${line}": ${why}`, item: i }
      }
      return { value: lines }
    }
    case 'address-list': {
      const list = typeof value === 'string' ? splitList(value) : value
      if (Array.isArray(list) && list.every((a) => typeof a === 'string' && isAddress(a))) return { value: list }
      return { error: `must be a list of addresses like "127.0.0.1:8082", got ${got}` }
    }
    case 'enum': {
      const v = normaliseEnum(path, value)
      if (typeof v === 'string' && kind.values.includes(v)) return { value: v }
      return { error: `must be one of ${kind.values.map((x) => `"${x}"`).join(', ')}, got ${got}` }
    }
    case 'map': {
      const m = typeof value === 'string' ? parseMapString(value) : value
      if (m === null || typeof m !== 'object' || Array.isArray(m)) return { error: `must be a map of key: value, got ${got}` }
      if (kind.values === 'string') {
        const bad = Object.entries(m).find(([, v]) => typeof v !== 'string' && typeof v !== 'number')
        if (bad) return { error: `must map names to strings, but "${bad[0]}" is ${JSON.stringify(bad[1])}` }
        return { value: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)])) }
      }
      return { value: m }
    }
  }
}

function splitList(s: string): string[] {
  return s.split(/[\s,]+/).filter((x) => x !== '')
}

/** `host:port`, `[v6]:port`, `:port` or a bare port (spec/api.md §2). */
export function isAddress(a: string): boolean {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]*)):(\d+)$|^(\d+)$/.exec(a.trim())
  if (!m) return false
  const port = Number(m[3] ?? m[4])
  return port >= 0 && port < 65536
}

function normaliseEnum(path: string, v: unknown): unknown {
  if (typeof v !== 'string') return v
  if (path === 'logging.level') {
    // Upstream spells levels in capitals and has WARNING/CRITICAL.
    const l = v.toLowerCase()
    return l === 'warning' ? 'warn' : l === 'critical' || l === 'fatal' ? 'error' : l
  }
  if (path === 'flow.default_layer_key_mode') return v.toUpperCase()
  return v
}

/** `{"a":1}` (JSON) or `a=1, b=2`, as found in SKYDIVE_AGENT_METADATA. */
function parseMapString(s: string): unknown {
  const t = s.trim()
  if (t.startsWith('{')) {
    try {
      return JSON.parse(t) as unknown
    } catch {
      return s
    }
  }
  const out: Record<string, string> = {}
  for (const part of t.split(',')) {
    const i = part.indexOf('=')
    if (i <= 0) return s
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim()
  }
  return out
}
