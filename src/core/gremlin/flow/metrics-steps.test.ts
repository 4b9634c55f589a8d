// Metrics([key]) on nodes and flows, then Sum, Count, Keys, Aggregates (spec/api.md §5.4, §3.4;
// upstream gremlin/traversal/metrics.go, topology/metrics.go, flow FlowMetric).
import { describe, expect, it } from 'vitest'
import { errorOf, flowStoreFixture as flows, graph, run } from '../../../../test/fixtures/gremlin/run.js'
import { flowStore } from '../../../../test/fixtures/gremlin/topology.js'
import { Graph } from '../../graph/index.js'
import { fakeClock } from '../../ports.js'
import { runGremlin } from '../index.js'
import { aggregateMetrics, splitMetric } from './metric-math.js'

const sflow = { IfInOctets: 4000, IfOutOctets: 1000, IfInUcastPkts: 40, Start: 3000, Last: 4000 }

describe('Metrics() on nodes', () => {
  it("reads sFlow counters with 'SFlow', 'sflow' or 'SFlow.LastUpdateMetric'", () => {
    for (const key of ['SFlow', 'sflow', 'SFlow.LastUpdateMetric']) {
      expect(run(`G.V().Metrics('${key}')`)).toEqual({ kind: 'metrics', json: [{ 'h3-eth0': [sflow] }] })
    }
  })

  it("reads OVS interface counters with 'Ovs'", () => {
    expect(run("G.V().Metrics('Ovs')").json).toEqual([{ 'h1-br0': [{ RxPackets: 3, RxBytes: 300, Start: 1000, Last: 1600 }] }])
    expect(run("G.V().Metrics('Ovs.LastUpdateMetric').Keys()").json).toEqual(['RxPackets', 'RxBytes', 'Start', 'Last'])
  })

  it('fails on a metadata value that is not a metric object, naming the node', () => {
    const copy = new Graph({ clock: fakeClock(0) })
    copy.addNode({ ID: 'bad', Metadata: { Type: 'device', Name: 'bad', LastUpdateMetric: 7 } })
    expect(() => runGremlin('G.V().Metrics()', { graph: copy }))
      .toThrow("1:7: Cannot read metrics of node 'bad': Metadata.LastUpdateMetric is 7, not a metric object")
  })
})

describe('Sum(), Count(), Keys() on metrics', () => {
  it('Sum(key) adds a counter, a counter absent from every metric counting as 0', () => {
    expect(run("G.V().Metrics().Sum('RxBytes')")).toEqual({ kind: 'number', json: 1500 })
    expect(run("G.V().Metrics().Sum('TxErrors')").json).toBe(0)
    expect(run("G.V().Metrics('SFlow').Sum('IfInOctets')").json).toBe(4000)
  })

  it('Sum() adds every counter, from the earliest Start to the latest Last; null without metrics', () => {
    expect(run('G.V().Metrics().Sum()').json).toEqual({ RxPackets: 15, RxBytes: 1500, TxPackets: 27, TxBytes: 2700, Start: 1000, Last: 2500 })
    expect(run("G.V('host1').Metrics().Sum()")).toEqual({ kind: 'metrics', json: null })
  })

  it('Sum(key) also adds other numbers the metrics carry, such as the RTT of flow metrics', () => {
    const rtt = flowStore([{ UUID: 'r1', LastUpdateMetric: { ABPackets: 1, ABBytes: 60, BAPackets: 1, BABytes: 60, Start: 0, Last: 10, RTT: 250 } },
      { UUID: 'r2', LastUpdateMetric: { ABPackets: 1, ABBytes: 60, BAPackets: 0, BABytes: 0, Start: 5, Last: 10 } }])
    expect(run("G.Flows().Metrics().Sum('RTT')", rtt).json).toBe(250)
    // arithmetic on whole metrics drops RTT, as upstream's FlowMetric.Add does
    expect(run('G.Flows().Metrics().Sum()', rtt).json).toEqual({ ABPackets: 2, ABBytes: 120, BAPackets: 1, BABytes: 60, Start: 0, Last: 10 })
  })

  it('Sum(key) fails on a key that is no counter', () => {
    expect(errorOf("G.Flows().Metrics().Sum('Bogus')", flows)).toMatchObject({ name: 'GremlinEvalError',
      message: "1:21: Cannot sum 'Bogus' of metrics: it is not a counter of these metrics" })
    expect(errorOf("G.V().Metrics().Sum('Start')").code).toBe('gremlin-eval')
  })

  it('Count() counts the nodes or flows with metrics (upstream), so 1 after Aggregates()', () => {
    expect(run('G.V().Metrics().Count()')).toEqual({ kind: 'count', json: 2 })
    expect(run('G.Flows().Metrics().Count()', flows).json).toBe(5)
    expect(run('G.V().Metrics().Aggregates(1).Count()').json).toBe(1)
  })

  it('nothing follows Sum()', () => {
    expect(errorOf('G.V().Metrics().Sum().Aggregates()').message)
      .toBe('1:23: Cannot run Aggregates() on a summed metric: Aggregates() applies to metrics')
  })
})

