// POST /api/pcap and Flows() queries on a real analyzer process (spec/api.md §3.1, §3.4–§3.5,
// §5.4–§5.5): every reference trace is uploaded, then queries must answer exactly the flows
// that `skydive capture file` prints for the same traces (both run from the built bin/skydive;
// `npm run build` first). Corrupt uploads must leave the store untouched.
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AnalyzerProcess, BIN, adminAndGuestConfig, startAnalyzerProcess } from './analyzer-process.js'

type Flow = Record<string, unknown> & { UUID: string }

const PCAPS = resolve(import.meta.dirname, '../fixtures/pcaps')
const TRACES = [
  ...readdirSync(PCAPS).filter((f) => f.endsWith('.pcap')).sort(),
  ...readdirSync(join(PCAPS, 'derived')).sort().map((f) => `derived/${f}`),
]

/** What `skydive capture file` prints for a trace (JSON lines), run as users run it. */
function cliFlows(file: string): Flow[] {
  const r = spawnSync(process.execPath, [BIN, 'capture', 'file', file], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`capture file ${file} failed: ${r.stderr}`)
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Flow)
}

async function upload(an: AnalyzerProcess, body: Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${an.url}/api/pcap`, { method: 'POST', body, headers: { 'Content-Type': 'application/vnd.tcpdump.pcap', ...headers } })
  return { status: res.status, text: await res.text() }
}

async function query(an: AnalyzerProcess, gremlin: string): Promise<unknown> {
  const res = await fetch(`${an.url}/api/topology`, { method: 'POST', body: JSON.stringify({ GremlinQuery: gremlin }) })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`${gremlin} answered ${res.status}: ${text}`)
  return JSON.parse(text)
}

async function flowStatus(an: AnalyzerProcess): Promise<unknown> {
  return ((await (await fetch(`${an.url}/api/status`)).json()) as { Flows: unknown }).Flows
}

/** The store after adding `flows` in order: a UUID seen again replaces the older copy and becomes newest. */
function storeOf(...lists: Flow[][]): Flow[] {
  const m = new Map<string, Flow>()
  for (const f of lists.flat()) { m.delete(f.UUID); m.set(f.UUID, f) }
  return [...m.values()]
}

const at = (f: Flow, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], f)
const either = (layer: string, v: unknown) => (f: Flow) => at(f, `${layer}.A`) === v || at(f, `${layer}.B`) === v
const regex = (key: string, re: string) => (f: Flow) => new RegExp(`^(?:${re})$`).test(String(at(f, key) ?? ''))
const sorted = (flows: Flow[], key: string, desc: boolean) =>
  [...flows].sort((a, b) => (desc ? -1 : 1) * ((at(a, key) as number) - (at(b, key) as number)))

function keysOf(flows: Flow[]): string[] {
  const out = new Set<string>()
  const walk = (o: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(o)) {
      out.add(prefix + k)
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${k}.`)
    }
  }
  for (const f of flows) walk(f, '')
  return [...out].sort()
}

/** A pcap of one Ethernet/IPv4/UDP frame 10.99.0.1:4000 -> 10.99.0.2:5000, then `tail`. */
function udpPcap(tail: Uint8Array = new Uint8Array(0)): Uint8Array {
  const header = Buffer.alloc(24)
  header.writeUInt32LE(0xa1b2c3d4, 0); header.writeUInt16LE(2, 4); header.writeUInt16LE(4, 6)
  header.writeUInt32LE(65535, 16); header.writeUInt32LE(1, 20)
  const frame = Buffer.alloc(14 + 20 + 8 + 4)
  Buffer.from('02000000000202000000000108004500', 'hex').copy(frame, 0)
  frame.writeUInt16BE(32, 16); frame.writeUInt8(64, 22); frame.writeUInt8(17, 23)
  Buffer.from([10, 99, 0, 1, 10, 99, 0, 2]).copy(frame, 26)
  frame.writeUInt16BE(4000, 34); frame.writeUInt16BE(5000, 36); frame.writeUInt16BE(12, 38)
  const rec = Buffer.alloc(16)
  rec.writeUInt32LE(1_700_000_000, 0); rec.writeUInt32LE(frame.length, 8); rec.writeUInt32LE(frame.length, 12)
  return Buffer.concat([header, rec, frame, tail])
}

