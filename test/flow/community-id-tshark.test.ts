// Community ID of every IP flow of the reference traces against Wireshark's own (tshark with
// the communityid dissector enabled): innermost flows against tshark's default per-packet IDs,
// outermost tunnel flows against tshark with the tunnel protocols disabled.
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { flowsFromFile } from '../../src/capture/index.js'
import { type Hash64, loadXxhash64 } from '../../src/core/flow/index.js'
import type { WireFlow } from '../../src/wire/index.js'
import { TRACES } from './trace-expectations.js'

const DIR = resolve(import.meta.dirname, '../fixtures/pcaps')
const TUNNELS = ['gre', 'vxlan', 'geneve', 'mpls']
/**
 * What tshark must be told to see the packets as Skydive does: Contrail's MPLS-over-UDP port,
 * and its label 120 carrying Ethernet without a pseudowire control word (Skydive guesses
 * Ethernet from the first nibble; Wireshark's heuristic assumes a control word).
 */
const DECODE_AS: Record<string, string[]> = {
  'contrail-udp-mpls-eth-and-ipv4.pcap': ['udp.port==51234,mpls', 'mpls.label==120,pwethnocw'],
}
let hash64: Hash64
beforeAll(async () => { hash64 = await loadXxhash64() })

/** tshark's Community ID of every packet (the dissector is off by default: enable it per run). */
function tsharkIds(file: string, disable: string[] = [], decodeAs: string[] = []): Set<string> {
  const args = ['--enable-protocol', 'communityid', ...disable.flatMap((p) => ['--disable-protocol', p]),
    ...decodeAs.flatMap((d) => ['-d', d]), '-r', file, '-T', 'fields', '-e', 'communityid']
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  return new Set(out.split('\n').flatMap((l) => l.split(',')).filter((x) => x.startsWith('1:')))
}

describe('Community ID against tshark', () => {
  // tshark decodes link-type-12 as Ethernet (its file header says so), so it has no IP to hash
  for (const t of TRACES.filter((x) => x.file !== 'link-type-12.pcap')) {
    it(`${t.label}: every IP flow's CommunityID is the one tshark computes`, async () => {
      const file = resolve(DIR, t.file)
      const { table } = await flowsFromFile(file, { hash64, ...t.opts })
      const flows = [...table.flows()]
      const parents = new Set(flows.map((f) => f.ParentUUID))
      const inner = tsharkIds(file, [], DECODE_AS[t.file])
      const outer = tsharkIds(file, TUNNELS)
      const ip = flows.filter((f) => f.Network)
      expect(ip.length).toBeGreaterThan(0)
      let checked = 0
      for (const f of ip) {
        const innermost = !parents.has(f.UUID!)
        const top = f.ParentUUID === ''
        if (innermost) expect(inner, label(f)).toContain(f.CommunityID)
        if (top) expect(outer, label(f)).toContain(f.CommunityID)
        if (innermost || top) checked++
      }
      // only the middle flow of GRE-in-GRE has no tshark counterpart
      expect(checked).toBe(ip.length - (t.file === 'gre-gre-icmpv4.pcap' ? 1 : 0))
    })
  }

  it('flows without an IP layer carry no CommunityID', async () => {
    const { table } = await flowsFromFile(resolve(DIR, 'eth-ip4-arp-dns-req-http-google.pcap'), { hash64 })
    const arp = [...table.flows()].filter((f) => f.Application === 'ARP')
    expect(arp).toHaveLength(2)
    for (const f of arp) expect(f.CommunityID).toBeUndefined()
  })
})

function label(f: WireFlow): string {
  return `${f.LayersPath} ${f.Network?.A} → ${f.Network?.B} ${JSON.stringify(f.Transport ?? f.ICMP ?? {})}`
}
