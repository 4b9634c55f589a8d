/**
 * `skydive capture create|list|get|delete|upload`: captures stored on an analyzer
 * (spec/api.md §3.2, §7.2) and trace uploads into its flow store (§3.1).
 */
import { Command, InvalidArgumentError, Option } from 'commander'
import { SkydiveError } from '../core/errors.js'
import { addClientFlags, type ClientFlags, clientOptions } from './client-flags.js'
import { runAction } from './run-action.js'

/** Flags of `capture create`, as commander hands them over. */
interface CreateFlags extends ClientFlags {
  gremlin?: string
  node?: string
  bpf?: string
  name?: string
  description?: string
  type?: string
  port?: number
  samplingrate: number
  pollinginterval: number
  headerSize?: number
  rawpacketLimit?: number
  extraTcpMetric?: boolean
  ipDefrag?: boolean
  reassembleTcp?: boolean
  reassambleTcp?: boolean
  layerKeyMode?: 'L2' | 'L3'
  extraLayer: string[]
  target?: string
  targetType?: string
  ttl?: string
}

const EXTRA_LAYERS: Record<string, 'DNS' | 'DHCPv4' | 'VRRP'> = { dns: 'DNS', dhcpv4: 'DHCPv4', vrrp: 'VRRP' }

const whole = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number')
  return Number(v)
}
const extraLayer = (v: string, prev: string[] = []): string[] => {
  const l = EXTRA_LAYERS[v.trim().toLowerCase()]
  if (!l) throw new InvalidArgumentError(`unknown extra layer "${v}": expected DNS, DHCPv4 or VRRP`)
  return [...prev, l]
}
/** Upstream's --ttl is milliseconds; a Go duration ("30s", "1h30m") is accepted too. */
const ttl = (v: string): string => {
  if (/^\d+$/.test(v)) return `${v}ms`
  if (/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(v)) return v
  throw new InvalidArgumentError('expected milliseconds (e.g. 60000) or a duration such as 30s, 5m, 1h30m')
}

const CREATE_HELP = `
The analyzer stores the capture with upstream's fields, for upstream clients and agents; this
release's agents do not run live captures yet. To get flows today, record with tcpdump and
send the file: skydive capture upload FILE.
Without --type the agent picks the default for the node: afpacket on interfaces, ovssflow on
OVS bridges (others: pcap, pcapsocket, sflow, ebpf, ovsmirror, ovsnetflow, dpdk).

Examples:
  skydive capture create --gremlin "G.V().Has('Name', 'eth0')" --bpf "tcp port 80" --name web
  skydive capture create --node 3e5f1c0a-7b7e-5d5a-6a51-0c8f2f4b9d10 --layer-key-mode L3
  skydive capture create --gremlin "G.V().Has('Type', 'veth')" --extra-layer DNS --ttl 10m`

/** `capture create`. */
function createCommand(): Command {
  return addClientFlags(new Command('create'))
    .description('Register a capture of the interfaces a Gremlin query selects (POST /api/capture); prints it')
    .option('--gremlin <query>', 'Gremlin query selecting the interfaces, e.g. "G.V().Has(\'Name\', \'eth0\')"')
    .option('--node <TID>', 'capture on the node with this TID (instead of --gremlin)')
    .option('--bpf <filter>', 'BPF filter, e.g. "tcp port 80"')
    .option('--name <name>', 'name of the capture')
    .option('--description <text>', 'description of the capture')
    .option('--type <type>', 'capture type (default: the node\'s default, see below)')
    .addOption(new Option('--port <port>', 'sFlow listening port').argParser(whole))
    .addOption(new Option('--samplingrate <n>', 'sFlow sampling rate').argParser(whole).default(1))
    .addOption(new Option('--pollinginterval <s>', 'sFlow polling interval in seconds').argParser(whole).default(10))
    .addOption(new Option('--header-size <bytes>', 'bytes captured per packet (0: the probe default)').argParser(whole))
    .addOption(new Option('--rawpacket-limit <n>', 'raw packets kept per flow (0-10)').argParser(whole))
    .option('--extra-tcp-metric', 'add TCP SYN/FIN/RST times and TTLs to flows')
    .option('--ip-defrag', 'reassemble IPv4 fragments')
    .option('--reassemble-tcp', 'count TCP segments out of order or skipped')
    .addOption(new Option('--reassamble-tcp').hideHelp()) // upstream's spelling
    .addOption(new Option('--layer-key-mode <mode>', 'L2: MAC addresses are part of the flow key; L3: only IP (default: the analyzer\'s flow.default_layer_key_mode)').choices(['L2', 'L3']))
    .addOption(new Option('--extra-layer <layer>', 'extra layer to decode into flows: DNS, DHCPv4 or VRRP (repeatable)').argParser(extraLayer).default([]))
    .option('--target <host:port>', 'send packets there instead of the agent\'s flow table')
    .option('--target-type <type>', 'format for --target: netflowv5 or erspanv1')
    .addOption(new Option('--ttl <duration>', 'delete the capture after this long: milliseconds, or 30s, 5m...').argParser(ttl))
    .addHelpText('after', CREATE_HELP)
    .action(runAction(async (flags: CreateFlags) => {
      const { createAnalyzerClient } = await import('../client/index.js')
      const { EXTRA_LAYERS: MASK } = await import('../core/flow/index.js')
      const body = {
        GremlinQuery: gremlinOf(flags), BPFFilter: flags.bpf, Name: flags.name, Description: flags.description, Type: flags.type,
        Port: flags.port, SamplingRate: flags.samplingrate, PollingInterval: flags.pollinginterval,
        HeaderSize: flags.headerSize, RawPacketLimit: flags.rawpacketLimit,
        ExtraTCPMetric: flags.extraTcpMetric ?? false, IPDefrag: flags.ipDefrag ?? false,
        ReassembleTCP: flags.reassembleTcp ?? flags.reassambleTcp ?? false, LayerKeyMode: flags.layerKeyMode,
        ExtraLayers: flags.extraLayer.length ? flags.extraLayer.reduce((m, l) => m | MASK[l as keyof typeof MASK], 0) : undefined,
        Target: flags.target, TargetType: flags.targetType,
      }
      const client = createAnalyzerClient(clientOptions(flags))
      printJson(await client.createCapture(body, flags.ttl))
    }))
}

