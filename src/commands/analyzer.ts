/**
 * `skydive analyzer`: starts the server agents and clients talk to, and runs until
 * SIGINT/SIGTERM.
 */
import { Command } from 'commander'
import { loadDaemonConfig, untilSignal, withConfigOption } from './daemon.js'
import { runAction } from './run-action.js'

interface AnalyzerFlags {
  listen?: string
  config?: string[]
  hostId?: string
}

/** Builds the `analyzer` command. */
export function analyzerCommand(): Command {
  return withConfigOption(new Command('analyzer')
    .description('Run the analyzer: REST + WebSocket API (upstream Skydive compatible), merged topology of every agent')
    .option('--listen <host:port>', 'address of the REST/WebSocket listener (analyzer.listen, default 127.0.0.1:8082)'))
    .option('--host-id <id>', 'identity of this analyzer (host_id, default the hostname)')
    .addHelpText('after', `
Every configuration key can also be set with SKYDIVE_<KEY> (dots become underscores),
e.g. SKYDIVE_ANALYZER_LISTEN=0.0.0.0:8082. Flags override the environment, which
overrides the files.

Examples:
  skydive analyzer
  skydive analyzer --listen 0.0.0.0:8082 --config /etc/skydive/skydive.yml`)
    .action(runAction(async (flags: AnalyzerFlags) => {
      const { config, log } = await loadDaemonConfig('analyzer', flags.config, { 'analyzer.listen': flags.listen, host_id: flags.hostId })
      const { startAnalyzer } = await import('../analyzer/index.js')
      const analyzer = await startAnalyzer(config, { logger: log })
      await untilSignal()
      log.info('Stopping analyzer')
      await analyzer.stop()
    }))
}
