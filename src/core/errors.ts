/**
 * Errors a user or caller can act on. Core errors know nothing of HTTP or exit codes:
 * the analyzer maps `code` to a status, the CLI to an exit code (STYLE.md §3).
 */
export type ErrorCode =
  | 'node-not-found'
  | 'edge-not-found'
  | 'element-conflict'
  | 'gremlin-syntax'
  | 'gremlin-eval'
  | 'no-history'
  | 'config-invalid'
  | 'analyzer-unreachable'
  | 'auth-failed'
  | 'request-failed'
  | 'capture-unavailable'
  | 'pcap-invalid'
  | 'bad-message'
  | 'bad-usage'
  | 'not-found'
  | 'check-failed'
  | 'listen-failed'
  | 'probe-failed'
  | 'render-failed'

/** Base class of every actionable error. `hint` carries a remedy, printed on its own line. */
export class SkydiveError extends Error {
  override name = 'SkydiveError'
  constructor(readonly code: ErrorCode, message: string, readonly hint?: string, options?: ErrorOptions) {
    super(message, options)
  }
}

/** True when `err` is a SkydiveError, optionally of the given code. */
export function isSkydiveError(err: unknown, code?: ErrorCode): err is SkydiveError {
  return err instanceof SkydiveError && (code === undefined || err.code === code)
}
