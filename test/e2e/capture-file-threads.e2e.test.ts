// `skydive capture file --threads N` as users run it (the built binary and its worker file; run
// `npm run build` first): a sharded read prints byte for byte what one thread prints, in every
// output format.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const BIN = resolve(import.meta.dirname, '../../bin/skydive')
const PCAPS = '/work/shared/pcaps'
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'capture', 'file', ...args], { encoding: 'utf8' })

describe('skydive capture file --threads', () => {
  it.each(['json', 'csv', 'table'])('prints with 2 threads what 1 thread prints (%s)', (format) => {
    for (const trace of ['eth-ip4-arp-dns-req-http-google.pcap', 'vxlan-src-port.pcap', 'ipv4-fragments.pcap', 'icmpv4-4vlanQinQ-id-8-10-20-30.pcap']) {
      const one = run(resolve(PCAPS, trace), '--format', format, '--threads', '1')
      const two = run(resolve(PCAPS, trace), '--format', format, '--threads', '2')
      expect(one.status).toBe(0)
      expect(two.status).toBe(0)
      expect(two.stderr).toBe('')
      expect(two.stdout).toBe(one.stdout)
      expect(one.stdout.trim()).not.toBe('')
    }
  })

  it('rejects a thread count that is not a positive whole number', () => {
    const r = run(resolve(PCAPS, 'dns.pcap'), '--threads', '0')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--threads.*positive whole number/)
  })
})
