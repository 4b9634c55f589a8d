/**
 * `skydive allinone`: an analyzer and a local agent in one process, with embedded defaults:
 * the one command to see this host's live topology.
 */
import { Command } from 'commander'
import { loadDaemonConfig, untilSignal, withConfigOption } from './daemon.js'
import { runAction } from './run-action.js'

interface AllinoneFlags {
  listen?: string
  hostId?: string
  probes?: string
  config?: string[]
}

/** Address the local agent dials for an analyzer listening on `host`. */
function dialable(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::' || host === '[::]') return '::1'
  return host
}

/** Builds the `allinone` command. */
export function allinoneCommand(): Command {
  return withConfigOption(new Command('allinone')
    .description('Run an analyzer and a local agent in one process (REST/WebSocket API and web UI on --listen)')
    .option('--listen <host:port>', 'address of the analyzer listener (analyzer.listen, default 127.0.0.1:8082)')
    .option('--host-id <id>', 'identity of this host (host_id, default the hostname)')
    .option('--probes <list>', 'comma-separated agent probes besides netlink (default netns,socketinfo)'))
    .addHelpText('after', `
Then query it, e.g.:
  skydive topology query "G.V().Has('Type','host')"
  curl -s -XPOST -d '{"GremlinQuery":"G.V().Has(\\"Type\\",\\"veth\\")"}' http://127.0.0.1:8082/api/topology

Examples:
  skydive allinone
  skydive allinone --listen 0.0.0.0:8082`)
    .action(runAction(async (flags: AllinoneFlags) => {
      const { config, log } = await loadDaemonConfig('allinone', flags.config, {
        'analyzer.listen': flags.listen,
        host_id: flags.hostId,
        'agent.topology.probes': flags.probes?.split(',').map((s) => s.trim()).filter(Boolean),
      })
      const { createStderrLogger } = await import('../runtime/index.js')
      const [{ startAnalyzer }, { startAgent }] = await Promise.all([import('../analyzer/index.js'), import('../agent/index.js')])
      const analyzer = await startAnalyzer(config, { logger: createStderrLogger('analyzer', config.logging.level) })
      const { host, port } = analyzer.address
      const local = dialable(host)
      let agent
      try {
        agent = await startAgent({ ...config, analyzers: [`${local.includes(':') ? `[${local}]` : local}:${port}`] },
          { logger: createStderrLogger('agent', config.logging.level) })
      } catch (err) {
        await analyzer.stop()
        throw err
      }
      log.info(`Skydive is running: ${analyzer.url} (Ctrl-C to stop)`)
      await untilSignal()
      log.info('Stopping')
      await agent.stop()
      await analyzer.stop()
    }))
}