/** The query of --gremlin or --node: exactly one of them. */
function gremlinOf(flags: CreateFlags): string {
  if (flags.gremlin !== undefined && flags.node !== undefined) throw new SkydiveError('bad-usage', 'Cannot take both --gremlin and --node: give one')
  if (flags.node !== undefined) {
    if (!flags.node || flags.node.includes("'")) throw new SkydiveError('bad-usage', `Cannot use --node "${flags.node}": expected a node TID`)
    return `G.V().Has('TID', '${flags.node}')`
  }
  if (!flags.gremlin) {
    throw new SkydiveError('bad-usage', 'Cannot create a capture without interfaces: give --gremlin QUERY or --node TID',
      'e.g. skydive capture create --gremlin "G.V().Has(\'Name\', \'eth0\')"')
  }
  return flags.gremlin
}

/** `capture list`. */
function listCommand(): Command {
  return addClientFlags(new Command('list'))
    .description('List the captures of the analyzer (JSON keyed by UUID, or a table)')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('json'))
    .action(runAction(async (flags: ClientFlags & { format: 'json' | 'table' }) => {
      const { createAnalyzerClient } = await import('../client/index.js')
      const captures = await createAnalyzerClient(clientOptions(flags)).listCaptures()
      if (flags.format === 'json') return printJson(captures)
      const { formatTable } = await import('../core/flow/index.js')
      const rows = Object.values(captures).map((c) => ['UUID', 'Name', 'Type', 'GremlinQuery', 'BPFFilter', 'Count'].map((k) => String(c[k] ?? '')))
      process.stdout.write(formatTable(['UUID', 'NAME', 'TYPE', 'GREMLIN', 'BPF', 'ACTIVE'], rows))
    }))
}

/** `capture get`. */
function getCommand(): Command {
  return addClientFlags(new Command('get'))
    .description('Print one capture')
    .argument('<uuid>', 'UUID of the capture (see capture list)')
    .action(runAction(async (uuid: string, flags: ClientFlags) => {
      const { createAnalyzerClient } = await import('../client/index.js')
      printJson(await createAnalyzerClient(clientOptions(flags)).getCapture(uuid))
    }))
}

/** `capture delete`. */
function deleteCommand(): Command {
  return addClientFlags(new Command('delete'))
    .description('Stop and delete captures')
    .argument('<uuid...>', 'UUIDs of the captures (see capture list)')
    .action(runAction(async (uuids: string[], flags: ClientFlags) => {
      const { createAnalyzerClient } = await import('../client/index.js')
      const client = createAnalyzerClient(clientOptions(flags))
      // As upstream: every UUID is tried; each failure is reported, the last one sets the exit status.
      const failed: SkydiveError[] = []
      for (const uuid of uuids) {
        try {
          await client.deleteCapture(uuid)
        } catch (err) {
          if (!(err instanceof SkydiveError) || err.code !== 'request-failed') throw err
          failed.push(err)
        }
      }
      for (const err of failed.slice(0, -1)) process.stderr.write(`Error: ${err.message}\n`)
      if (failed.length) throw failed.at(-1)
    }))
}

/** `capture upload`. */
function uploadCommand(): Command {
  return addClientFlags(new Command('upload'))
    .description('Send a pcap or pcapng file to the analyzer (POST /api/pcap); its flows join the analyzer\'s flow store')
    .argument('<file>', 'capture file (pcap or pcapng, up to 1 GiB; streamed)')
    .addHelpText('after', `
The analyzer computes the flows as \`skydive capture file\` does, then answers with what the
trace held (JSON). A corrupt or truncated file is refused whole, with the byte offset.

Examples:
  skydive capture upload trace.pcap --analyzer 10.0.0.1:8082
  skydive topology query "G.Flows().Has('Application', 'DNS').Count()"`)
    .action(runAction(async (file: string, flags: ClientFlags) => {
      const { createAnalyzerClient } = await import('../client/index.js')
      printJson(await createAnalyzerClient(clientOptions(flags)).uploadPcap(file))
    }))
}

/** The analyzer-side capture subcommands, in `--help` order. */
export function captureManageCommands(): Command[] {
  return [createCommand(), listCommand(), getCommand(), deleteCommand(), uploadCommand()]
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}
