/**
 * The typed error of a malformed query: it names the position (1-based line and column) and
 * what the parser expected, as deno std's `XmlSyntaxError` does (STYLE.md §3).
 */
import { SkydiveError } from '../errors.js'

/** A Gremlin query that cannot be parsed. The message starts with `<line>:<column>: `. */
export class GremlinSyntaxError extends SkydiveError {
  override name = 'GremlinSyntaxError'
  /** 1-based line of the offending character */
  readonly line: number
  /** 1-based column of the offending character */
  readonly column: number

  /** `offset` is the 0-based index into `query` where the problem starts. */
  constructor(readonly query: string, readonly offset: number, detail: string, hint?: string) {
    const { line, column } = positionOf(query, offset)
    super('gremlin-syntax', `${line}:${column}: ${detail}`, hint)
    this.line = line
    this.column = column
  }
}

/** 1-based line and column of `offset` in `text` (only `\n` starts a line, spec/api.md §5.1). */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  const end = Math.min(offset, text.length)
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

/**
 * A query that parses but cannot run (a step after one it cannot follow, a bad argument): the
 * message starts with the `<line>:<column>: ` of the step, as a syntax error's does.
 */
export class GremlinEvalError extends SkydiveError {
  override name = 'GremlinEvalError'
  /** 1-based line of the step that failed */
  readonly line: number
  /** 1-based column of the step that failed */
  readonly column: number

  /** `offset` is the 0-based index into `query` of the step that failed. */
  constructor(readonly query: string, readonly offset: number, detail: string, hint?: string, options?: ErrorOptions) {
    const { line, column } = positionOf(query, offset)
    super('gremlin-eval', `${line}:${column}: ${detail}`, hint, options)
    this.line = line
    this.column = column
  }
}
