/**
 * The analyzer's flow store: what `Flows()` queries read (the Gremlin FlowStore) and what flow
 * sources write to (uploaded traces now, agents' live captures later), bounded by
 * `analyzer.flow.max_buffer_size` with the oldest flows dropped and counted.
 */
import type { ResolvedConfig } from '../config/index.js'
import { SkydiveError } from '../core/errors.js'
import { MemoryFlowStore } from '../core/flow/index.js'
import type { FlowStore } from '../core/gremlin/index.js'
import type { Logger } from '../core/ports.js'
import type { WireFlow, WireFlowStoreStatus } from '../wire/index.js'

/** A flow store the analyzer reads and writes. */
export interface AnalyzerFlowStore extends FlowStore {
  /** Adds or refreshes flows (same UUID: the newer copy wins); the oldest go past the bound. */
  add(flows: Iterable<WireFlow>): void
  /** counters, as GET /api/status shows them under `Flows` */
  status(): WireFlowStoreStatus
}

/**
 * The store of `config`: in memory, whatever `analyzer.flow.backend` says (the only backend).
 * @example
 * const store = createAnalyzerFlowStore(config, log)
 * store.add(table.flows('created'))
 * runGremlin("G.Flows().Count()", { graph, flows: store }).json
 */
export function createAnalyzerFlowStore(config: ResolvedConfig, log: Logger): AnalyzerFlowStore {
  const { backend, max_buffer_size: maxSize } = config.analyzer.flow
  if (!Number.isSafeInteger(maxSize) || maxSize < 1) {
    throw new SkydiveError('config-invalid', `Invalid configuration key "analyzer.flow.max_buffer_size": expected a positive whole number of flows, got ${maxSize}`)
  }
  if (backend !== 'memory') {
    log.warn(`Keeping flows in memory: flow backend "${backend}" is not supported by this analyzer`, { max_buffer_size: maxSize })
  }
  const store = new MemoryFlowStore({ maxSize })
  return {
    flows: () => store.flows(),
    add: (flows) => store.add(flows),
    status: () => ({ Count: store.size, MaxBufferSize: store.maxSize, Dropped: store.dropped }),
  }
}
