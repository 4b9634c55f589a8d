/**
 * Flows of a capture file, computed as upstream's pcap harness does (spec/flows.md §5.1):
 * one pass through a FlowTable with ExtraTCPMetric, ReassembleTCP and IPDefrag on, original
 * timestamps, no update or expire tick. What `skydive capture file` prints.
 */
import { type ExtraLayer, FlowTable, type Hash64, PcapInvalidError, loadXxhash64 } from '../core/flow/index.js'
import { readPcapFile } from './pcap-file.js'

/** Options of flowsFromFile. */
export interface FlowsFromFileOptions {
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
  onProgress?: (bytesRead: number, fileSize: number, packets: number) => void
  /** a hasher already loaded (tests share one) */
  hash64?: Hash64
}

/** The table after the last packet, and the error that stopped reading early, if any. */
export interface FlowsFromFileResult {
  table: FlowTable
  packets: number
  format: 'pcap' | 'pcapng' | undefined
  /** set when the file is corrupt or truncated: the table holds the flows read before it */
  error?: PcapInvalidError
}

/** Reads `path` into a fresh flow table. */
export async function flowsFromFile(path: string, opts: FlowsFromFileOptions = {}): Promise<FlowsFromFileResult> {
  const table = new FlowTable({
    hash64: opts.hash64 ?? await loadXxhash64(),
    layerKeyMode: opts.layerKeyMode ?? 'L2',
    extraTCPMetric: true,
    reassembleTCP: true,
    ipDefrag: opts.ipDefrag ?? true,
    extraLayers: opts.extraLayers ?? [],
    ...(opts.maxEntries !== undefined ? { maxEntries: opts.maxEntries } : {}),
    mplsUdpPorts: opts.mplsUdpPorts ?? [],
  })
  const forced = opts.linkType
  let packets = 0
  const onProgress = opts.onProgress
  try {
    const r = await readPcapFile(path, (buf, off, capLen, wireLen, sec, nsec, linkType) => {
      packets++
      table.addPacket(buf, off, capLen, wireLen, sec, nsec, forced ?? linkType)
    }, onProgress ? { onProgress: (read, size) => onProgress(read, size, packets) } : {})
    return { table, packets, format: r.format }
  } catch (err) {
    if (err instanceof PcapInvalidError) return { table, packets, format: undefined, error: err }
    throw err
  }
}
