/**
 * Value matching of spec/api.md §5.3 (upstream `KeyValueToFilter` + `graffiti/filters`):
 * a parameter becomes a test on the values found at a key. A value that is a list matches
 * when any element matches.
 */
import { SkydiveError } from '../errors.js'
import { getPathValues } from '../graph/index.js'
import { type Param, describeParam } from './ast.js'
import { parseCidr } from './ipv4.js'

/** Tests the values found at a key (empty = key missing; each value may be an array). */
export type ValuesMatcher = (values: readonly unknown[]) => boolean

/** Value as an int64 the way upstream's `GetFieldInt64` reads it: numbers truncated, numeric strings parsed. */
export function toInt(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? Math.trunc(x) : undefined
  if (typeof x === 'string' && /^[+-]?\d+$/.test(x)) return Number(x)
  return undefined
}

/** Each value, with list values spread (one level, as upstream's getters do). */
function candidates(values: readonly unknown[]): unknown[] {
  if (values.length === 1 && !Array.isArray(values[0])) return values as unknown[]
  return values.flatMap((v) => (Array.isArray(v) ? v : [v]))
}

const exists: ValuesMatcher = (values) => values.length > 0

function evalError(message: string, hint?: string): SkydiveError {
  return new SkydiveError('gremlin-eval', message, hint)
}

/** A term: string equality, int64 equality (numeric strings and truncated floats too), boolean equality. */
function termMatcher(p: Param, key: string, what: string): (c: unknown[]) => boolean {
  switch (p.type) {
    case 'string': { const s = p.value; return (c) => c.some((x) => x === s) }
    case 'number': { const n = Math.trunc(p.value); return (c) => c.some((x) => toInt(x) === n) }
    case 'boolean': { const b = p.value; return (c) => c.some((x) => x === b) }
    default:
      throw evalError(`Cannot filter '${key}' with ${describeParam(p)}: ${what} expects a string, a number, TRUE or FALSE`)
  }
}

/** An integer predicate argument: numbers are truncated, numeric strings parsed (upstream `cast.ToInt64E`). */
function intArg(p: Param, predicate: string): number {
  const n = p.type === 'number' ? Math.trunc(p.value) : p.type === 'string' ? toInt(p.value) : undefined
  if (n === undefined) throw evalError(`Cannot use ${describeParam(p)} in ${predicate}(): it expects an integer`)
  return n
}

function someInt(test: (n: number) => boolean): ValuesMatcher {
  return (values) => candidates(values).some((x) => { const n = toInt(x); return n !== undefined && test(n) })
}

/** Builds the matcher for `Has(key, param)`; throws SkydiveError('gremlin-eval') on bad arguments. */
export function valueMatcher(key: string, p: Param): ValuesMatcher {
  if (p.type !== 'predicate') {
    const term = termMatcher(p, key, 'Has')
    return (values) => term(candidates(values))
  }
  const a = p.args
  switch (p.name) {
    case 'NE': { const t = termMatcher(a[0]!, key, 'NE()'); return (v) => v.length > 0 && !t(candidates(v)) }
    case 'NEE': { const t = termMatcher(a[0]!, key, 'NEE()'); return (v) => !t(candidates(v)) }
    case 'LT': { const n = intArg(a[0]!, 'LT'); return someInt((x) => x < n) }
    case 'GT': { const n = intArg(a[0]!, 'GT'); return someInt((x) => x > n) }
    case 'LTE': { const n = intArg(a[0]!, 'LTE'); return someInt((x) => x <= n) }
    case 'GTE': { const n = intArg(a[0]!, 'GTE'); return someInt((x) => x >= n) }
    case 'Inside': { const [lo, hi] = [intArg(a[0]!, 'Inside'), intArg(a[1]!, 'Inside')]; return someInt((x) => lo < x && x < hi) }
    case 'Between': { const [lo, hi] = [intArg(a[0]!, 'Between'), intArg(a[1]!, 'Between')]; return someInt((x) => lo <= x && x < hi) }
    // Quirk (api spec §5.3, §6): upstream cannot parse Outside and its filter (x<a AND x>b) never
    // matches; we implement the intended x<a OR x>b.
    case 'Outside': { const [lo, hi] = [intArg(a[0]!, 'Outside'), intArg(a[1]!, 'Outside')]; return someInt((x) => x < lo || x > hi) }
    case 'Within': {
      const terms = a.map((x) => termMatcher(x, key, 'Within()'))
      return (v) => { const c = candidates(v); return terms.some((t) => t(c)) }
    }
    case 'Without': {
      const terms = a.map((x) => termMatcher(x, key, 'Without()'))
      return (v) => { const c = candidates(v); return !terms.some((t) => t(c)) }
    }
    case 'Regex': return regexMatcher(a[0]!)
    case 'IPV4Range': return ipv4RangeMatcher(a[0]!)
  }
}

