import type { Logger } from '../core/ports.js'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

/** Field names whose values are never written, whatever the caller passes. */
const SECRET_FIELDS = /pass(word)?|secret|token|authorization|cookie/i

/** A logger writing one line per event to stderr: `time LEVEL [component] message k=v`. */
export function createStderrLogger(component: string, level: LogLevel = 'info'): Logger {
  const min = ORDER[level]
  const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return
    let line = `${new Date().toISOString()} ${lvl.toUpperCase()} [${component}] ${msg}`
    if (fields) {
      for (const [k, v] of Object.entries(fields)) {
        line += ` ${k}=${SECRET_FIELDS.test(k) ? '***' : typeof v === 'string' ? v : JSON.stringify(v)}`
      }
    }
    process.stderr.write(line + '\n')
  }
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  }
}
