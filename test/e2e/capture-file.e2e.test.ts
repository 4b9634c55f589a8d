// `skydive capture file` as users run it: the built binary on the reference traces (run
// `npm run build` first; `npm test` does). Expected values come from spec/flows.md §5.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ethIpv4, pcapFile, udp } from '../flow/frames.js'

const BIN = resolve(import.meta.dirname, '../../bin/skydive')
const PCAPS = resolve(import.meta.dirname, '../fixtures/pcaps')
const tmp = mkdtempSync(join(tmpdir(), 'sdt-flow-e2e-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'capture', 'file', ...args], { encoding: 'utf8' })
const lines = (out: string): Array<Record<string, unknown>> => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)

describe('skydive capture file', () => {
  it('prints one flow per line as JSON, fields in upstream order', () => {
    const r = run(join(PCAPS, 'simple-tcpv4.pcap'))
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    const [flow, ...more] = lines(r.stdout)
    expect(more).toEqual([])
    expect(Object.keys(flow!)).toEqual(['UUID', 'LayersPath', 'Application', 'Link', 'Network', 'Transport', 'Metric', 'TCPMetric',
      'IPMetric', 'Start', 'Last', 'TrackingID', 'L3TrackingID', 'ParentUUID', 'RawPacketsCaptured', 'CommunityID'])
    expect(flow).toMatchObject({
      LayersPath: 'Ethernet/IPv4/TCP', TrackingID: '81789de63b9965cd', L3TrackingID: 'a8b1845da6a6715f', ParentUUID: '',
      Metric: { ABPackets: 5, ABBytes: 344, BAPackets: 3, BABytes: 206, RTT: 33000 },
      CommunityID: '1:Gtsx5OozooeGFAFpbwPzYTPgCIs=',
    })
  })

  it('reads pcapng and prints parent flows before their children', () => {
    const pcapng = join(tmp, 'vxlan.pcapng')
    expect(spawnSync('editcap', ['-F', 'pcapng', join(PCAPS, 'vxlan-icmpv4-truncated.pcap'), pcapng]).status).toBe(0)
    const flows = lines(run(pcapng).stdout)
    expect(flows.map((f) => [f['LayersPath'], f['TrackingID']])).toEqual([
      ['Ethernet/IPv4/UDP/VXLAN', '41c208dd8e419276'],
      ['Ethernet/IPv4/ICMPv4', 'f5b160cc9d7bc648'],
    ])
    expect(flows[1]!['ParentUUID']).toBe(flows[0]!['UUID'])
  })

  it('applies --layer-key-mode, --no-defrag, --link-type, --mpls-udp-port and --extra-layers', () => {
    expect(lines(run(join(PCAPS, 'layer-key-mode.pcap'), '--layer-key-mode', 'L3').stdout).map((f) => f['TrackingID'])).toEqual(['9e42a86914a043b8'])
    expect(lines(run(join(PCAPS, 'ipv4-fragments.pcap'), '--no-defrag').stdout).map((f) => f['LayersPath'])).toEqual(['Ethernet/IPv4/Fragment', 'Ethernet/IPv4/ICMPv4'])
    expect(lines(run(join(PCAPS, 'link-type-12.pcap'), '--link-type', 'raw').stdout).map((f) => f['TrackingID'])).toEqual(['aeea0b990a10c46'])
    expect(lines(run(join(PCAPS, 'contrail-udp-mpls-eth-and-ipv4.pcap'), '--mpls-udp-port', '51234').stdout)).toHaveLength(4)
    const dns = lines(run(join(PCAPS, 'dns.pcap'), '--extra-layers', 'dns').stdout)
    expect(dns.map((f) => (f['DNS'] as { ID: number }).ID).sort((a, b) => a - b)).toEqual([27181, 28799, 38125, 40590, 43789, 64755])
  })

  it('prints a table for people and CSV with dotted field names', () => {
    const table = run(join(PCAPS, 'eth-ip4-arp-dns-req-http-google.pcap'), '--format', 'table').stdout.split('\n')
    expect(table[0]).toMatch(/^APPLICATION\s+A\s+B\s+A→B\s+B→A\s+RTT\s+START \(UTC\)\s+TRACKINGID$/)
    expect(table).toContainEqual(expect.stringMatching(/^TCP\s+192\.168\.0\.5:54785\s+216\.58\.211\.67:80\s+20\/1475\s+18\/21080\s+2\.212ms\s+2016-02-05 .*a1d31b71f61f2570$/))
    const csv = run(join(PCAPS, 'gre-gre-icmpv4.pcap'), '--format', 'csv').stdout.trim().split('\n')
    expect(csv[0]!.split(',').slice(0, 4)).toEqual(['UUID', 'LayersPath', 'Application', 'Link.A'])
    expect(csv).toHaveLength(4)
    expect(csv.filter((l) => l.includes(',IPv4/ICMPv4,ICMPv4,'))).toHaveLength(1)
  })

  it('prints the flows read before a truncation, then fails naming the byte offset', () => {
    const bytes = readFileSync(join(PCAPS, 'eth-ip4-arp-dns-req-http-google.pcap'))
    const cut = join(tmp, 'cut.pcap')
    writeFileSync(cut, bytes.subarray(0, 200))
    const r = run(cut)
    expect(r.status).toBe(1)
    expect(lines(r.stdout).map((f) => f['Application'])).toEqual(['ARP', 'ARP'])
    expect(r.stderr).toMatch(/^Error: Cannot read ".*cut\.pcap": truncated pcap record at byte 140: the file ends after 60 of \d+ bytes\nhint: /)
  })

  it('explains what is wrong with a missing file, a non-capture and a bad option', () => {
    const missing = run(join(tmp, 'nope.pcap'))
    expect([missing.status, missing.stderr]).toEqual([1, `Error: Cannot read "${join(tmp, 'nope.pcap')}": no such file\n`])
    const text = join(tmp, 'notes.txt')
    writeFileSync(text, 'not a capture at all')
    expect(run(text).stderr).toMatch(/^Error: Cannot read ".*notes\.txt": not a pcap or pcapng file: unknown magic number 0x20746f6e at byte 0\n/)
    const bad = run(text, '--layer-key-mode', 'L4')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain("argument 'L4' is invalid. Allowed choices are L2, L3.")
  })

  it('stops quietly when the reader closes the pipe early (| head)', () => {
    const many = pcapFile(Array.from({ length: 3000 }, (_, i) => ({
      sec: 1_700_000_000, nsec: i * 1000, data: ethIpv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 17, l4: udp(1024 + i, 53, 4), payload: 4 }),
    })))
    const file = join(tmp, 'many.pcap')
    writeFileSync(file, many)
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" capture file "${file}" | head -c 100 > /dev/null`], { encoding: 'utf8' })
    expect([r.status, r.stderr]).toEqual([0, ''])
  })

  it('shows progress on stderr for a large file only when stderr is a terminal', () => {
    const frame = ethIpv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 17, l4: udp(1024, 53, 1400), payload: 1400 })
    const one = pcapFile([{ sec: 1_700_000_000, nsec: 0, data: frame }])
    const record = one.subarray(24)
    const big = Buffer.alloc(24 + record.length * 24_000) // ~35 MB, above the 32 MiB threshold
    big.set(one.subarray(0, 24))
    for (let i = 0; i < 24_000; i++) big.set(record, 24 + i * record.length)
    const file = join(tmp, 'big.pcap')
    writeFileSync(file, big)
    const plain = run(file)
    expect([plain.status, plain.stderr]).toEqual([0, ''])
    // util-linux script(1) gives the command a pseudo-terminal; stdout still goes to /dev/null
    const tty = spawnSync('script', ['-qc', `"${process.execPath}" "${BIN}" capture file "${file}" > /dev/null`, '/dev/null'], { encoding: 'utf8' })
    expect(tty.status).toBe(0)
    expect(tty.stdout).toMatch(/reading: \d+%\s+[\d,]+ packets\s+[\d,]+ packets\/s/)
    expect(tty.stdout).toContain('\r\x1b[K')
  })

  it('documents its options in --help', () => {
    const r = run('--help')
    expect(r.status).toBe(0)
    for (const opt of ['--layer-key-mode', '--no-defrag', '--format', '--link-type', '--extra-layers', '--mpls-udp-port', '--max-entries']) expect(r.stdout).toContain(opt)
    expect(r.stdout).toContain('Examples:')
  })
})
