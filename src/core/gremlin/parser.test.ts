import { describe, expect, it } from 'vitest'
import { isSkydiveError } from '../errors.js'
import { GremlinSyntaxError, parseGremlin } from './index.js'

function syntaxError(q: string): GremlinSyntaxError {
  try {
    parseGremlin(q)
  } catch (err) {
    if (err instanceof GremlinSyntaxError) return err
    throw err
  }
  throw new Error(`${q} parsed`)
}

describe('parseGremlin() AST', () => {
  it('parses steps and typed parameters with their offsets', () => {
    const q = parseGremlin("G.V().Has('Name', 'eth0', 'MTU', 1500, 'Up', TRUE).Limit(1.5)")
    expect(q.steps.map((s) => s.name)).toEqual(['V', 'Has', 'Limit'])
    expect(q.steps[1]!.params).toEqual([
      { type: 'string', value: 'Name', offset: 10 },
      { type: 'string', value: 'eth0', offset: 18 },
      { type: 'string', value: 'MTU', offset: 26 },
      { type: 'number', value: 1500, integer: true, offset: 33 },
      { type: 'string', value: 'Up', offset: 39 },
      { type: 'boolean', value: true, offset: 45 },
    ])
    expect(q.steps[2]!.params).toEqual([{ type: 'number', value: 1.5, integer: false, offset: 57 }])
  })

  it('matches step, predicate and keyword names case-insensitively and records the canonical name', () => {
    const q = parseGremlin("g.v().has('Name', ne('lo')).sort(desc, 'MTU').at('-1m')")
    expect(q.steps.map((s) => [s.name, s.written])).toEqual([['V', 'v'], ['Has', 'has'], ['Sort', 'sort'], ['Context', 'at']])
    expect(q.steps[1]!.params[1]).toMatchObject({ type: 'predicate', name: 'NE', args: [{ type: 'string', value: 'lo' }] })
    expect(q.steps[2]!.params[0]).toEqual({ type: 'keyword', value: 'DESC', offset: 33 })
  })

  it('treats commas as optional separators', () => {
    const spaced = parseGremlin("G.V().Has('Type' 'host')").steps[1]!.params
    const commas = parseGremlin("G.V().Has(,'Type',,'host',)").steps[1]!.params
    expect(spaced.map((p) => p.type === 'string' && p.value)).toEqual(['Type', 'host'])
    expect(commas.map((p) => p.type === 'string' && p.value)).toEqual(['Type', 'host'])
  })

  it('ends strings at either quote kind, so mixed quotes still pair up', () => {
    const params = parseGremlin(`G.V().Has("Name', 'eth0")`).steps[1]!.params
    expect(params.map((p) => p.type === 'string' && p.value)).toEqual(['Name', 'eth0'])
  })

  it('reads integers beyond int64 and dotted literals as floats', () => {
    const [big] = parseGremlin('G.V().Limit(99999999999999999999)').steps[1]!.params
    expect(big).toMatchObject({ type: 'number', integer: false })
    const [max] = parseGremlin('G.V().Limit(9223372036854775807)').steps[1]!.params
    expect(max).toMatchObject({ type: 'number', integer: true })
  })

  it('parses nested predicates, Metadata() and every bare keyword', () => {
    const q = parseGremlin("G.V().Has('a', Within(1, 'b', TRUE), 'c', Outside(1, 5)).ShortestPathTo(Metadata('Name', 'x'), Metadata())")
    expect(q.steps[1]!.params[1]).toMatchObject({ type: 'predicate', name: 'Within', args: [{ value: 1 }, { value: 'b' }, { value: true }] })
    expect(q.steps[1]!.params[3]).toMatchObject({ type: 'predicate', name: 'Outside' })
    expect(q.steps[2]!.params.map((p) => p.type)).toEqual(['metadata', 'metadata'])
    const kw = parseGremlin('G.Context(NOW, FOREVER).V().Sort(ASC)')
    expect(kw.steps[0]!.params.map((p) => p.type === 'keyword' && p.value)).toEqual(['NOW', 'FOREVER'])
  })

  it('parses IPV4Range in any case and a bare G step', () => {
    expect(parseGremlin("G.V().Has('IPV4', Ipv4Range('10.0.0.0/8'))").steps[1]!.params[1]).toMatchObject({ name: 'IPV4Range' })
    expect(parseGremlin('G.V().G.E()').steps.map((s) => s.name)).toEqual(['V', 'G', 'E'])
  })

  it('parses every time-context form of spec/api.md §5.6', () => {
    for (const q of [
      'G.Context(NOW)', 'G.Context(1454659514)', 'G.Context(1720000000000)', "G.Context('-10m')", "G.Context('-1h30m')",
      "G.Context('Mon, 02 Jan 2006 15:04:05 MST')", 'G.Context(NOW, 60)', "G.Context(NOW, '5m')", 'G.Context(NOW, FOREVER)',
      "G.At('-1m').V().Limit(1)", "G.Context('NOW')",
    ]) {
      expect(parseGremlin(q).steps[0]!.name).toBe('Context')
    }
  })
})

