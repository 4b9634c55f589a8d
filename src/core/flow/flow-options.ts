/**
 * Options of a FlowTable: upstream's TableOpts (capture options) and the `flow.*` config keys
 * (spec/flows.md §3, §4.4), resolved once into a complete, readonly shape.
 */
import type { Clock } from '../ports.js'
import type { WireFlow } from '../../wire/index.js'
import type { Hash64 } from './xxhash64.js'

/** Extra layers a capture can add to flows (capture `ExtraLayers` bitmask). */
export const EXTRA_LAYERS = { VRRP: 1, DNS: 2, DHCPv4: 4 } as const
export type ExtraLayer = keyof typeof EXTRA_LAYERS

/** flow.max_entries when nothing sets it (upstream's default). */
export const DEFAULT_MAX_ENTRIES = 500_000

/** What a FlowTable is built with. Only `hash64` is required. */
export interface FlowTableOptions {
  /** xxHash64 (loadXxhash64()); loaded asynchronously at the edge */
  hash64: Hash64
  /** time source of update/expire ticks; packets carry their own capture time */
  clock?: Clock
  /** flow.default_layer_key_mode / capture LayerKeyMode (default L2) */
  layerKeyMode?: 'L2' | 'L3'
  /** capture ExtraTCPMetric: SYN/FIN/RST times and TTLs (default false) */
  extraTCPMetric?: boolean
  /** capture IPDefrag (default false) */
  ipDefrag?: boolean
  /** capture ReassembleTCP: segment counters of TCPMetric (default false) */
  reassembleTCP?: boolean
  /** capture ExtraLayers (default none) */
  extraLayers?: readonly ExtraLayer[]
  /** capture RawPacketLimit 0–10 (default 0) */
  rawPacketLimit?: number
  /** flow.max_entries (default 500000): older flows are evicted and counted beyond it */
  maxEntries?: number
  /** flow.update in seconds (default 60) */
  updateSeconds?: number
  /** flow.expire in seconds (default 600) */
  expireSeconds?: number
  /** flow.application_timeout.<app> in seconds (default ARP 10, DNS 10) */
  appTimeouts?: Readonly<Record<string, number>>
  /** flow.application_ports.tcp|udp: port → application name */
  appPorts?: { tcp?: Readonly<Record<number, string>>; udp?: Readonly<Record<number, string>> }
  /** UDP ports carrying MPLS (node metadata MPLSUDPPort) */
  mplsUdpPorts?: readonly number[]
  nodeTID?: string
  captureID?: string
  /** Community ID seed (default 0) */
  communityIdSeed?: number
  /** where flows sent by update/expire ticks go (upstream's Sender) */
  onFlows?: (flows: WireFlow[]) => void
  /**
   * Count common frames, and create their flows, without the general decoder (fast-path.ts;
   * default true). Results are the same either way; false exists so tests can check that.
   */
  fastPath?: boolean
  /**
   * Keep the flows in a WebAssembly module's memory and count fast-shape frames that are read
   * into that memory (packetBuffers()) with the module (fast-path-wasm.ts; default false). Same
   * results; for tables fed from files, where the reader can use those buffers.
   */
  fastWasm?: boolean
}

/** Options with every default filled in. */
export interface ResolvedFlowTableOptions extends Readonly<Required<Omit<FlowTableOptions, 'clock' | 'onFlows' | 'appPorts'>>> {
  readonly clock: Clock | undefined
  readonly onFlows: ((flows: WireFlow[]) => void) | undefined
  readonly l3: boolean
  readonly extraMask: number
  readonly appPorts: { tcp: Readonly<Record<number, string>>; udp: Readonly<Record<number, string>> }
}

/** Fills defaults and checks ranges (RangeError: these come from code or validated config). */
export function resolveFlowTableOptions(o: FlowTableOptions): ResolvedFlowTableOptions {
  const maxEntries = o.maxEntries ?? DEFAULT_MAX_ENTRIES
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`)
  const rawPacketLimit = o.rawPacketLimit ?? 0
  if (!Number.isInteger(rawPacketLimit) || rawPacketLimit < 0 || rawPacketLimit > 10) {
    throw new RangeError(`rawPacketLimit must be an integer from 0 to 10, got ${rawPacketLimit}`)
  }
  const appTimeouts: Record<string, number> = {}
  for (const [k, v] of Object.entries(o.appTimeouts ?? { ARP: 10, DNS: 10 })) appTimeouts[k.toUpperCase()] = v
  const upper = (m: Readonly<Record<number, string>> = {}): Record<number, string> =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.toUpperCase()]))
  const extraLayers = o.extraLayers ?? []
  return {
    hash64: o.hash64,
    clock: o.clock,
    onFlows: o.onFlows,
    layerKeyMode: o.layerKeyMode ?? 'L2',
    l3: o.layerKeyMode === 'L3',
    extraTCPMetric: o.extraTCPMetric ?? false,
    ipDefrag: o.ipDefrag ?? false,
    reassembleTCP: o.reassembleTCP ?? false,
    extraLayers,
    extraMask: extraLayers.reduce((m, l) => m | EXTRA_LAYERS[l], 0),
    rawPacketLimit,
    maxEntries,
    updateSeconds: o.updateSeconds ?? 60,
    expireSeconds: o.expireSeconds ?? 600,
    appTimeouts,
    appPorts: { tcp: upper(o.appPorts?.tcp), udp: upper(o.appPorts?.udp) },
    mplsUdpPorts: o.mplsUdpPorts ?? [],
    nodeTID: o.nodeTID ?? '',
    captureID: o.captureID ?? '',
    communityIdSeed: o.communityIdSeed ?? 0,
    fastPath: o.fastPath ?? true,
    fastWasm: o.fastWasm ?? false,
  }
}
