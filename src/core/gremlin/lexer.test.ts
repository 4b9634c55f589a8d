import { describe, expect, it } from 'vitest'
import { tokenize } from './lexer.js'
import { GremlinSyntaxError } from './syntax-error.js'

const kinds = (q: string) => tokenize(q).map((t) => `${t.type}:${t.text}`)

describe('tokenize() (spec/api.md §5.1)', () => {
  it('splits identifiers, strings, numbers and punctuation, skipping spaces, tabs and newlines', () => {
    expect(kinds("G.V().Has('Name',\t\"eth0\")\n.Limit(10)")).toEqual([
      'ident:G', '.:.', 'ident:V', '(:(', '):)', '.:.', 'ident:Has', '(:(', 'string:Name', ',:,', 'string:eth0', '):)',
      '.:.', 'ident:Limit', '(:(', 'number:10', '):)', 'eof:',
    ])
  })

  it('ends a string at the next quote of either kind and keeps backslashes literally', () => {
    // "it's" is the string "it", the identifier s, then an unterminated string
    expect(() => tokenize(`"it's"`)).toThrow('1:6: expected a closing quote')
    expect(tokenize(`'a"`)[0]).toMatchObject({ type: 'string', text: 'a', offset: 0, end: 3 })
    expect(tokenize(`'C:\\dir\\'`)[0]).toMatchObject({ type: 'string', text: 'C:\\dir\\' })
  })

  it('accepts identifiers with digits and underscores after the first letter', () => {
    expect(kinds('IPV4Range ab_1')).toEqual(['ident:IPV4Range', 'ident:ab_1', 'eof:'])
  })

  it('reads numbers as digits and dots without a sign', () => {
    expect(kinds('1500 1.5 1.2.3')).toEqual(['number:1500', 'number:1.5', 'number:1.2.3', 'eof:'])
  })

  it('rejects a letter right after digits, naming the position', () => {
    expect(() => tokenize('G.V().Limit(12a)')).toThrow("1:15: expected a digit or the end of number '12', found letter 'a'")
  })

  it('rejects an unterminated string at its opening quote', () => {
    const err = (() => { try { tokenize("G.V().Has('Name)") } catch (e) { return e } })() as GremlinSyntaxError
    expect(err).toBeInstanceOf(GremlinSyntaxError)
    expect([err.offset, err.line, err.column, err.code]).toEqual([10, 1, 11, 'gremlin-syntax'])
    expect(err.message).toBe('1:11: expected a closing quote for the string starting here, found end of query')
  })

  it('rejects carriage returns and other characters outside strings', () => {
    expect(() => tokenize('G.V()\r\n')).toThrow('1:6: expected a step, a value or punctuation, found a carriage return')
    expect(() => tokenize('G.V()#')).toThrow("found '#'")
    expect(() => tokenize('G.V().Has(-1)')).toThrow("1:11: expected a step, a value or punctuation, found '-'")
    expect(() => tokenize('G.V().Has("é")')).not.toThrow()
  })

  it('counts lines on newlines only', () => {
    expect(() => tokenize("G.V()\n  .Has('x',\n  $)")).toThrow("3:3: expected a step, a value or punctuation, found '$'")
  })
})