function regexMatcher(p: Param): ValuesMatcher {
  if (p.type !== 'string') throw evalError(`Cannot use ${describeParam(p)} in Regex(): it expects a string`)
  const pattern = p.value
  if (pattern.startsWith('^') || pattern.endsWith('$')) {
    throw evalError(`Invalid regex '${pattern}': regexes are anchored by default, ^ and $ must not be given`,
      `write Regex('${pattern.replace(/^\^/, '').replace(/\$$/, '')}')`)
  }
  let re: RegExp
  try {
    // Quirk (api spec §5.3): upstream wraps as "^" + re + "$", so "a|b" means "^a|b$"; we group
    // the pattern so it is a full match as documented.
    re = new RegExp(`^(?:${pattern})$`)
  } catch (err) {
    throw new SkydiveError('gremlin-eval', `Invalid regex '${pattern}': ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`,
      undefined, { cause: err })
  }
  return (values) => candidates(values).some((x) => typeof x === 'string' && re.test(x))
}

function ipv4RangeMatcher(p: Param): ValuesMatcher {
  if (p.type !== 'string') throw evalError(`Cannot use ${describeParam(p)} in IPV4Range(): it expects a CIDR string such as '10.0.0.0/24'`)
  const range = parseCidr(p.value)
  if (!range) throw evalError(`Invalid CIDR '${p.value}': expected an IPv4 network such as '192.168.0.0/24'`)
  return (values) => candidates(values).some((x) => {
    if (typeof x !== 'string') return false
    const slash = x.indexOf('/')
    const ip = parseCidr(slash < 0 ? `${x}/32` : x)
    return ip !== undefined && ((ip.address & range.mask) >>> 0) === range.network
  })
}

/** Reads the values at a key on an element (empty = missing); built once per key and filter. */
export type ValuesAccessor<T> = (key: string) => (el: T) => unknown[]

/** Accessor for plain JSON objects: dotted paths through nested objects and arrays. */
export function objectAccessor(key: string): (obj: Record<string, unknown>) => unknown[] {
  const k = key.startsWith('Metadata.') ? key.slice(9) : key
  if (k.includes('.')) return (obj) => getPathValues(obj, k)
  // Fast path for top-level keys, the common case (Type, Name, IPV4…): same result as getPathValues.
  return (obj) => (Object.prototype.hasOwnProperty.call(obj, k) ? [obj[k]] : [])
}

/**
 * A filter over `Has`-style parameters: one key = key exists; pairs = AND (or OR for
 * HasEither) of key/value matchers. `accessor` builds the reader of each key.
 */
export function paramsFilter<T>(params: readonly Param[], op: 'and' | 'or', step: string,
  accessor: ValuesAccessor<T>): (el: T) => boolean {
  if (params.length === 0) throw evalError(`Cannot run ${step}() without parameters: give a key, or key/value pairs`)
  if (params.length === 1) {
    const get = accessor(keyOf(params[0]!, step))
    return (el) => exists(get(el))
  }
  if (params.length % 2 !== 0) {
    throw evalError(`Cannot run ${step}() with ${params.length} parameters: params should be a list of key,value`,
      `e.g. ${step}('Type', 'host', 'Name', 'node1')`)
  }
  const tests: Array<[(el: T) => unknown[], ValuesMatcher]> = []
  for (let i = 0; i < params.length; i += 2) {
    const key = keyOf(params[i]!, step)
    tests.push([accessor(key), valueMatcher(key, params[i + 1]!)])
  }
  if (tests.length === 1) {
    const [get, m] = tests[0]!
    return (el) => m(get(el))
  }
  if (op === 'and') return (el) => tests.every(([get, m]) => m(get(el)))
  return (el) => tests.some(([get, m]) => m(get(el)))
}

/** A parameter that must be a key (a string). */
export function keyOf(p: Param, step: string): string {
  if (p.type !== 'string') throw evalError(`Cannot use ${describeParam(p)} as a key in ${step}(): keys should be of string type`)
  return p.value
}
