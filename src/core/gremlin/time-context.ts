/**
 * Arguments of `Context(at[, duration])` / `At(…)` (spec/api.md §5.6), resolved to a time
 * range in ms so that a history-capable backend can use them.
 */
import { SkydiveError } from '../errors.js'
import { type Param, describeParam } from './ast.js'

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
const INT32_MAX = 2147483647

/** Go `time.ParseDuration` in ms, or undefined when `text` is not a Go duration. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0
  const m = /^([+-]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text)
  if (!m) return undefined
  let total = 0
  for (const part of m[2]!.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * UNIT_MS[part[2]!]!
  return m[1] === '-' ? -total : total
}

const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([A-Z]{1,5})$/

/** RFC 1123 time (`Mon, 02 Jan 2006 15:04:05 MST`) in ms; zone names other than UTC/GMT are read as UTC, as Go does for unknown zones. */
export function parseRfc1123(text: string): number | undefined {
  const m = RFC1123.exec(text)
  if (!m) return undefined
  const ms = Date.UTC(Number(m[4]), 'JanFebMarAprMayJunJulAugSepOctNovDec'.indexOf(m[3]!) / 3, Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]))
  return Number.isNaN(ms) ? undefined : ms
}

function bad(p: Param, what: string): SkydiveError {
  return new SkydiveError('gremlin-eval', `Cannot use ${describeParam(p)} as the ${what} of Context(): ${what === 'time'
    ? 'expected NOW, Unix seconds or milliseconds, an RFC 1123 time or a Go duration such as \'-10m\''
    : 'expected seconds, a Go duration such as \'5m\', or FOREVER'}`)
}

/** The time range `[start, at]` of a Context (start = at for a time point). */
export function resolveTimeContext(params: readonly Param[], nowMs: number): { atMs: number; startMs: number; point: boolean } {
  const [atParam, durParam] = params
  if (!atParam || params.length > 2) {
    throw new SkydiveError('gremlin-eval', `Cannot run Context() with ${params.length} arguments: expected a time and an optional duration`)
  }
  let at: number | undefined
  if (atParam.type === 'keyword' && atParam.value === 'NOW') at = nowMs
  else if (atParam.type === 'number' && atParam.integer) at = atParam.value > INT32_MAX ? atParam.value : atParam.value * 1000
  else if (atParam.type === 'string') {
    at = parseRfc1123(atParam.value)
    if (at === undefined) {
      const d = parseGoDuration(atParam.value)
      if (d !== undefined) at = nowMs + d
    }
  }
  if (at === undefined) throw bad(atParam, 'time')
  if (!durParam) return { atMs: at, startMs: at, point: true }
  let dur: number | undefined
  if (durParam.type === 'keyword' && durParam.value === 'FOREVER') dur = at
  else if (durParam.type === 'number' && durParam.integer) dur = durParam.value * 1000
  else if (durParam.type === 'string') dur = parseGoDuration(durParam.value)
  if (dur === undefined) throw bad(durParam, 'duration')
  return { atMs: at, startMs: at - dur, point: false }
}
