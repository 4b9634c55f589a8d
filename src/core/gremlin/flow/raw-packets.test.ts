// RawPackets() and BPF() (spec/api.md §5.4, result shape §3.4): packets come from the flows'
// LastRawPackets, never made up.
import { describe, expect, it } from 'vitest'
import { errorOf, flowStoreFixture as flows, run } from '../../../../test/fixtures/gremlin/run.js'
import { FIXTURE_FLOWS, flowStore } from '../../../../test/fixtures/gremlin/topology.js'

// An ARP request frame (42 bytes) as a capture with RawPacketLimit would keep it.
const arp = Buffer.from('ffffffffffff525400000100080600010800060400015254000001000a000001000000000000c0a80002', 'hex').toString('base64')
const packet = { Timestamp: 3100, Index: 0, Data: arp, LinkType: 1 }
const withPackets = flowStore(FIXTURE_FLOWS.map((f) => (f.UUID === 'f4' ? { ...f, LastRawPackets: [packet, { Index: 1 }] } : f)))

describe('RawPackets()', () => {
  it('answers [] when the flows carry no raw packets (the analyzer store keeps none)', () => {
    expect(run('G.Flows().RawPackets()', flows)).toEqual({ kind: 'rawpackets', json: [] })
    expect(run('G.Flows().RawPackets()').json).toEqual([])
  })

  it("answers each flow's LastRawPackets keyed by flow UUID, skipping entries without data", () => {
    expect(run('G.Flows().RawPackets()', withPackets).json).toEqual([{ f4: [packet] }])
    expect(run("G.Flows().Has('Application', 'TCP').RawPackets()", withPackets).json).toEqual([])
  })

  it('BPF() on no packets is the empty set; on packets it says it cannot filter them', () => {
    expect(run("G.Flows().RawPackets().BPF('udp')", flows).json).toEqual([])
    expect(errorOf("G.Flows().RawPackets().BPF('udp')", withPackets)).toMatchObject({ name: 'GremlinEvalError',
      message: "1:24: Cannot run BPF('udp') on raw packets: this analyzer cannot evaluate BPF filters on stored packets" })
  })

  it('runs on flows only, BPF after RawPackets only, with the right arguments', () => {
    expect(errorOf('G.V().RawPackets()', flows).message).toBe('1:7: Cannot run RawPackets() on nodes: RawPackets() applies to flows')
    expect(errorOf("G.Flows().BPF('tcp')", flows).message).toBe('1:11: Cannot run BPF() on flows: BPF() applies to raw packets (after RawPackets())')
    expect(errorOf('G.Flows().RawPackets(1)', flows)).toMatchObject({ name: 'GremlinSyntaxError', message: "1:11: expected no arguments in 'RawPackets(…)', found 1" })
    expect(errorOf('G.Flows().RawPackets().BPF()', flows).message).toBe("1:24: expected one filter string such as 'tcp port 80' in 'BPF(…)', found no arguments")
  })
})
