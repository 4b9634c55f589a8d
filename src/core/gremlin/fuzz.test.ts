// Fuzzing: random, generated and mutated queries never raise anything but SkydiveError.
import { describe, expect, it } from 'vitest'
import { SkydiveError } from '../errors.js'
import { GremlinSyntaxError, runGremlin } from './index.js'
import { graph, flowStoreFixture } from '../../../test/fixtures/gremlin/run.js'
import { mulberry32 as prng } from '../../../test/fixtures/prng.js'

const CORPUS = [
  "G.V().Has('Name', 'eth0')",
  "G.V().Has('Name', 'alert-lo-down', 'Type', 'netns').Out('Name','lo').Values('State')",
  "g.V().Has('Type', 'netns').OutE().BothV()",
  "g.E().Has('RelationType', 'layer2')",
  "G.V().has('Name', NE('lo'))",
  "G.V().Has('Type', 'host').HasKey('Sockets')",
  "G.V().Has('IPV4', IPV4Range('192.168.0.0/24'))",
  'G.V().Has("Value", 1).ShortestPathTo(Metadata("Value", 3), Metadata("Direction", "Left"))',
  "G.V().Has('Type', 'ovsbridge').Flows().Has('LayersPath', 'Ethernet/IPv4/ICMPv4')",
  "G.Flows().Has('Network', '169.254.107.33', 'LayersPath', 'Ethernet/IPv4/ICMPv4').Dedup()",
  "G.Flows().Has('LayersPath', Regex('.*ICMPv4.*')).Count()",
  "G.Context(1454659514).Flows().Has('Application', 'DNS')",
  "G.At('-1m').V().Limit(1)",
  "G.V().Has('TID', 'abc').Descendants(0)",
  "G.Flows().Has('Transport', NE('')).Sockets()",
  "G.V().Has('MTU', Inside(1000, 9000)).Sort(DESC, 'MTU').Range(1, 3).ValueMap('Name', 'MTU')",
  "G.V('host1').As('h').Out().As('o').Select('h', 'o').SubGraph()",
  "G.E().Has('Type', 'fabric').SubGraph().V().Keys()",
  "G.Flows().Metrics().Aggregates(1)",
  "G.V().Has('Type', 'host').Sockets().Has('State', 'LISTEN').Values('Name')",
  "G.V().Has('Name', 'eth0').NextHop('8.8.8.8')",
  "G.Flows().Group('Application').MoreThan(1)",
  "G.V().Metrics('SFlow').Aggregates(10)",
  "G.Flows().RawPackets().BPF('tcp')",
]

const STEPS = ['V', 'E', 'Has', 'HasKey', 'HasNot', 'HasEither', 'Out', 'In', 'Both', 'OutE', 'InE', 'BothE', 'OutV', 'InV', 'BothV',
  'Dedup', 'Count', 'Values', 'ValueMap', 'Keys', 'Limit', 'Range', 'Sort', 'ShortestPathTo', 'SubGraph', 'Sum', 'As', 'Select',
  'Descendants', 'Ascendants', 'Neighbors', 'Flows', 'Sockets', 'Metrics', 'Aggregates', 'CaptureNode', 'Context', 'At', 'G',
  'NextHop', 'Group', 'MoreThan', 'RawPackets', 'BPF']
const PREDICATES = ['NE', 'NEE', 'LT', 'GT', 'LTE', 'GTE', 'Inside', 'Outside', 'Between', 'Within', 'Without', 'Regex', 'IPV4Range', 'Metadata']
const KEYS = ['Name', 'Type', 'MTU', 'IPV4', 'State', 'Sockets.LocalPort', '@ID', '@Revision', 'Parent', 'Network', 'Transport', 'TCP.A',
  'LayersPath', 'Metric.ABBytes', 'Value', 'Direction', 'RelationType', 'Captures.State', 'Metadata.Type', '']
const WORDS = ['eth0', 'lo', 'host', 'netns', 'veth', 'layer2', 'ownership', '10.0.0.0/8', '192.168.0.1', 'br.*', '^x', '(', '-1m',
  'UP', 'host1', 'h1-eth0', 'f1', 'Left', '5m', 'NOW']
const KEYWORDS = ['TRUE', 'FALSE', 'ASC', 'DESC', 'NOW', 'FOREVER']
const NOISE = "G.V()HasOut('\",. \t\n\r0123456789abcxyzNE$^#é()"

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!
}

const ARITY: Record<string, number> = { NE: 1, NEE: 1, LT: 1, GT: 1, LTE: 1, GTE: 1, Regex: 1, IPV4Range: 1, Inside: 2, Outside: 2, Between: 2, Within: 3, Without: 2, Metadata: 2 }

function param(r: () => number, depth: number): string {
  const x = r()
  if (x < 0.35) return `'${pick(r, r() < 0.5 ? KEYS : WORDS)}'`
  if (x < 0.55) return String(Math.floor(r() * (r() < 0.8 ? 10 : 70000)) + (r() < 0.1 ? 0.5 : 0))
  if (x < 0.65) return pick(r, KEYWORDS)
  if (depth > 2) return `'${pick(r, WORDS)}'`
  const name = pick(r, PREDICATES)
  const n = r() < 0.8 ? ARITY[name]! : Math.floor(r() * 4)
  return `${name}(${Array.from({ length: n }, () => param(r, depth + 1)).join(', ')})`
}

const key = (r: () => number) => `'${pick(r, KEYS)}'`
const pairs = (r: () => number, max: number) =>
  Array.from({ length: Math.floor(r() * (max + 1)) }, () => `${key(r)}, ${r() < 0.5 ? `'${pick(r, WORDS)}'` : param(r, 0)}`).join(', ')

