/**
 * What the pure core asks of its environment. Node implementations live in src/runtime/;
 * tests pass fakes so time-dependent logic is deterministic.
 */

/** Source of time, in ms since epoch. */
export interface Clock {
  now(): number
}

/** Structured logger; implementations decide where lines go. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

/** A clock whose time only moves when told to. */
export interface FakeClock extends Clock {
  advance(ms: number): void
  set(ms: number): void
}

/** Creates a FakeClock starting at `startMs`. */
export function fakeClock(startMs = 0): FakeClock {
  let t = startMs
  return { now: () => t, advance: (ms) => { t += ms }, set: (ms) => { t = ms } }
}

/** A logger that drops everything, for tests and libraries. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
