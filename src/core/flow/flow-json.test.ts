import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { FlowTable, type FlowTableOptions, type Hash64, PcapParser, loadXxhash64 } from './index.js'

const DIR = resolve(import.meta.dirname, '../../../test/fixtures/pcaps')
const traces = [
  ...readdirSync(DIR).filter((f) => /\.pcap(ng)?$/.test(f)).map((f) => join(DIR, f)),
  ...readdirSync(join(DIR, 'derived')).map((f) => join(DIR, 'derived', f)),
]
let hash64: Hash64
beforeAll(async () => { hash64 = await loadXxhash64() })

/** Both serialisations of every flow of `path` read with `opts`, after an optional update tick. */
function both(path: string, opts: Omit<FlowTableOptions, 'hash64'>, tick: boolean): { direct: string[]; viaObjects: string[] } {
  const table = new FlowTable({ hash64, ...opts })
  const bytes = readFileSync(path)
  const lt = path.endsWith('link-type-12.pcap') ? 12 : undefined
  new PcapParser().parse(bytes, 0, bytes.length, (b, o, c, w, s, n, l) => table.addPacket(b, o, c, w, s, n, lt ?? l), true)
  if (tick) table.update(Number.MAX_SAFE_INTEGER / 2)
  return {
    direct: [...table.jsonWithIds()].map(([, j]) => j),
    viaObjects: [...table.flows('created')].map((f) => JSON.stringify(f)),
  }
}

describe('flowJson', () => {
  it.each(traces)('writes exactly JSON.stringify(toWireFlow) for every flow of %s', (path) => {
    const variants: Array<[Omit<FlowTableOptions, 'hash64'>, boolean]> = [
      [{ extraTCPMetric: true, reassembleTCP: true, ipDefrag: true }, false],
      [{ layerKeyMode: 'L3', extraLayers: ['DNS', 'DHCPv4', 'VRRP'], nodeTID: 'node "1"', captureID: 'cap\\1', rawPacketLimit: 2 }, true],
      [{ ipDefrag: true, mplsUdpPorts: [51234], appPorts: { udp: { 53: 'my-dns' } } }, true],
    ]
    for (const [opts, tick] of variants) {
      const { direct, viaObjects } = both(path, opts, tick)
      expect(direct.length).toBeGreaterThan(0)
      expect(direct).toEqual(viaObjects)
    }
  })
})
