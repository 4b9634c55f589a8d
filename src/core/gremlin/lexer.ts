/**
 * The Gremlin scanner of spec/api.md §5.1 (upstream `traversal_scanner.go`): identifiers,
 * strings without escapes that end at the next quote of either kind, unsigned numbers,
 * punctuation. Keywords are recognised later, case-insensitively, by the parser.
 */
import { GremlinSyntaxError } from './syntax-error.js'

export type TokenType = 'ident' | 'string' | 'number' | '(' | ')' | ',' | '.' | 'eof'

/** One lexical token; `offset`/`end` index the query text (end exclusive). */
export interface Token {
  type: TokenType
  /** the text as written; for strings the content without quotes */
  text: string
  offset: number
  end: number
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
const isDigit = (c: number) => c >= 48 && c <= 57
// Quirk (api spec §5.1): CR is not whitespace upstream, so "G\r\n.V()" is an error.
const isSpace = (c: number) => c === 32 || c === 9 || c === 10
const isQuote = (c: number) => c === 34 || c === 39

/** Splits a query into tokens, ending with an `eof` token. Throws GremlinSyntaxError. */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const n = query.length
  while (i < n) {
    const c = query.charCodeAt(i)
    if (isSpace(c)) {
      i++
    } else if (isLetter(c)) {
      const start = i
      while (i < n && (isLetter(query.charCodeAt(i)) || isDigit(query.charCodeAt(i)) || query.charCodeAt(i) === 95)) i++
      tokens.push({ type: 'ident', text: query.slice(start, i), offset: start, end: i })
    } else if (isDigit(c)) {
      const start = i
      while (i < n && (isDigit(query.charCodeAt(i)) || query.charCodeAt(i) === 46)) i++
      if (i < n && isLetter(query.charCodeAt(i))) {
        throw new GremlinSyntaxError(query, i,
          `expected a digit or the end of number '${query.slice(start, i)}', found letter '${query[i]}'`)
      }
      tokens.push({ type: 'number', text: query.slice(start, i), offset: start, end: i })
    } else if (isQuote(c)) {
      const start = i
      i++
      // Quirk (api spec §5.1): a string ends at the next quote of either kind; no escapes.
      while (i < n && !isQuote(query.charCodeAt(i))) i++
      if (i >= n) {
        throw new GremlinSyntaxError(query, start, `expected a closing quote for the string starting here, found end of query`,
          'strings end at the next \' or " and have no escape sequences')
      }
      tokens.push({ type: 'string', text: query.slice(start + 1, i), offset: start, end: i + 1 })
      i++
    } else if (c === 40 || c === 41 || c === 44 || c === 46) {
      tokens.push({ type: query[i] as '(' | ')' | ',' | '.', text: query[i]!, offset: i, end: i + 1 })
      i++
    } else {
      throw new GremlinSyntaxError(query, i, `expected a step, a value or punctuation, found ${describeChar(query, i)}`)
    }
  }
  tokens.push({ type: 'eof', text: '', offset: n, end: n })
  return tokens
}

function describeChar(query: string, i: number): string {
  const c = query.codePointAt(i)!
  if (c === 13) return 'a carriage return'
  if (c < 32 || c === 127) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`
  return `'${String.fromCodePoint(c)}'`
}