describe('POST /api/pcap then Flows() queries', () => {
  let an: AnalyzerProcess
  const expected: Flow[][] = []
  let all: Flow[]
  beforeAll(async () => {
    an = await startAnalyzerProcess({ yaml: 'host_id: sdt-pcap\n' })
    for (const t of TRACES) {
      const flows = cliFlows(join(PCAPS, t))
      const r = await upload(an, readFileSync(join(PCAPS, t)))
      expect([t, r.status], r.text).toEqual([t, 202])
      expect(JSON.parse(r.text), t).toMatchObject({ Flows: flows.length, FlowsDropped: 0 })
      expected.push(flows)
    }
    all = storeOf(...expected)
  })
  afterAll(async () => {
    await an?.stop()
  })

  it('answers G.Flows() with every flow capture file printed, in upload order, a re-sent UUID replacing the older copy', async () => {
    expect(all.length).toBeGreaterThan(140)
    expect(await query(an, 'G.Flows()')).toEqual(all)
    expect(await query(an, 'G.Flows().Count()')).toBe(all.length)
    expect(await flowStatus(an)).toEqual({ Count: all.length, MaxBufferSize: 100_000, Dropped: 0 })
  })

  it('filters on Network, Link and Transport matching either side, and on their A/B fields and aliases', async () => {
    const cases: Array<[string, (f: Flow) => boolean]> = [
      ["G.Flows().Has('Network', '192.168.0.2')", either('Network', '192.168.0.2')],
      ["G.Flows().Has('IPV4.B', '192.168.0.2')", (f) => at(f, 'Network.B') === '192.168.0.2'],
      ["G.Flows().Has('Transport', 22)", either('Transport', 22)],
      ["G.Flows().Has('TCP.A', 36108)", (f) => at(f, 'Transport.A') === 36108],
      ["G.Flows().Has('Link', '92:46:c1:21:00:ae')", either('Link', '92:46:c1:21:00:ae')],
      ["G.Flows().Has('Network', '192.168.0.2', 'Transport', 3333)", (f) => either('Network', '192.168.0.2')(f) && either('Transport', 3333)(f)],
      ["G.Flows().Has('Transport', NE(''))", (f) => f['Transport'] !== undefined],
    ]
    const some = { A: false, B: false }
    for (const [q, keep] of cases) {
      const want = all.filter(keep)
      expect(want.length, q).toBeGreaterThan(0)
      expect(await query(an, q), q).toEqual(want)
    }
    for (const f of all.filter(either('Network', '192.168.0.2'))) { some.A ||= at(f, 'Network.A') === '192.168.0.2'; some.B ||= at(f, 'Network.B') === '192.168.0.2' }
    expect(some).toEqual({ A: true, B: true })
  })

  it('filters on Application and LayersPath, with Regex and HasEither', async () => {
    const cases: Array<[string, (f: Flow) => boolean]> = [
      ["G.Flows().Has('Application', 'DNS')", (f) => f['Application'] === 'DNS'],
      ["G.Flows().Has('LayersPath', 'Ethernet/IPv6/TCP')", (f) => f['LayersPath'] === 'Ethernet/IPv6/TCP'],
      ["G.Flows().Has('LayersPath', Regex('.*Dot1Q.*'))", regex('LayersPath', '.*Dot1Q.*')],
      ["G.Flows().Has('LayersPath', Regex('Ethernet/IPv4/(GRE|UDP)/.*'))", regex('LayersPath', 'Ethernet/IPv4/(GRE|UDP)/.*')],
      ["G.Flows().HasEither('Application', 'ARP', 'Application', 'VXLAN')", (f) => f['Application'] === 'ARP' || f['Application'] === 'VXLAN'],
      ["G.Flows().Has('Metric.ABPackets', GTE(10), 'Application', 'ICMPv4')", (f) => (at(f, 'Metric.ABPackets') as number) >= 10 && f['Application'] === 'ICMPv4'],
      ["G.Flows().Has('ParentUUID', NE(''))", (f) => f['ParentUUID'] !== ''],
    ]
    for (const [q, keep] of cases) {
      const want = all.filter(keep)
      expect(want.length, q).toBeGreaterThan(0)
      expect(await query(an, q), q).toEqual(want)
    }
    expect(await query(an, "G.Flows().Has('LayersPath', Regex('.*ICMPv4.*')).Count()")).toBe(all.filter(regex('LayersPath', '.*ICMPv4.*')).length)
  })

  it('sorts, limits, ranges and deduplicates flows', async () => {
    expect(await query(an, "G.Flows().Sort(DESC, 'Metric.ABBytes').Limit(5)")).toEqual(sorted(all, 'Metric.ABBytes', true).slice(0, 5))
    const tcp = all.filter((f) => f['Application'] === 'TCP')
    expect(await query(an, "G.Flows().Has('Application', 'TCP').Sort('Start').Range(1, 4)")).toEqual(sorted(tcp, 'Start', false).slice(1, 4))
    expect(await query(an, 'G.Flows().Sort().Limit(3)')).toEqual(sorted(all, 'Last', false).slice(0, 3))
    const firstPerApp = [...new Map(all.map((f) => [f['Application'], f] as const).reverse()).values()].reverse()
    expect(await query(an, "G.Flows().Dedup('Application')")).toEqual(all.filter((f) => firstPerApp.includes(f)))
    expect(await query(an, "G.Flows().Has('Application', 'DNS').Limit(2).Count()")).toBe(2)
  })

  it('answers Values, Keys and Sum from the stored flows', async () => {
    const dns = all.filter((f) => f['Application'] === 'DNS')
    expect(await query(an, "G.Flows().Has('Application', 'DNS').Values('Network.B')")).toEqual(dns.map((f) => at(f, 'Network.B')))
    expect(await query(an, "G.Flows().Has('Application', 'DNS').Values('Transport.A')")).toEqual(dns.map((f) => at(f, 'Transport.A')))
    const v6 = all.filter((f) => f['LayersPath'] === 'Ethernet/IPv6/TCP')
    expect(((await query(an, "G.Flows().Has('LayersPath', 'Ethernet/IPv6/TCP').Keys()")) as string[]).sort()).toEqual(keysOf(v6))
    expect(((await query(an, 'G.Flows().Keys()')) as string[]).sort()).toEqual(keysOf(all))
    const sum = all.filter((f) => f['Application'] === 'TCP').reduce((s, f) => s + (at(f, 'Metric.ABBytes') as number), 0)
    expect(sum).toBeGreaterThan(0)
    expect(await query(an, "G.Flows().Has('Application', 'TCP').Sum('Metric.ABBytes')")).toBe(sum)
  })

  it('answers flow queries on nodes and under a time context as the spec says', async () => {
    // uploaded flows carry no NodeTID: no node captured them
    expect(await query(an, 'G.V().Flows()')).toEqual([])
    const res = await fetch(`${an.url}/api/topology`, { method: 'POST', body: JSON.stringify({ GremlinQuery: 'G.Context(NOW).Flows()' }) })
    expect([res.status, (await res.text()).trim()]).toEqual([400, 'Backend does not support history'])
  })

  describe('refuses a bad trace whole, naming the byte offset, and leaves the store as it was', () => {
    const corrupt = udpPcap(Buffer.from('000000000000000000ffffff00ffffff', 'hex'))
    const badOffset = 24 + 16 + 46

    it('a record with an impossible length after a good packet', async () => {
      const before = await query(an, 'G.Flows()')
      const status = await flowStatus(an)
      const r = await upload(an, corrupt)
      expect(r.status).toBe(400)
      expect(r.text).toMatch(new RegExp(`^Cannot import the pcap trace: .* at byte ${badOffset}\\b.*; no flow was stored\\n$`))
      expect(await query(an, 'G.Flows()')).toEqual(before)
      expect(await query(an, "G.Flows().Has('Network', '10.99.0.1').Count()")).toBe(0)
      expect(await flowStatus(an)).toEqual(status)
      // the same bytes through capture file: same diagnosis, and the good packet's flow is real
      const file = join(an.dir, 'corrupt.pcap')
      writeFileSync(file, corrupt)
      const cli = spawnSync(process.execPath, [BIN, 'capture', 'file', file], { encoding: 'utf8' })
      expect(cli.status).toBe(1)
      expect(cli.stderr).toContain(`at byte ${badOffset}`)
      expect(cli.stdout.trim().split('\n').map((l) => (JSON.parse(l) as Flow)['Network'])).toEqual([{ Protocol: 'IPV4', A: '10.99.0.1', B: '10.99.0.2', ID: 0 }])
    })

    it('a truncated trace, a non-capture and an empty body', async () => {
      const before = await query(an, 'G.Flows()')
      const google = readFileSync(join(PCAPS, 'eth-ip4-arp-dns-req-http-google.pcap'))
      const cut = await upload(an, google.subarray(0, 200))
      expect(cut).toEqual({ status: 400, text: 'Cannot import the pcap trace: truncated pcap record at byte 140: the file ends after 60 of 90 bytes; no flow was stored\n' })
      const text = await upload(an, Buffer.from('{"GremlinQuery": "G"}'))
      expect(text.status).toBe(400)
      expect(text.text).toMatch(/^Cannot import the pcap trace: not a pcap or pcapng file: unknown magic number 0x[0-9a-f]{8} at byte 0; no flow was stored\n$/)
      expect(await upload(an, new Uint8Array(0))).toEqual({ status: 400, text: 'Cannot import the pcap trace: the request body is empty: send the bytes of a pcap or pcapng file\n' })
      // the truncated prefix holds flows already stored: had any been re-added, the order would differ
      expect(await query(an, 'G.Flows()')).toEqual(before)
    })

    it('imports the good part once it is whole', async () => {
      const r = await upload(an, udpPcap())
      expect(r.status).toBe(202)
      const flows = await query(an, "G.Flows().Has('Network', '10.99.0.1')") as Flow[]
      expect(flows.map((f) => [f['LayersPath'], f['Transport']])).toEqual([['Ethernet/IPv4/UDP', { Protocol: 'UDP', A: 4000, B: 5000, ID: 0 }]])
      expect(await query(an, 'G.Flows().Count()')).toBe(all.length + 1)
    })
  })

  it('refuses a body declared larger than 1 GiB with a 413 before reading it', async () => {
    const { status, text } = await new Promise<{ status: number; text: string }>((res, rej) => {
      const req = request(`${an.url}/api/pcap`, { method: 'POST', headers: { 'Content-Length': String(2 ** 31) } }, (r) => {
        let text = ''
        r.on('data', (c: Buffer) => (text += c.toString()))
        r.on('end', () => { req.destroy(); res({ status: r.statusCode ?? 0, text }) })
      })
      req.on('error', rej)
      req.write(udpPcap().subarray(0, 24))
    })
    expect(status).toBe(413)
    expect(text).toBe(`Cannot import the pcap trace: it is ${2 ** 31} bytes, more than the ${2 ** 30} an upload may hold; split it with \`editcap -c <packets>\` and upload the parts\n`)
  })
})

