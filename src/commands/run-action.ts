/**
 * The only place that turns errors into output and exit codes (STYLE.md §5).
 * Exit status: 0 ok, 1 a failed check or request, 2 bad usage (DESIGN.md).
 */
import { SkydiveError, type ErrorCode } from '../core/errors.js'

const EXIT_CODES: Partial<Record<ErrorCode, number>> = {
  'bad-usage': 2,
  'config-invalid': 2,
  'gremlin-syntax': 1,
}

/** Exit code for an error thrown by a command action. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof SkydiveError) return EXIT_CODES[err.code] ?? 1
  return 1
}

/** Prints an error the way every command does: one line, then an optional hint. */
export function reportError(err: unknown): void {
  if (err instanceof SkydiveError) {
    process.stderr.write(`Error: ${err.message}\n`)
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`)
  } else if (err instanceof Error) {
    process.stderr.write(`Error: ${err.message}\n`)
    if (process.env['SKYDIVE_DEBUG']) process.stderr.write(`${err.stack}\n`)
  } else {
    process.stderr.write(`Error: ${String(err)}\n`)
  }
}

/** Wraps a commander action so errors become a message and an exit code, never a stack trace. */
export const runAction =
  <A extends unknown[]>(fn: (...a: A) => Promise<void>) =>
  async (...a: A): Promise<void> => {
    try {
      await fn(...a)
    } catch (err) {
      reportError(err)
      process.exitCode = exitCodeFor(err)
    }
  }
