import { Command, InvalidArgumentError, Option } from 'commander'
import { addClientFlags, clientOptions, type ClientFlags } from './client-flags.js'
import { runAction } from './run-action.js'

/** Flags of `skydive flow-matrix`, as commander hands them over. */
interface FlowMatrixFlags extends ClientFlags {
  useFlows?: boolean
  at?: string
  duration: number
  listNoPeers?: boolean
  format: 'csv' | 'dot' | 'render' | 'json' | 'skydive'
  engine?: 'dot' | 'circo' | 'neato'
  output?: string
  diff?: string
}

const seconds = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of seconds')
  return Number(value)
}

const EXAMPLES = `
Rows are client -> server connections: a server socket is one in state LISTEN (or an
unconnected UDP socket); its clients are found in the sockets that agents with the
socketinfo probe report. CSV rows are sorted, so two runs on the same topology give
byte-identical files.

Examples:
  skydive flow-matrix --analyzer 10.0.0.1:8082 > matrix.csv
  skydive flow-matrix --format render --output matrix.png --engine circo
  skydive flow-matrix --at -10m --duration 60          (needs an analyzer with history)
  skydive flow-matrix --diff matrix.csv --output matrix.csv || echo "new dependencies"

Environment: SKYDIVE_ANALYZER, SKYDIVE_USERNAME, SKYDIVE_PASSWORD, and
SKYDIVE_FLOW_MATRIX_<FLAG> for the matrix flags (e.g. SKYDIVE_FLOW_MATRIX_FORMAT=dot).
Exit status: 0 ok, 1 failure or (with --diff) a changed matrix, 2 bad usage.`

/** `skydive flow-matrix`: which process on which host talks to which process on which host. */
export function flowMatrixCommand(): Command {
  const env = (flag: string): string => `SKYDIVE_FLOW_MATRIX_${flag.toUpperCase().replace(/-/g, '_')}`
  return addClientFlags(new Command('flow-matrix'))
    .description('Print the connection matrix between processes of all hosts (CSV, Graphviz, SVG/PNG, JSON)')
    .addOption(new Option('--use-flows', 'also build rows from captured flows').env(env('use-flows')))
    .addOption(new Option('--at <time>', "Gremlin time context, e.g. -10m (needs analyzer history)").env(env('at')))
    .addOption(new Option('--duration <seconds>', 'with --at, include the preceding seconds').env(env('duration')).argParser(seconds).default(0))
    .addOption(new Option('--list-no-peers', 'also list connections whose server was not found').env(env('list-no-peers')))
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'dot', 'render', 'json', 'skydive']).env(env('format')).default('csv'))
    .addOption(new Option('--engine <engine>', 'Graphviz layout engine of --format render (default: dot); with --format dot, written as the graph\'s layout').choices(['dot', 'circo', 'neato']).env(env('engine')))
    .addOption(new Option('--output <file>', 'write to FILE instead of stdout (render: .svg or .png)').env(env('output')))
    .addOption(new Option('--diff <previous.csv>', 'print rows added (+) and removed (-) since PREVIOUS.csv; exit 1 if any').env(env('diff')))
    .addHelpText('after', EXAMPLES)
    .action(runAction(async (flags: FlowMatrixFlags, cmd: Command) => {
      const { runFlowMatrixCommand } = await import('../flow-matrix/index.js')
      // an engine set in the environment applies where it means something; one on the command line must
      const drawn = flags.format === 'render' || flags.format === 'dot'
      const engine = cmd.getOptionValueSource('engine') === 'env' && !drawn ? undefined : flags.engine
      process.exitCode = await runFlowMatrixCommand({
        connection: clientOptions(flags),
        format: flags.format, ...(engine ? { engine } : {}), useFlows: Boolean(flags.useFlows), at: flags.at,
        duration: flags.duration, listNoPeers: Boolean(flags.listNoPeers), output: flags.output, diff: flags.diff,
      })
    }))
}