describe('parseGremlin() errors', () => {
  it('names the position and what was expected', () => {
    const err = syntaxError("G.V().Has('a'")
    expect(err.message).toBe("1:14: expected ')' after 'Has(' arguments, found end of query")
    expect([err.code, err.offset, err.line, err.column]).toEqual(['gremlin-syntax', 13, 1, 14])
    expect(isSkydiveError(err, 'gremlin-syntax')).toBe(true)
  })

  it('counts lines and columns across newlines', () => {
    const err = syntaxError("G.V()\n  .Has('a'")
    expect([err.line, err.column]).toEqual([2, 11])
    expect(err.message).toBe("2:11: expected ')' after 'Has(' arguments, found end of query")
  })

  it.each([
    ['V()', "1:1: expected 'G' at the start of the query, found 'V'"],
    ['', "1:1: expected 'G' at the start of the query, found end of query"],
    ['G.V', "1:4: expected '(' after 'V', found end of query"],
    ['G.V().Foo()', "1:7: expected a step name after '.', found 'Foo'"],
    ['G.V()Has()', "1:6: expected '.' or end of query after 'V(…)', found 'Has'"],
    ['G.V().', "1:7: expected a step name after '.', found end of query"],
    ["G.V().Has('a', Foo)", "1:16: expected a value in 'Has(' arguments (a string, a number, TRUE, FALSE, ASC, DESC, NOW, FOREVER or a predicate such as NE(…)), found 'Foo'"],
    ["G.V().Has('a', V())", "1:16: expected a value in 'Has(' arguments (a string, a number, TRUE, FALSE, ASC, DESC, NOW, FOREVER or a predicate such as NE(…)), found 'V'"],
    ["G.V().Has('a' .)", "1:15: expected a value or ')' in 'Has(' arguments, found '.'"],
    ["G.V().Has('a', NE)", "1:18: expected '(' after 'NE', found ')'"],
    ["G.V().Has('a', NE(1, 2))", "1:16: expected 1 argument in 'NE(…)', found 1, 2"],
    ["G.V().Has('a', Inside(1))", "1:16: expected 2 arguments in 'Inside(…)', found 1"],
    ["G.V().Has('a', Regex(1))", "1:22: expected a string pattern in 'Regex(…)', found 1"],
    ['G.V().Limit(1.2.3)', "1:13: expected a number with at most one decimal point, found number 1.2.3"],
    ['G.V().Count(1)', "1:7: expected no arguments in 'Count(…)', found 1"],
    ["G.V('a', 'b')", "1:3: expected at most one string ID in 'V(…)', found 'a', 'b'"],
    ['G.V(1)', "1:3: expected at most one string ID in 'V(…)', found 1"],
    ['G.V().HasKey()', "1:7: expected one string key in 'HasKey(…)', found no arguments"],
    ["G.V().HasNot('a', 'b')", "1:7: expected one string key in 'HasNot(…)', found 'a', 'b'"],
    ['G.V().Values()', "1:7: expected one string key in 'Values(…)', found no arguments"],
    ['G.V().ValueMap()', "1:7: expected at least 1 string key in 'ValueMap(…)', found no arguments"],
    ['G.V().Range(1)', "1:7: expected 2 arguments in 'Range(…)', found 1"],
    ["G.V().Sort('a', DESC)", "1:7: expected ASC or DESC then a string key in 'Sort(…)', found 'a', DESC"],
    ["G.V().ShortestPathTo('a')", "1:7: expected Metadata(…) arguments only in 'ShortestPathTo(…)', found 'a'"],
    ['G.Context()', "1:3: expected a time and an optional duration in 'Context(…)', found no arguments"],
    ["G.V().Dedup(1)", "1:7: expected string keys only in 'Dedup(…)', found 1"],
  ])('rejects %j', (q, message) => {
    expect(syntaxError(q).message).toBe(message)
  })

  it('gives a hint for unknown steps and missing parentheses', () => {
    expect(syntaxError('G.V().Foo()').hint).toMatch(/not a known step/)
    expect(syntaxError('G.V').hint).toMatch(/V\(\) not V/)
  })

  it('bounds predicate nesting instead of exhausting the stack', () => {
    const q = `G.V().Has('a', ${'Within('.repeat(5000)}1${')'.repeat(5000)})`
    expect(syntaxError(q).message).toMatch(/expected at most 32 nested predicates/)
  })
})
