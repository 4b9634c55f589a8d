/**
 * `skydive agent`: discovers this host's topology (interfaces, namespaces, sockets) and
 * pushes it live to the analyzers; runs until SIGINT/SIGTERM.
 */
import { Command } from 'commander'
import { runAction } from './run-action.js'

interface AgentFlags {
  analyzer?: string[]
  hostId?: string
  probes?: string
  config?: string[]
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)]

/** Builds the `agent` command. */
export function agentCommand(): Command {
  return new Command('agent')
    .description('Run an agent: live topology of this host (netlink, netns, sockets) pushed to the analyzers')
    .option('--analyzer <host:port>', 'analyzer to push to (analyzers); repeat or separate with commas for several', collect)
    .option('--host-id <id>', 'identity of this host (host_id, default the hostname)')
    .option('--probes <list>', 'comma-separated probes besides the always-on netlink (agent.topology.probes; default netns,socketinfo)')
    .option('-c, --config <file>', 'skydive.yml with upstream key names; repeat to merge several', (v: string, prev: string[] = []) => [...prev, v])
    .addHelpText('after', `
Probes: netlink (always on: interfaces, addresses, routes, neighbours, bridges, veth
pairs), netns (every namespace under agent.topology.netns.run_path and of running
processes), socketinfo (the host node's Sockets: TCP/UDP sockets with their processes,
refreshed every agent.topology.socketinfo.host_update seconds).

Credentials for analyzers with cluster auth: agent.auth.cluster.username/password (or
SKYDIVE_AGENT_AUTH_CLUSTER_USERNAME/PASSWORD). TLS: tls.ca_cert (+ client_cert/key).

Examples:
  skydive agent --analyzer 127.0.0.1:8082
  skydive agent --analyzer 10.0.0.4:8082,10.0.0.5:8082 --host-id compute-1
  ip netns exec ns1 skydive agent --analyzer 10.99.0.1:8082 --host-id ns1 --probes socketinfo`)
    .action(runAction(async (flags: AgentFlags) => {
      const { loadConfig } = await import('../config/index.js')
      const { createStderrLogger } = await import('../runtime/index.js')
      const warnings: string[] = []
      const config = await loadConfig({
        config: flags.config,
        flags: {
          analyzers: flags.analyzer,
          host_id: flags.hostId,
          'agent.topology.probes': flags.probes === undefined ? undefined : collect(flags.probes),
        },
        onWarning: (w) => warnings.push(w),
      })
      const log = createStderrLogger('agent', config.logging.level)
      for (const w of warnings) log.warn(w)
      const { startAgent } = await import('../agent/index.js')
      const agent = await startAgent(config, { logger: log })
      await untilSignal()
      log.info('Stopping agent')
      await agent.stop()
    }))
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
      resolve(sig)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}
