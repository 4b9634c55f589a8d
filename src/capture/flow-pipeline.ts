/**
 * The one packets-to-flows pipeline of trace files, shared by `skydive capture file` (from a
 * path) and the analyzer's `POST /api/pcap` (from a request body), so both give the same flows
 * for the same bytes: a FlowTable with upstream's pcap harness options (spec/flows.md §5.1)
 * fed by core's PcapParser.
 */
import { type ExtraLayer, FlowTable, type Hash64, type PacketSink, type PcapBulk, type PcapBulkResult, loadXxhash64 } from '../core/flow/index.js'

/** Options of a trace's flow table; every field has the default of `skydive capture file`. */
export interface FlowPipelineOptions {
  /** default L2 */
  layerKeyMode?: 'L2' | 'L3'
  /** IPv4 defragmentation (default true) */
  ipDefrag?: boolean
  extraLayers?: readonly ExtraLayer[]
  /** flow.max_entries (default 500000) */
  maxEntries?: number
  /** LINKTYPE_* to decode with instead of the file's (e.g. 101 for raw IP mislabelled as Ethernet) */
  linkType?: number
  /** UDP ports carrying MPLS */
  mplsUdpPorts?: readonly number[]
  /** a hasher already loaded (tests share one) */
  hash64?: Hash64
  /** keep the flows in WebAssembly memory and count common frames read into packetBuffers with it (FlowTable option fastWasm) */
  fastWasm?: boolean
}

/** A fresh table and the sink that feeds it packets from a PcapParser. */
export interface FlowPipeline {
  table: FlowTable
  sink: PacketSink
  /** packets handed to the table so far */
  readonly packets: number
  /** with fastWasm: hands runs of classic-pcap records to the table's WebAssembly loop (readPcapFile's bulk) */
  bulk?: { bulk: PcapBulk; result: PcapBulkResult }
}

/**
 * Creates the table of one trace. ExtraTCPMetric and ReassembleTCP are always on, as in
 * upstream's harness; no update or expire tick runs, so the flows keep their trace times.
 * @example
 * const p = await createFlowPipeline({ layerKeyMode: 'L3' })
 * new PcapParser().parse(bytes, 0, bytes.length, p.sink, true)
 * for (const flow of p.table.flows('created')) console.log(flow.TrackingID)
 */
export async function createFlowPipeline(opts: FlowPipelineOptions = {}): Promise<FlowPipeline> {
  const table = new FlowTable({
    hash64: opts.hash64 ?? await loadXxhash64(),
    layerKeyMode: opts.layerKeyMode ?? 'L2',
    extraTCPMetric: true,
    reassembleTCP: true,
    ipDefrag: opts.ipDefrag ?? true,
    extraLayers: opts.extraLayers ?? [],
    ...(opts.maxEntries !== undefined ? { maxEntries: opts.maxEntries } : {}),
    mplsUdpPorts: opts.mplsUdpPorts ?? [],
    ...(opts.fastWasm ? { fastWasm: true } : {}),
  })
  const forced = opts.linkType
  let packets = 0
  const sink: PacketSink = forced === undefined
    ? (buf, off, capLen, wireLen, sec, nsec, linkType) => { packets++; table.addPacket(buf, off, capLen, wireLen, sec, nsec, linkType) }
    : (buf, off, capLen, wireLen, sec, nsec) => { packets++; table.addPacket(buf, off, capLen, wireLen, sec, nsec, forced) }
  // a forced link type goes through the sink, which applies it
  const fast = forced === undefined ? table.pcapBulk() : undefined
  const bulk: PcapBulk | undefined = fast && ((...a) => {
    const n = fast.bulk(...a)
    packets += n
    return n
  })
  return { table, sink, get packets() { return packets }, ...(fast && bulk ? { bulk: { bulk, result: fast.result } } : {}) }
}
