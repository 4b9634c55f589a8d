/**
 * `skydive agent`: discovers this host's topology (interfaces, namespaces, sockets) and
 * pushes it live to the analyzers; runs until SIGINT/SIGTERM.
 */
import { Command } from 'commander'
import { loadDaemonConfig, untilSignal, withConfigOption } from './daemon.js'
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
  return withConfigOption(new Command('agent')
    .description('Run an agent: live topology of this host (netlink, netns, sockets) pushed to the analyzers')
    .option('--analyzer <host:port>', 'analyzer to push to (analyzers); repeat or separate with commas for several', collect)
    .option('--host-id <id>', 'identity of this host (host_id, default the hostname)')
    .option('--probes <list>', 'comma-separated probes besides the always-on netlink (agent.topology.probes; default netns,socketinfo)'))
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
      const { config, log } = await loadDaemonConfig('agent', flags.config, {
        analyzers: flags.analyzer,
        host_id: flags.hostId,
        'agent.topology.probes': flags.probes === undefined ? undefined : collect(flags.probes),
      })
      const { startAgent } = await import('../agent/index.js')
      // alone in its process: keep the heap near its live size (src/agent/heap-keeper.ts)
      const agent = await startAgent(config, { logger: log, heapSlackMB: 2 })
      await untilSignal()
      log.info('Stopping agent')
      await agent.stop()
    }))
}