/** Mostly well-shaped arguments for a step, so that evaluation is reached. */
function argsFor(r: () => number, name: string): string {
  switch (name) {
    case 'V': case 'E': return r() < 0.7 ? '' : `'${pick(r, WORDS)}'`
    case 'Has': case 'HasEither': case 'Flows': return pairs(r, 2)
    case 'Out': case 'In': case 'Both': case 'OutE': case 'InE': case 'BothE': case 'OutV': case 'InV': case 'BothV': case 'CaptureNode':
      return r() < 0.6 ? '' : pairs(r, 1)
    case 'HasKey': case 'HasNot': case 'Values': case 'Sum': case 'As': return key(r)
    case 'ValueMap': case 'Dedup': return [key(r), key(r)].slice(0, Math.floor(r() * 3)).join(', ')
    case 'Limit': return String(Math.floor(r() * 5))
    case 'Range': return `${Math.floor(r() * 3)}, ${Math.floor(r() * 6)}`
    case 'Sort': return pick(r, ['', "DESC, 'MTU'", "'Name'", 'ASC', "'Last'"])
    case 'ShortestPathTo': return `Metadata(${pairs(r, 1)})${r() < 0.3 ? `, Metadata(${pairs(r, 1)})` : ''}`
    case 'Descendants': case 'Ascendants': case 'Neighbors': return [pairs(r, 1), String(Math.floor(r() * 3))].filter(Boolean).join(', ')
    case 'Aggregates': return r() < 0.5 ? '' : String(1 + Math.floor(r() * 30))
    case 'Context': case 'At': return pick(r, ['NOW', "'-1m'", '1454659514', "NOW, FOREVER", "'x'"])
    case 'Select': return "'h'"
    case 'NextHop': return `'${pick(r, ['8.8.8.8', '192.168.0.7', '172.16.5.9', 'fd00::5', '10.0.0', '::ffff:10.0.0.9'])}'`
    case 'Group': return r() < 0.5 ? '' : key(r)
    case 'MoreThan': return pick(r, ['', '0', '1', "'2'", "'x'"])
    case 'Metrics': return pick(r, ['', "'SFlow'", "'Ovs'", "'LastUpdateMetric'", "'sflow'"])
    case 'BPF': return "'tcp'"
    default: return ''
  }
}

/** A query from the grammar: mostly well-formed, often semantically wrong. */
function generated(r: () => number): string {
  const steps = Array.from({ length: 1 + Math.floor(r() * 6) }, () => {
    const name = pick(r, STEPS)
    if (name === 'G') return 'G'
    const args = r() < 0.8 ? argsFor(r, name) : Array.from({ length: Math.floor(r() * 5) }, () => param(r, 0)).join(r() < 0.1 ? ' ' : ', ')
    return `${r() < 0.1 ? name.toLowerCase() : name}(${args})`
  })
  return `G.${r() < 0.6 ? 'V().' : r() < 0.5 ? 'Flows().' : ''}${steps.join('.')}`
}

/** A corpus query with a few character-level edits. */
function mutated(r: () => number): string {
  let q = pick(r, CORPUS)
  const edits = 1 + Math.floor(r() * 4)
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (q.length + 1))
    const op = r()
    if (op < 0.3) q = q.slice(0, at) + q.slice(at + 1 + Math.floor(r() * 3))
    else if (op < 0.6) q = q.slice(0, at) + pick(r, [...NOISE]) + q.slice(at)
    else if (op < 0.75) q = q.slice(0, at)
    else if (op < 0.9) { const o = pick(r, CORPUS); q = q.slice(0, at) + o.slice(Math.floor(r() * o.length)) }
    else q = q.slice(0, at) + q.slice(at).toUpperCase()
  }
  return q
}

function noise(r: () => number): string {
  return Array.from({ length: Math.floor(r() * 40) }, () => pick(r, [...NOISE])).join('')
}

describe('Gremlin fuzzing', () => {
  it('answers 100,000 random, generated and mutated queries with a result or a SkydiveError', () => {
    const r = prng(0x5eed)
    const tally = { results: 0, syntax: 0, eval: 0 }
    const unexpected: string[] = []
    for (let i = 0; i < 100_000; i++) {
      const x = r()
      const q = x < 0.3 ? mutated(r) : x < 0.9 ? generated(r) : noise(r)
      try {
        const res = runGremlin(q, { graph, flows: flowStoreFixture })
        JSON.stringify(res.json)
        tally.results++
      } catch (err) {
        if (err instanceof GremlinSyntaxError && /^\d+:\d+: expected /.test(err.message)) tally.syntax++
        else if (err instanceof SkydiveError && err.message.length > 0) tally.eval++
        else if (unexpected.length < 5) unexpected.push(`${JSON.stringify(q)}: ${String(err)}`)
      }
    }
    expect(unexpected).toEqual([])
    expect(tally.results + tally.syntax + tally.eval).toBe(100_000)
    // the mix reaches every outcome, so the evaluator (not just the parser) is exercised
    expect(tally.results).toBeGreaterThan(5_000)
    expect(tally.syntax).toBeGreaterThan(5_000)
    expect(tally.eval).toBeGreaterThan(5_000)
  })

  it('stops a query whose steps multiply the elements past the limit', () => {
    const q = `G.V()${'.Both()'.repeat(30)}`
    let err: unknown
    try { runGremlin(q, { graph, maxStepElements: 1000 }) } catch (e) { err = e }
    expect(err).toBeInstanceOf(SkydiveError)
    expect((err as SkydiveError).message).toBe('1:35: Cannot run Both(): it produces more than 1000 elements')
    // V().Both().Both() yields the sum of squared degrees of the fixture: 92 elements, under the limit
    expect(runGremlin('G.V().Both().Both().Count()', { graph, maxStepElements: 1000 }).json).toBe(92)
  })
})