describe('the flow store bound (analyzer.flow.max_buffer_size)', () => {
  let an: AnalyzerProcess
  beforeAll(async () => {
    an = await startAnalyzerProcess({ yaml: 'host_id: sdt-pcap-bound\nanalyzer:\n  flow:\n    max_buffer_size: 4\n' })
  })
  afterAll(async () => {
    await an?.stop()
  })

  it('keeps the newest flows, drops the oldest and counts them in the answer and /api/status', async () => {
    const google = cliFlows(join(PCAPS, 'eth-ip4-arp-dns-req-http-google.pcap'))
    expect(google.length).toBeGreaterThan(4)
    const r = await upload(an, readFileSync(join(PCAPS, 'eth-ip4-arp-dns-req-http-google.pcap')))
    expect(r.status).toBe(202)
    expect(JSON.parse(r.text)).toEqual({ Format: 'pcap', Packets: 58, Flows: google.length, FlowsDropped: 0, Store: { Count: 4, MaxBufferSize: 4, Dropped: google.length - 4 } })
    expect(await query(an, 'G.Flows()')).toEqual(google.slice(-4))

    const tcp = cliFlows(join(PCAPS, 'simple-tcpv4.pcap'))
    expect((await upload(an, readFileSync(join(PCAPS, 'simple-tcpv4.pcap')))).status).toBe(202)
    expect(await query(an, 'G.Flows()')).toEqual([...google.slice(-3), ...tcp])
    expect(await flowStatus(an)).toEqual({ Count: 4, MaxBufferSize: 4, Dropped: google.length - 3 })
  })
})

