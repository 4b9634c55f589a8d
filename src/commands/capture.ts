import { Command, InvalidArgumentError, Option } from 'commander'
import type { ExtraLayer } from '../core/flow/index.js'
import { DEFAULT_MAX_ENTRIES } from '../core/flow/flow-options.js'
import type { WireFlow } from '../wire/index.js'
import { captureManageCommands } from './capture-manage.js'
import { runAction } from './run-action.js'

/** Flags of `skydive capture file`, as commander hands them over. */
interface CaptureFileFlags {
  layerKeyMode: 'L2' | 'L3'
  defrag: boolean
  format: 'json' | 'table' | 'csv'
  linkType?: number
  extraLayers: ExtraLayer[]
  mplsUdpPort: number[]
  maxEntries: number
  threads?: number
}

const LINK_TYPES: Record<string, number> = {
  ethernet: 1, raw: 101, ipv4: 228, ipv6: 229, 'linux-sll': 113, 'linux-sll2': 276, null: 0, loop: 108,
}
const EXTRA: Record<string, ExtraLayer> = { dns: 'DNS', dhcpv4: 'DHCPv4', vrrp: 'VRRP' }
/** Files smaller than this finish before a progress line would help. */
const PROGRESS_MIN_BYTES = 32 * 1024 * 1024

const linkType = (v: string): number => {
  const n = /^\d+$/.test(v) ? Number(v) : LINK_TYPES[v.toLowerCase()]
  if (n === undefined) throw new InvalidArgumentError(`expected a LINKTYPE number or one of ${Object.keys(LINK_TYPES).join(', ')}`)
  return n
}
const extraLayers = (v: string): ExtraLayer[] => v.split(',').filter(Boolean).map((x) => {
  const l = EXTRA[x.trim().toLowerCase()]
  if (!l) throw new InvalidArgumentError(`unknown extra layer "${x}": expected DNS, DHCPv4 or VRRP`)
  return l
})
const port = (v: string, prev: number[] = []): number[] => {
  const n = Number(v)
  if (!/^\d+$/.test(v) || n < 1 || n > 65535) throw new InvalidArgumentError('expected a UDP port from 1 to 65535')
  return [...prev, n]
}
const positive = (v: string): number => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('expected a positive whole number')
  return Number(v)
}

const FILE_HELP = `
Flows are computed as upstream Skydive's flow table does (spec/flows.md): ExtraTCPMetric and
TCP reassembly counters on, original timestamps, no expiry; each flow also carries its
Community ID, so it joins with Zeek or Suricata logs. JSON output is one flow per line.
--threads N shares the flow tables among N threads (the output is the same, byte for byte).
On the 2-core machines measured so far it was slower than one thread, even idle (bench/RESULTS.md).

Examples:
  skydive capture file trace.pcapng
  skydive capture file trace.pcap --format table
  skydive capture file trace.pcap --layer-key-mode L3 --format csv > flows.csv
  skydive capture file raw.pcap --link-type raw            (raw IP mislabelled as Ethernet)
  skydive capture file contrail.pcap --mpls-udp-port 51234 --extra-layers DNS
  skydive capture file big.pcap | jq -c 'select(.Application == "DNS")'

Exit status: 0 ok, 1 unreadable or corrupt file (the flows read before the damage are
printed first), 2 bad usage.`

