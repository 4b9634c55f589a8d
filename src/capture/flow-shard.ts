/**
 * One shard of a sharded capture-file read (file-flows.ts): reads the whole file, sends to its
 * own flow table only the packets whose shard key (core's ShardKeys) falls in its shard, and
 * returns its flows as JSON lines tagged with their creation ids, so shards merge into the
 * order one table fed every packet gives. Runs in the main thread (shard 0) and in workers.
 */
import {
  DEFRAG_MAX_PENDING, type PacketSink, PcapInvalidError, ShardKeys, UNSHARDABLE,
} from '../core/flow/index.js'
import { type FlowPipelineOptions, createFlowPipeline } from './flow-pipeline.js'
import { readPcapFile } from './pcap-file.js'

/** What a shard is given (structured-clonable: it is a worker's workerData). */
export interface ShardParams {
  path: string
  shard: number
  shards: number
  options: Omit<FlowPipelineOptions, 'hash64'> & { maxEntries: number }
  /** Int32Array[2] shared by every shard: flows created so far, and a stop flag */
  control: SharedArrayBuffer
}

/** Why a shard gave up: its result would differ from a single table's. */
export type ShardAbort = 'unshardable-frame' | 'max-entries' | 'defrag-pending' | 'stopped'

/** A shard's flows and counters. */
export interface ShardResult {
  /** creation id of each flow, ascending */
  ids: Float64Array<ArrayBuffer>
  /** the flow of the same index as JSON */
  lines: string[]
  /** packets read (all shards), up to the end or the error */
  packets: number
  flows: number
  dropped: number
  format: 'pcap' | 'pcapng' | undefined
  error?: { message: string; offset: number; hint?: string }
  aborted?: ShardAbort
}

class Abort extends Error {
  constructor(readonly why: ShardAbort) { super(why) }
}

/** Runs one shard over the whole file. */
export async function runShard(p: ShardParams, onProgress?: (read: number, size: number, packets: number) => void): Promise<ShardResult> {
  const { table } = await createFlowPipeline(p.options)
  const keys = new ShardKeys({ ipDefrag: p.options.ipDefrag ?? true, mplsUdpPorts: p.options.mplsUdpPorts ?? [] })
  const ctl = new Int32Array(p.control)
  const { shard, shards } = p, forced = p.options.linkType, max = p.options.maxEntries
  let index = 0, counted = 0
  const sink: PacketSink = (buf, off, capLen, wireLen, sec, nsec, fileLinkType) => {
    const linkType = forced ?? fileLinkType
    const key = keys.keyOf(buf, off, capLen, linkType)
    const i = index++
    if (key === UNSHARDABLE) throw new Abort('unshardable-frame')
    if (key % shards !== shard) return
    table.creationOrder = i
    table.addPacket(buf, off, capLen, wireLen, sec, nsec, linkType)
  }
  // after each chunk: exactness needs the union of the tables to never evict a flow (at most
  // max flows in all) nor a pending fragment (DEFRAG_MAX_PENDING datagrams in all)
  const check = (read: number, size: number): void => {
    const n = table.size
    const all = Atomics.add(ctl, 0, n - counted) + n - counted
    counted = n
    if (Atomics.load(ctl, 1) !== 0) throw new Abort('stopped')
    if (all > max) throw new Abort('max-entries')
    if (table.defragHighWater > Math.floor(DEFRAG_MAX_PENDING / shards)) throw new Abort('defrag-pending')
    onProgress?.(read, size, index)
  }
  const result = (extra: Partial<ShardResult>): ShardResult => {
    const ids: number[] = [], lines: string[] = []
    if (!extra.aborted) {
      for (const [id, flow] of table.flowsWithIds()) {
        ids.push(id)
        lines.push(JSON.stringify(flow))
      }
    }
    return { ids: Float64Array.from(ids), lines, packets: index, flows: table.size, dropped: table.stats.FlowDropped, format: undefined, ...extra }
  }
  try {
    const r = await readPcapFile(p.path, sink, { onProgress: check })
    return result({ format: r.format })
  } catch (err) {
    if (err instanceof Abort) {
      if (err.why !== 'stopped') Atomics.store(ctl, 1, 1)
      return result({ aborted: err.why })
    }
    if (err instanceof PcapInvalidError) {
      return result({ error: { message: err.message, offset: err.offset, ...(err.hint !== undefined ? { hint: err.hint } : {}) } })
    }
    Atomics.store(ctl, 1, 1)
    throw err
  }
}