describe('Aggregates()', () => {
  it('slices node metrics from the earliest Start; a metric spanning two slices is shared by time, truncating', () => {
    // h1-eth0 1000-2000 fits slice 1; h2-eth0 1500-2500 gives half to each slice: 5 packets → 2 + 2
    expect(run("G.V().Has('Name', 'eth0').Metrics().Aggregates(1)").json).toEqual([{ Aggregated: [
      { RxPackets: 12, RxBytes: 1250, TxPackets: 23, TxBytes: 2350, Start: 1000, Last: 2000 },
      { RxPackets: 2, RxBytes: 250, TxPackets: 3, TxBytes: 350, Start: 2000, Last: 2500 },
    ] }])
  })

  it('on flows shares without loss (the second part is the remainder)', () => {
    const [agg] = run('G.Flows().Metrics().Aggregates(1)', flows).json as Array<{ Aggregated: Array<Record<string, number>> }>
    const total = (k: string) => agg!.Aggregated.reduce((s, m) => s + m[k]!, 0)
    expect([total('ABBytes'), total('BABytes')]).toEqual([180 + 270 + 196 + 74 + 500, 90 + 180 + 196 + 120 + 4000])
    expect(agg!.Aggregated.map((m) => [m.Start, m.Last])).toEqual([
      [500, 1500], [1500, 2500], [2500, 3500], [3500, 4500], [4500, 5500], [5500, 6500], [6500, 7500], [7500, 8500], [8500, 9000]])
  })

  it('answers [{"Aggregated": []}] when there is nothing to aggregate, as upstream', () => {
    expect(run("G.V('host1').Metrics().Aggregates()").json).toEqual([{ Aggregated: [] }])
  })

  it('refuses more slices than a step may produce', () => {
    expect(() => runGremlin('G.Flows().Metrics().Aggregates(1)', { graph, flows, maxStepElements: 3 }))
      .toThrow('1:21: Cannot run Aggregates(1): 9 slices of 1 s are more than 3')
  })

  it('takes one positive whole number of seconds and follows Metrics() only', () => {
    expect(errorOf('G.V().Metrics().Aggregates(0)')).toMatchObject({ name: 'GremlinSyntaxError',
      message: "1:17: expected at most one slice length, a positive whole number of seconds in 'Aggregates(…)', found 0" })
    expect(errorOf("G.V().Metrics().Aggregates('10')").code).toBe('gremlin-syntax')
    expect(errorOf('G.V().Metrics().Aggregates(1.5)').code).toBe('gremlin-syntax')
    expect(errorOf('G.V().Aggregates()').message).toBe('1:7: Cannot run Aggregates() on nodes: Aggregates() applies to metrics')
  })
})

describe('Metrics() on flows', () => {
  it("accepts only the default key: flows have no sFlow or OVS counters", () => {
    expect(run("G.Flows().Has('UUID', 'f1').Metrics('LastUpdateMetric')", flows).json)
      .toEqual([{ f1: [{ ABPackets: 2, ABBytes: 180, BAPackets: 1, BABytes: 90, Start: 4000, Last: 5000 }] }])
    expect(errorOf("G.Flows().Metrics('SFlow')", flows).message)
      .toBe("1:11: Cannot run Metrics('SFlow') on flows: flows have only 'LastUpdateMetric' metrics")
  })
})

describe('metric arithmetic', () => {
  it('splits a flow metric by time without loss and an interface metric by ratio', () => {
    const flow = { ABPackets: 3, ABBytes: 301, BAPackets: 1, BABytes: 99, Start: 0, Last: 3000 }
    expect(splitMetric(flow, 1000, 'flow')).toEqual([
      { ABPackets: 1, ABBytes: 100, BAPackets: 0, BABytes: 33, Start: 0, Last: 1000 },
      { ABPackets: 2, ABBytes: 201, BAPackets: 1, BABytes: 66, Start: 1000, Last: 3000 },
    ])
    // (Start 0 is left out of an interface metric, as Go's omitempty does)
    expect(splitMetric({ RxBytes: 301, Start: 0, Last: 3000 }, 1000, 'interface')).toEqual([
      { RxBytes: 100, Last: 1000 }, { RxBytes: 200, Start: 1000, Last: 3000 }])
    expect(splitMetric(flow, 3000, 'flow')).toEqual([flow, undefined])
    expect(splitMetric(flow, 0, 'flow')).toEqual([undefined, flow])
  })

  it('counts a slice too small for the ratio whole in the slice it starts in', () => {
    const tiny = { ABPackets: 1, ABBytes: 1, BAPackets: 0, BABytes: 0, Start: 0, Last: 10_000 }
    expect(aggregateMetrics(new Map([['x', [tiny]]]), 1000, 'flow', 100)[0]).toEqual({ ...tiny, Start: 0, Last: 1000 })
  })
})
