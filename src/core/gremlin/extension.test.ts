import { describe, expect, it } from 'vitest'
import { SkydiveError } from '../errors.js'
import { graph, flowStoreFixture as flows } from '../../../test/fixtures/gremlin/run.js'
import { DEFAULT_EXTENSIONS, FlowTraversal, GremlinSyntaxError, type GremlinExtension, parseGremlin, runGremlin } from './index.js'

/** A step a later issue could add: the applications of the flows, with a parse-time check. */
const applications: GremlinExtension = {
  steps: [{
    name: 'Applications',
    aliases: ['Apps'],
    check: (ps) => (ps.length ? 'no arguments' : undefined),
    exec(input, _step, ctx) {
      if (!(input instanceof FlowTraversal)) throw new SkydiveError('gremlin-eval', 'Cannot run Applications() here: it applies to flows')
      return { kind: 'value', g: ctx.root, result: 'values', value: input.flows.map((f) => f.Application) }
    },
  }],
}
const extensions = [...DEFAULT_EXTENSIONS, applications]

describe('Gremlin extensions', () => {
  it('adds steps that run on the states of other extensions', () => {
    expect(runGremlin("G.Flows().Has('Network', '10.0.0.2').Apps()", { graph, flows, extensions }).json).toEqual(['ICMPv4', 'DNS'])
  })

  it('checks the new step parameters when parsing', () => {
    expect(() => parseGremlin('G.Flows().Applications(1)', extensions)).toThrow("1:11: expected no arguments in 'Applications(…)', found 1")
  })

  it('leaves the step unknown to queries without the extension', () => {
    expect(() => runGremlin('G.Flows().Applications()', { graph, flows })).toThrow(GremlinSyntaxError)
  })

  it('lets an extension step fail with a clear error on the wrong input', () => {
    expect(() => runGremlin('G.V().Applications()', { graph, flows, extensions })).toThrow('Cannot run Applications() here: it applies to flows')
  })
})
