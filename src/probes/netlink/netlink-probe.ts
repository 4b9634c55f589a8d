/**
 * The netlink probe: the interfaces of the agent's own namespace, owned by the host node
 * (spec/topology.md §2.4). Other namespaces are the netns probe's.
 */
import type { Probe, ProbeContext } from '../probe.js'
import { NamespaceListener } from './namespace-listener.js'

/** Interfaces of the agent's namespace, live. */
export class NetlinkProbe implements Probe {
  readonly #listener: NamespaceListener

  constructor(ctx: ProbeContext) {
    this.#listener = new NamespaceListener({
      graph: ctx.graph, rootId: ctx.host.ID, nsPath: null, veths: ctx.veths, log: ctx.log,
      metricsUpdateSeconds: ctx.config.topology.netlink.metrics_update,
    })
  }

  start(): Promise<void> {
    return this.#listener.start()
  }

  stop(): Promise<void> {
    return this.#listener.stop()
  }
}
