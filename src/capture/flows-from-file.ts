/**
 * Flows of a capture file, computed as upstream's pcap harness does (spec/flows.md §5.1):
 * one pass through the shared flow pipeline (ExtraTCPMetric, ReassembleTCP and IPDefrag on,
 * original timestamps, no update or expire tick). What `skydive capture file` prints.
 */
import { type FlowTable, PcapInvalidError } from '../core/flow/index.js'
import { type FlowPipelineOptions, createFlowPipeline } from './flow-pipeline.js'
import { readPcapFile } from './pcap-file.js'

/** Options of flowsFromFile. */
export interface FlowsFromFileOptions extends FlowPipelineOptions {
  onProgress?: (bytesRead: number, fileSize: number, packets: number) => void
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
  // the file is read into the table's WebAssembly memory, where its fast path counts frames
  const p = await createFlowPipeline({ fastWasm: true, ...opts })
  const onProgress = opts.onProgress
  try {
    const r = await readPcapFile(path, p.sink, {
      // the bulk counts only what is read into those buffers
      buffers: (count, size) => p.table.packetBuffers(count, size),
      ...(p.bulk ? { bulk: p.bulk } : {}),
      ...(onProgress ? { onProgress: (read, size) => onProgress(read, size, p.packets) } : {}),
    })
    return { table: p.table, packets: p.packets, format: r.format }
  } catch (err) {
    if (err instanceof PcapInvalidError) return { table: p.table, packets: p.packets, format: undefined, error: err }
    throw err
  }
}
