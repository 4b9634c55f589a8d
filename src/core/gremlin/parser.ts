/**
 * Recursive-descent parser of spec/api.md §5.2: `G ("." step)*`, steps with parenthesised
 * parameter lists where commas are optional (as upstream's `parseStepParams` skips them).
 */
import { type BareKeyword, type GremlinQuery, type Param, PREDICATE_NAMES, type PredicateName, type Step, describeParam } from './ast.js'
import { type Token, tokenize } from './lexer.js'
import { GremlinSyntaxError } from './syntax-error.js'
import type { StepDef } from './traversal.js'

const PREDICATES = new Map<string, PredicateName>(PREDICATE_NAMES.map((p) => [p.toUpperCase(), p]))
const BARE = new Set<string>(['ASC', 'DESC', 'NOW', 'FOREVER'])
/** Upstream nests predicates freely; a bound keeps a hostile query from exhausting the stack. */
const MAX_DEPTH = 32
const INT64_MAX = 9223372036854775807n

/** Arity of each predicate: [min, max]. */
const PREDICATE_ARITY: Record<PredicateName, [number, number]> = {
  NE: [1, 1], NEE: [1, 1], LT: [1, 1], GT: [1, 1], LTE: [1, 1], GTE: [1, 1], Regex: [1, 1], IPV4Range: [1, 1],
  Inside: [2, 2], Outside: [2, 2], Between: [2, 2], Within: [0, Infinity], Without: [0, Infinity],
}

/** Parses `text` with the given step table (keys upper-cased). Throws GremlinSyntaxError. */
export function parseQuery(text: string, steps: ReadonlyMap<string, StepDef>): GremlinQuery {
  return new Parser(text, tokenize(text), steps).query()
}

class Parser {
  #i = 0
  constructor(readonly text: string, readonly tokens: Token[], readonly steps: ReadonlyMap<string, StepDef>) {}

  #peek(): Token {
    return this.tokens[this.#i]!
  }

  #next(): Token {
    const t = this.tokens[this.#i]!
    if (t.type !== 'eof') this.#i++
    return t
  }

  #fail(at: Token | number, expected: string, hint?: string): never {
    const offset = typeof at === 'number' ? at : at.offset
    const found = typeof at === 'number' ? '' : `, found ${describe(at)}`
    throw new GremlinSyntaxError(this.text, offset, `expected ${expected}${found}`, hint)
  }

  query(): GremlinQuery {
    const first = this.#next()
    if (first.type !== 'ident' || first.text.toUpperCase() !== 'G') {
      this.#fail(first, "'G' at the start of the query", "queries look like G.V().Has('Name', 'eth0')")
    }
    const steps: Step[] = []
    let last = 'G'
    for (;;) {
      const t = this.#next()
      if (t.type === 'eof') break
      if (t.type !== '.') this.#fail(t, `'.' or end of query after '${last}'`)
      const step = this.#step()
      steps.push(step)
      last = step.parens ? `${step.written}(…)` : step.written
    }
    return { text: this.text, steps }
  }

  #step(): Step {
    const t = this.#next()
    if (t.type !== 'ident') this.#fail(t, "a step name after '.'")
    const upper = t.text.toUpperCase()
    if (upper === 'G') return { name: 'G', written: t.text, params: [], offset: t.offset, parens: false }
    const def = this.steps.get(upper)
    if (!def) {
      this.#fail(t, "a step name after '.'", `'${t.text}' is not a known step; steps include V(), E(), Has(), Out(), In(), Both(), Count(), Values()`)
    }
    const open = this.#next()
    if (open.type !== '(') this.#fail(open, `'(' after '${t.text}'`, 'every step but G needs parentheses, e.g. V() not V')
    const params = this.#params(`${t.text}(`, 0)
    const problem = def.check?.(params)
    if (problem) {
      const found = params.length ? params.map(describeParam).join(', ') : 'no arguments'
      throw new GremlinSyntaxError(this.text, t.offset, `expected ${problem} in '${t.text}(…)', found ${found}`)
    }
    return { name: def.name, written: t.text, params, offset: t.offset, parens: true }
  }

  /** Parameters up to and including the closing parenthesis. */
  #params(context: string, depth: number): Param[] {
    if (depth > MAX_DEPTH) this.#fail(this.#peek(), `at most ${MAX_DEPTH} nested predicates`)
    const params: Param[] = []
    for (;;) {
      const t = this.#next()
      switch (t.type) {
        case ')': return params
        case ',': continue
        case 'eof': return this.#fail(t, `')' after '${context}' arguments`)
        case 'string': params.push({ type: 'string', value: t.text, offset: t.offset }); continue
        case 'number': params.push(this.#number(t)); continue
        case 'ident': params.push(this.#identParam(t, context, depth)); continue
        default: return this.#fail(t, `a value or ')' in '${context}' arguments`)
      }
    }
  }

  #number(t: Token): Param {
    if (/^\d+$/.test(t.text) && BigInt(t.text) <= INT64_MAX) {
      return { type: 'number', value: Number(t.text), integer: true, offset: t.offset }
    }
    // Same acceptance as Go's strconv.ParseFloat on digits and dots: "1.5", "1.", not "1.2.3".
    if (/^\d+(\.\d*)?$/.test(t.text)) return { type: 'number', value: Number(t.text), integer: false, offset: t.offset }
    return this.#fail(t, 'a number with at most one decimal point')
  }

  #identParam(t: Token, context: string, depth: number): Param {
    const upper = t.text.toUpperCase()
    if (upper === 'TRUE' || upper === 'FALSE') return { type: 'boolean', value: upper === 'TRUE', offset: t.offset }
    if (BARE.has(upper)) return { type: 'keyword', value: upper as BareKeyword, offset: t.offset }
    const predicate = PREDICATES.get(upper)
    if (predicate || upper === 'METADATA') {
      const open = this.#next()
      if (open.type !== '(') this.#fail(open, `'(' after '${t.text}'`)
      const args = this.#params(`${t.text}(`, depth + 1)
      if (!predicate) return { type: 'metadata', args, offset: t.offset }
      const [min, max] = PREDICATE_ARITY[predicate]
      if (args.length < min || args.length > max) {
        const want = `${min} argument${min > 1 ? 's' : ''}`
        const found = args.length ? args.map(describeParam).join(', ') : 'no arguments'
        throw new GremlinSyntaxError(this.text, t.offset, `expected ${want} in '${t.text}(…)', found ${found}`)
      }
      if (predicate === 'Regex' && args[0]!.type !== 'string') {
        throw new GremlinSyntaxError(this.text, args[0]!.offset, `expected a string pattern in '${t.text}(…)', found ${describeParam(args[0]!)}`)
      }
      return { type: 'predicate', name: predicate, args, offset: t.offset }
    }
    return this.#fail(t, `a value in '${context}' arguments (a string, a number, TRUE, FALSE, ASC, DESC, NOW, FOREVER or a predicate such as NE(…))`)
  }
}

function describe(t: Token): string {
  switch (t.type) {
    case 'eof': return 'end of query'
    case 'string': return `string '${t.text}'`
    case 'number': return `number ${t.text}`
    case 'ident': return `'${t.text}'`
    default: return `'${t.type}'`
  }
}
