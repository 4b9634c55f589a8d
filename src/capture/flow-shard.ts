/**
 * The worker side of a sharded capture-file read (file-flows.ts). The main thread reads and
 * parses the file into shared buffers and lists, per worker and buffer, the packets of that
 * worker's shard; a worker feeds them to its own flow table, releases the buffer, and at the
 * end returns its flows as JSON lines tagged with their creation ids, so the shards merge into
 * the order one table fed every packet gives.
 */
import type { FlowTable } from '../core/flow/index.js'
import { type FlowPipelineOptions, createFlowPipeline } from './flow-pipeline.js'

/**
 * 32-bit words per listed packet: offset, captured and wire length, seconds, nanoseconds, link
 * type, packet number (low and high words). Integers, not Float64: doubles reaching the decoder
 * would make V8 store its offsets boxed.
 */
export const DESC = 8

/** What a worker is given (its workerData; the buffers are shared, not copied). */
export interface ShardParams {
  /** 1-based worker number (the main thread is shard 0) */
  worker: number
  options: Omit<FlowPipelineOptions, 'hash64'>
  /** the read buffers */
  buffers: SharedArrayBuffer[]
  /** this worker's packet list of each buffer (Uint32 words, DESC a packet) */
  lists: SharedArrayBuffer[]
  /** Int32 pairs per worker: its flow count and defragmenter high-water mark, updated per buffer */
  control: SharedArrayBuffer
}

/** Messages to a worker: a buffer to process, or the end of the file. */
export type ToShard = { buf: number; count: number } | { done: true }

/** A shard's flows and counters. */
export interface ShardResult {
  /** creation id of each flow, ascending */
  ids: Float64Array<ArrayBuffer>
  /** the flow of the same index as JSON */
  lines: string[]
  flows: number
  defragHighWater: number
}

/** Messages from a worker: a buffer it is done with, or its result. */
export type FromShard = { release: number } | { result: ShardResult }

/** The flows of a table as a ShardResult. */
export function shardResult(table: FlowTable): ShardResult {
  const ids: number[] = [], lines: string[] = []
  for (const [id, json] of table.jsonWithIds()) {
    ids.push(id)
    lines.push(json)
  }
  return { ids: Float64Array.from(ids), lines, flows: table.size, defragHighWater: table.defragHighWater }
}

/** Runs a worker's shard: answers each ToShard on `port`. */
export async function serveShard(p: ShardParams, port: { on(e: 'message', l: (m: ToShard) => void): void; postMessage(m: FromShard, t?: ArrayBuffer[]): void }): Promise<void> {
  const { table } = await createFlowPipeline(p.options)
  const views = p.buffers.map((b) => new Uint8Array(b)), lists = p.lists.map((b) => new Int32Array(b))
  const ctl = new Int32Array(p.control), at = 2 * p.worker
  port.on('message', (m) => {
    if ('done' in m) {
      const result = shardResult(table)
      port.postMessage({ result }, [result.ids.buffer])
      return
    }
    const buf = views[m.buf]!, d = lists[m.buf]!
    for (let j = 0, o = 0; j < m.count; j++, o += DESC) {
      table.creationOrder = (d[o + 6]! >>> 0) + d[o + 7]! * 0x100000000
      table.addPacket(buf, d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]! >>> 0, d[o + 4]!, d[o + 5]!)
    }
    Atomics.store(ctl, at, table.size)
    Atomics.store(ctl, at + 1, table.defragHighWater)
    port.postMessage({ release: m.buf })
  })
}
