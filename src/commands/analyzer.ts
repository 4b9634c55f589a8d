/**
 * `skydive analyzer`: starts the server agents and clients talk to, and runs until
 * SIGINT/SIGTERM.
 */
import { Command } from 'commander'
import { runAction } from './run-action.js'
import { untilSignal } from './agent.js'

interface AnalyzerFlags {
  listen?: string
  config?: string[]
  hostId?: string
}

/** Builds the `analyzer` command. */
export function analyzerCommand(): Command {
  return new Command('analyzer')
    .description('Run the analyzer: REST + WebSocket API (upstream Skydive compatible), merged topology of every agent')
    .option('--listen <host:port>', 'address of the REST/WebSocket listener (analyzer.listen, default 127.0.0.1:8082)')
    .option('-c, --config <file>', 'skydive.yml with upstream key names; repeat to merge several', (v: string, prev: string[] = []) => [...prev, v])
    .option('--host-id <id>', 'identity of this analyzer (host_id, default the hostname)')
    .addHelpText('after', `
Every configuration key can also be set with SKYDIVE_<KEY> (dots become underscores),
e.g. SKYDIVE_ANALYZER_LISTEN=0.0.0.0:8082. Flags override the environment, which
overrides the files.

Examples:
  skydive analyzer
  skydive analyzer --listen 0.0.0.0:8082 --config /etc/skydive/skydive.yml`)
    .action(runAction(async (flags: AnalyzerFlags) => {
      const { loadConfig } = await import('../config/index.js')
      const { createStderrLogger } = await import('../runtime/index.js')
      const warnings: string[] = []
      const config = await loadConfig({
        config: flags.config,
        flags: { 'analyzer.listen': flags.listen, host_id: flags.hostId },
        onWarning: (w) => warnings.push(w),
      })
      const log = createStderrLogger('analyzer', config.logging.level)
      for (const w of warnings) log.warn(w)
      const { startAnalyzer } = await import('../analyzer/index.js')
      const analyzer = await startAnalyzer(config, { logger: log })
      await untilSignal()
      log.info('Stopping analyzer')
      await analyzer.stop()
    }))
}
