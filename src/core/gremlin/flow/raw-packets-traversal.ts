/**
 * `RawPackets()` and `BPF('filter')` (upstream `gremlin/traversal/rawpackets.go`): the last
 * raw packets a capture kept per flow (capture `RawPacketLimit`), read from the flows'
 * `LastRawPackets` as upstream's live path does. A store whose flows carry none (the
 * analyzer's today: uploaded traces keep no packets) answers `[]`: nothing is made up.
 */
import type { Step } from '../ast.js'
import { checks, evalError, notApplicable } from '../steps/common.js'
import type { CustomTraversal, Flow, GremlinResult, StepDef, Traversal } from '../traversal.js'
import { FlowTraversal } from './flow-traversal.js'
import { sortedObject } from '../sorted-object.js'

/** One raw packet as JSON: `{Timestamp (ms), Index, Data (base64), LinkType}` (spec/api.md §3.4). */
export type RawPacketJson = Record<string, unknown>

const isPacket = (p: unknown): p is RawPacketJson => p !== null && typeof p === 'object' && !Array.isArray(p) && typeof (p as RawPacketJson).Data === 'string'

export class RawPacketsTraversal implements CustomTraversal {
  readonly kind = 'custom'
  readonly label = 'raw packets'
  constructor(readonly byFlow: Map<string, RawPacketJson[]>) {}

  run(step: Step): Traversal | undefined {
    if (step.name !== 'BPF') return undefined
    // Nothing to filter: the answer is exactly the empty set, whatever the filter says.
    if (this.byFlow.size === 0) return this
    // No BPF compiler in the pure core (libpcap lives in the capture adapter): say so, never guess.
    throw evalError(`Cannot run BPF('${(step.params[0] as { value: string }).value}') on raw packets: this analyzer cannot evaluate BPF filters on stored packets`,
      'filter the flows before RawPackets() instead, e.g. Flows().Has(\'Transport.B\', 53).RawPackets()')
  }

  /** `[]` or `[{"<flowUUID>": [packet, …]}]`. */
  result(): GremlinResult {
    return { kind: 'rawpackets', json: this.byFlow.size ? [sortedObject(this.byFlow)] : [] }
  }
}

/** `<flows>.RawPackets()`: the flows' LastRawPackets keyed by flow UUID. */
export const RawPackets: StepDef = {
  name: 'RawPackets',
  check: checks.none,
  exec(input, step) {
    if (!(input instanceof FlowTraversal)) throw notApplicable(step, input, 'flows')
    const byFlow = new Map<string, RawPacketJson[]>()
    for (const f of input.flows as Flow[]) {
      const packets = f.LastRawPackets
      if (typeof f.UUID !== 'string' || !Array.isArray(packets)) continue
      const kept = packets.filter(isPacket)
      if (kept.length) byFlow.set(f.UUID, kept)
    }
    return new RawPacketsTraversal(byFlow)
  },
}

/** `BPF('filter')` after RawPackets(). */
export const BPF: StepDef = {
  name: 'BPF',
  check: (ps) => (ps.length !== 1 || ps[0]!.type !== 'string' ? "one filter string such as 'tcp port 80'" : undefined),
  exec(input, step) {
    throw notApplicable(step, input, 'raw packets (after RawPackets())')
  },
}
