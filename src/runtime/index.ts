/**
 * @module runtime
 * Node implementations of the ports the core asks for (src/core/ports.ts).
 */
export { systemClock } from './system-clock.js'
export { createStderrLogger, type LogLevel } from './stderr-logger.js'
