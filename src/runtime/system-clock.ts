import type { Clock } from '../core/ports.js'

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() }
