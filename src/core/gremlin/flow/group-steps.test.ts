// Group([key]) and MoreThan([n]) on the fixture flows (spec/api.md §5.4, result shape §3.4).
import { describe, expect, it } from 'vitest'
import { errorOf, flowStoreFixture as flows, run } from '../../../../test/fixtures/gremlin/run.js'

/** `[{"<key>": [flow…]}]` as {key: [UUID…]}, failing on any other shape. */
function groups(q: string): Record<string, string[]> {
  const json = run(q, flows).json as Array<Record<string, Array<{ UUID: string }>>>
  expect(Array.isArray(json) && json.length <= 1).toBe(true)
  return Object.fromEntries(Object.entries(json[0] ?? {}).map(([k, fs]) => [k, fs.map((f) => f.UUID)]))
}

describe('Group()', () => {
  it('groups flows by TrackingID by default', () => {
    expect(groups('G.Flows().Group()')).toEqual({ t1: ['f1', 'f2'], t3: ['f3'], t4: ['f4'], t5: ['f5'] })
    expect(run('G.Flows().Group()', flows).kind).toBe('groups')
  })

  it('groups by the string field given, layer aliases included', () => {
    expect(groups("G.Flows().Group('Application')")).toEqual({ DNS: ['f4'], ICMPv4: ['f3'], TCP: ['f1', 'f2', 'f5'] })
    expect(groups("G.Flows().Group('CaptureID')")).toEqual({ cap0: ['f1'], cap1: ['f2'], cap2: ['f3', 'f4'], cap3: ['f5'] })
    // IPV4.A is Network.A whatever the network protocol (spec/api.md §5.5 aliases)
    expect(groups("G.Flows().Group('IPV4.A')")).toEqual({ '10.0.0.2': ['f4'], '169.254.107.33': ['f3'], '192.168.0.2': ['f1', 'f2'], 'fd00::1': ['f5'] })
  })

  it('keeps the flows whole and the keys in sorted order, as Go writes maps', () => {
    const [map] = run("G.Flows().Has('UUID', 'f4').Group('Application')", flows).json as Array<Record<string, unknown[]>>
    expect(map).toEqual({ DNS: [run("G.Flows().Has('UUID', 'f4')", flows).json as unknown[]].flat() })
    expect(Object.keys(groups("G.Flows().Group('Application')"))).toEqual(['DNS', 'ICMPv4', 'TCP'])
  })

  it('answers [] when there is no flow', () => {
    expect(run("G.Flows().Has('Application', 'none').Group()", flows)).toEqual({ kind: 'groups', json: [] })
    expect(run('G.Flows().Group()').json).toEqual([])
  })

  it('fails when a flow has no string at the key, naming the flow', () => {
    expect(errorOf("G.Flows().Group('Transport.A')", flows)).toMatchObject({ name: 'GremlinEvalError',
      message: "1:11: Cannot group flow 'f1' by 'Transport.A': its value 51000 is not a string" })
    expect(errorOf("G.Flows().Group('ICMP.Type')", flows).message).toBe("1:11: Cannot group flow 'f1' by 'ICMP.Type': it has no such field")
  })

  it('runs on flows only and takes at most one string key', () => {
    expect(errorOf('G.V().Group()', flows).message).toBe('1:7: Cannot run Group() on nodes: Group() applies to flows')
    expect(errorOf("G.V().Flows().Count().Group()", flows).message).toBe('1:23: Cannot run Group() on a number: Group() applies to flows')
    expect(errorOf('G.Flows().Group(1)', flows)).toMatchObject({ name: 'GremlinSyntaxError',
      message: "1:11: expected at most one string key such as 'TrackingID' in 'Group(…)', found 1" })
    expect(errorOf("G.Flows().Group('a', 'b')", flows).code).toBe('gremlin-syntax')
  })
})

describe('MoreThan()', () => {
  it('keeps the groups of more than one flow by default', () => {
    expect(groups('G.Flows().Group().MoreThan()')).toEqual({ t1: ['f1', 'f2'] })
    expect(groups("G.Flows().Group('CaptureID').MoreThan()")).toEqual({ cap2: ['f3', 'f4'] })
  })

  it('keeps the groups of more than n flows, n as a number or a numeric string', () => {
    expect(groups("G.Flows().Group('Application').MoreThan(2)")).toEqual({ TCP: ['f1', 'f2', 'f5'] })
    expect(groups("G.Flows().Group('Application').MoreThan('2')")).toEqual({ TCP: ['f1', 'f2', 'f5'] })
    expect(groups("G.Flows().Group('Application').MoreThan(0)")).toEqual({ DNS: ['f4'], ICMPv4: ['f3'], TCP: ['f1', 'f2', 'f5'] })
    expect(run("G.Flows().Group('Application').MoreThan(3)", flows).json).toEqual([])
    expect(groups("G.Flows().Group('Application').MoreThan(0).MoreThan(1)")).toEqual({ TCP: ['f1', 'f2', 'f5'] })
  })

  it('follows Group() only and takes one whole count', () => {
    expect(errorOf('G.Flows().MoreThan()', flows)).toMatchObject({ name: 'GremlinEvalError', line: 1, column: 11,
      message: '1:11: Cannot run MoreThan() on flows: MoreThan() applies to groups of flows (after Group())' })
    expect(errorOf('G.V().MoreThan(1)').message).toBe('1:7: Cannot run MoreThan() on nodes: MoreThan() applies to groups of flows (after Group())')
    expect(errorOf("G.Flows().Group().MoreThan('x')", flows).message)
      .toBe("1:19: expected at most one count, a whole number of flows such as 1 in 'MoreThan(…)', found 'x'")
    expect(errorOf('G.Flows().Group().MoreThan(1.5)', flows).code).toBe('gremlin-syntax')
    expect(errorOf('G.Flows().Group().MoreThan(1, 2)', flows).code).toBe('gremlin-syntax')
    expect(errorOf('G.Flows().Group().Count()', flows).message)
      .toBe('1:19: Cannot run Count() on groups of flows: Count() applies to nodes, edges, paths, flows, sockets, metrics or values')
  })
})