describe('with auth on', () => {
  let an: AnalyzerProcess
  beforeAll(async () => {
    an = await startAnalyzerProcess({ yaml: adminAndGuestConfig('sdt-pcap-auth') })
  })
  afterAll(async () => {
    await an?.stop()
  })
  const basic = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` })
  const trace = () => readFileSync(join(PCAPS, 'simple-tcpv4.pcap'))

  it('denies a guest with upstream\'s 405 and an anonymous caller with 401, storing nothing', async () => {
    expect(await upload(an, trace(), basic('viewer', 'viewer-pw'))).toEqual({ status: 405, text: "'viewer' has no 'write' permission on 'pcap'\n" })
    expect((await upload(an, trace())).status).toBe(401)
    const count = await fetch(`${an.url}/api/topology`, { method: 'POST', headers: basic('viewer', 'viewer-pw'), body: JSON.stringify({ GremlinQuery: 'G.Flows().Count()' }) })
    expect(await count.json()).toBe(0)
  })

  it('lets an admin upload, and a guest query the flows', async () => {
    expect((await upload(an, trace(), basic('admin', 'admin-pw'))).status).toBe(202)
    const res = await fetch(`${an.url}/api/topology`, { method: 'POST', headers: basic('viewer', 'viewer-pw'), body: JSON.stringify({ GremlinQuery: 'G.Flows()' }) })
    expect(await res.json()).toEqual(cliFlows(join(PCAPS, 'simple-tcpv4.pcap')))
  })
})