/** `skydive capture file FILE`: the flows of a pcap or pcapng file. */
export function captureFileCommand(): Command {
  return new Command('file')
    .description('Print the flows of a pcap or pcapng file (JSON lines, a table or CSV)')
    .argument('<file>', 'capture file (pcap or pcapng, any size: it is streamed)')
    .addOption(new Option('--layer-key-mode <mode>', 'L2: MAC addresses are part of the flow key; L3: only IP').choices(['L2', 'L3']).default('L2'))
    .option('--no-defrag', 'do not reassemble IPv4 fragments (each fragment is then an IPv4/Fragment flow)')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table', 'csv']).default('json'))
    .addOption(new Option('--link-type <type>', 'decode with this link type instead of the file\'s (number or name: ethernet, raw, ipv4, ipv6, linux-sll, null, loop)').argParser(linkType))
    .addOption(new Option('--extra-layers <list>', 'comma-separated extra layers to add: DNS, DHCPv4, VRRP').argParser(extraLayers).default([]))
    .addOption(new Option('--mpls-udp-port <port>', 'UDP port carrying MPLS (repeatable), e.g. 51234 for Contrail').argParser(port).default([]))
    .addOption(new Option('--max-entries <n>', 'flow table size (flow.max_entries); older flows are dropped beyond it').argParser(positive).default(DEFAULT_MAX_ENTRIES))
    .addOption(new Option('--threads <n>', 'threads computing the flows (default 1); the output is the same').argParser(positive))
    .addHelpText('after', FILE_HELP)
    .action(runAction(async (file: string, flags: CaptureFileFlags) => {
      const { readFileFlows } = await import('../capture/index.js')
      const progress = createProgress()
      const r = await readFileFlows(file, {
        layerKeyMode: flags.layerKeyMode, ipDefrag: flags.defrag, extraLayers: flags.extraLayers,
        mplsUdpPorts: flags.mplsUdpPort, maxEntries: flags.maxEntries,
        ...(flags.linkType !== undefined ? { linkType: flags.linkType } : {}),
        ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
        ...(progress ? { onProgress: progress.update } : {}),
      })
      progress?.done()
      if (flags.format === 'json') await printChunks(r.chunks())
      else await printFlows(r.flows(), flags.format)
      const dropped = r.dropped
      if (dropped > 0) {
        process.stderr.write(`warning: ${dropped} flows were dropped: the table holds at most ${flags.maxEntries} flows\nhint: raise --max-entries\n`)
      }
      if (r.error) throw r.error
      if (r.packets === 0) process.stderr.write(`warning: "${file}" holds no packets\n`)
    }))
}

/** `skydive capture`: captures on agents, flows from files, trace uploads to an analyzer. */
export function captureCommand(): Command {
  const cmd = new Command('capture').description('Packet captures and the flows they produce')
  for (const sub of captureManageCommands()) cmd.addCommand(sub)
  return cmd.addCommand(captureFileCommand())
}

async function printChunks(chunks: Iterable<Uint8Array>): Promise<void> {
  // each chunk's buffer is reused for the next: wait until it has been written
  for (const chunk of chunks) await new Promise<void>((resolve, reject) => process.stdout.write(chunk, (err) => (err ? reject(err) : resolve())))
}

async function printFlows(flows: Iterable<WireFlow>, format: 'table' | 'csv'): Promise<void> {
  const { CSV_COLUMNS, TABLE_HEADER, csvRow, formatTable, tableRow } = await import('../core/flow/index.js')
  if (format === 'table') {
    const rows: string[][] = []
    for (const f of flows) rows.push(tableRow(f))
    await write(formatTable(TABLE_HEADER, rows))
    return
  }
  const { stringify } = await import('csv-stringify/sync')
  let out = stringify([CSV_COLUMNS.map(([h]) => h)])
  let batch: Array<Array<string | number>> = []
  for (const f of flows) {
    batch.push(csvRow(f))
    if (batch.length >= 1000) { out += stringify(batch); batch = [] }
    if (out.length >= 1 << 16) { await write(out); out = '' }
  }
  if (batch.length) out += stringify(batch)
  if (out) await write(out)
}

/** Writes to stdout, waiting while the pipe is full. */
function write(s: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(s, (err) => { if (err) reject(err) })
    if (ok) resolve()
    else process.stdout.once('drain', () => resolve())
  })
}

/** A one-line progress display on stderr for large files, only when stderr is a terminal. */
function createProgress(): { update: (read: number, size: number, packets: number) => void; done: () => void } | undefined {
  if (!process.stderr.isTTY) return undefined
  const t0 = Date.now()
  let last = 0, shown = false
  return {
    update(read, size, packets) {
      const now = Date.now()
      if (size < PROGRESS_MIN_BYTES || now - last < 200) return
      last = now
      shown = true
      const pct = size ? Math.floor((read / size) * 100) : 100
      const rate = packets / Math.max(0.001, (now - t0) / 1000)
      process.stderr.write(`\rreading: ${pct}%  ${packets.toLocaleString('en')} packets  ${Math.round(rate).toLocaleString('en')} packets/s `)
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K')
    },
  }
}
