// Conformance over every reference trace under the harness conditions of spec/flows.md §5.1
// (ExtraTCPMetric, ReassembleTCP and IPDefrag on, L2, no tick), asserting the values §5.2–§5.3
// give. The traces are read from disk through the capture adapter, as `skydive capture file` does.
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { flowsFromFile } from '../../src/capture/index.js'
import { type Hash64, loadXxhash64 } from '../../src/core/flow/index.js'
import type { WireFlow } from '../../src/wire/index.js'
import { type ExpectedFlow, TRACES } from './trace-expectations.js'

const DIR = resolve(import.meta.dirname, '../fixtures/pcaps')
let hash64: Hash64

beforeAll(async () => {
  hash64 = await loadXxhash64()
})

async function flowsOf(file: string, opts = {}): Promise<WireFlow[]> {
  const r = await flowsFromFile(resolve(DIR, file), { hash64, ...opts })
  expect(r.error).toBeUndefined()
  return [...r.table.flows()]
}

function matches(f: WireFlow, e: ExpectedFlow): boolean {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)
  if (e.LayersPath !== undefined && f.LayersPath !== e.LayersPath) return false
  if (e.Application !== undefined && f.Application !== e.Application) return false
  if (e.TrackingID !== undefined && f.TrackingID !== e.TrackingID) return false
  if (e.L3TrackingID !== undefined && f.L3TrackingID !== e.L3TrackingID) return false
  if (e.Link === null ? f.Link !== undefined : e.Link && (f.Link?.A !== e.Link.A || f.Link.B !== e.Link.B || (e.Link.ID !== undefined && f.Link.ID !== e.Link.ID))) return false
  if (e.Network === null ? f.Network !== undefined
    : e.Network && (f.Network?.A !== e.Network.A || f.Network.B !== e.Network.B || (e.Network.ID !== undefined && f.Network.ID !== e.Network.ID)
      || (e.Network.Protocol !== undefined && f.Network.Protocol !== e.Network.Protocol))) return false
  if (e.Transport === null ? f.Transport !== undefined : e.Transport && !same(f.Transport, { ...e.Transport, ID: 0 })) return false
  if (e.ICMP && (f.ICMP?.Type !== e.ICMP.Type || (e.ICMP.ID !== undefined && f.ICMP.ID !== e.ICMP.ID))) return false
  if (e.AB && !same([f.Metric.ABPackets, f.Metric.ABBytes], e.AB)) return false
  if (e.BA && !same([f.Metric.BAPackets, f.Metric.BABytes], e.BA)) return false
  if (e.RTT !== undefined && f.Metric.RTT !== e.RTT) return false
  return true
}

describe('reference traces (spec/flows.md §5)', () => {
  it('covers every trace shipped in test/fixtures/pcaps', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.pcap'))
    expect(files).toHaveLength(22)
    expect(new Set(TRACES.map((t) => t.file))).toEqual(new Set(files))
  })

  for (const t of TRACES) {
    it(`${t.label} gives the flows of the spec`, async () => {
      const flows = await flowsOf(t.file, t.opts)
      if (t.count !== undefined) expect(flows, 'flow count').toHaveLength(t.count)
      const matched = t.rows.map((row, i) => {
        const hits = flows.filter((f) => matches(f, row))
        expect(hits, `row ${i + 1} ${JSON.stringify(row)} among ${JSON.stringify(flows, null, 1)}`).toHaveLength(1)
        return hits[0]!
      })
      expect(new Set(matched).size, 'each row matches a different flow').toBe(matched.length)
      t.rows.forEach((row, i) => {
        const parent = row.parent === undefined ? '' : matched[row.parent]!.UUID
        expect(matched[i]!.ParentUUID, `row ${i + 1} ParentUUID`).toBe(parent)
        row.check?.(matched[i]!)
      })
      // every ParentUUID resolves to a flow of the table (the harness's validateAllParentChains)
      const uuids = new Set(flows.map((f) => f.UUID))
      for (const f of flows) if (f.ParentUUID) expect(uuids.has(f.ParentUUID), `parent of ${f.UUID}`).toBe(true)
      t.check?.(flows)
    })
  }
})

describe('capture file formats give the same flows', () => {
  const strip = (flows: WireFlow[]): string => JSON.stringify(flows.map((f) => ({ ...f })))

  it('reads a pcapng copy (editcap) exactly as the pcap', async () => {
    expect(strip(await flowsOf('derived/simple-tcpv4.pcapng'))).toBe(strip(await flowsOf('simple-tcpv4.pcap')))
  })

  it('reads a nanosecond pcap (editcap -F nsecpcap) exactly as the microsecond one', async () => {
    const opts = { extraLayers: ['DNS'] as const }
    expect(strip(await flowsOf('derived/dns.nsec.pcap', opts))).toBe(strip(await flowsOf('dns.pcap', opts)))
  })

  it('decodes each pcapng interface with its own link type (Ethernet and raw IPv4, mergecap)', async () => {
    const flows = await flowsOf('derived/two-interfaces.pcapng')
    expect(flows.map((f) => [f.LayersPath, f.TrackingID]).sort()).toEqual([
      ['Ethernet/IPv4/TCP', '81789de63b9965cd'],
      ['IPv4/TCP', 'aeea0b990a10c46'],
    ])
  })
})
