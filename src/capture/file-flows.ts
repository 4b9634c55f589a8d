/**
 * The flows of a capture file for `skydive capture file`, read by one flow table or, for large
 * files, by several at once: each thread reads the file and processes only the packets of its
 * shard (core's ShardKeys: a symmetric hash of the addresses the top-level flow key uses), and
 * the flows are merged in creation order, so the output is byte for byte what one table gives.
 * A shard gives up, and the file is read again by one table, whenever sharding could change a
 * result: a frame ShardKeys cannot place, more flows than `maxEntries` in all (a single table
 * would then evict by global LRU order), or more pending IPv4 fragments than the defragmenter's
 * bound could hold in one table.
 */
import { statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { PcapInvalidError } from '../core/flow/index.js'
import type { WireFlow } from '../wire/index.js'
import { type FlowsFromFileOptions, flowsFromFile } from './flows-from-file.js'
import { type ShardParams, type ShardResult, runShard } from './flow-shard.js'

/** Files from this size up are sharded by default: below it, starting a worker costs more than it saves. */
export const SHARD_MIN_BYTES = 64 * 1024 * 1024
const DEFAULT_MAX_ENTRIES = 500_000

/** Options of readFileFlows. */
export interface FileFlowsOptions extends Omit<FlowsFromFileOptions, 'hash64'> {
  /** threads (shards) to use; default 2 for files of SHARD_MIN_BYTES or more on a multi-core machine, else 1 */
  threads?: number
}

/** The flows of a file in creation order, and how they were read. */
export interface FileFlows {
  packets: number
  /** flows evicted by the max-entries bound */
  dropped: number
  /** threads that produced the flows (1 when read by one table, fallback included) */
  threads: number
  /** why sharding was abandoned for one table, if it was */
  fallback?: string
  error?: PcapInvalidError
  /** the flows as JSON text, one per flow */
  lines(): IterableIterator<string>
  flows(): IterableIterator<WireFlow>
}

/** Reads `path` into flows, sharded over threads when that is worth it and exact. */
export async function readFileFlows(path: string, opts: FileFlowsOptions = {}): Promise<FileFlows> {
  const threads = opts.threads ?? defaultThreads(path)
  let fallback: string | undefined
  if (threads > 1) {
    const r = await sharded(path, threads, opts)
    if (!('fallback' in r)) return r
    fallback = r.fallback
  }
  const r = await flowsFromFile(path, opts)
  const table = r.table
  return {
    packets: r.packets, dropped: table.stats.FlowDropped, threads: 1,
    ...(fallback !== undefined ? { fallback } : {}),
    ...(r.error ? { error: r.error } : {}),
    *lines() { for (const f of table.flows('created')) yield JSON.stringify(f) },
    flows: () => table.flows('created'),
  }
}

function defaultThreads(path: string): number {
  try {
    return statSync(path).size >= SHARD_MIN_BYTES ? Math.min(2, availableParallelism()) : 1
  } catch {
    return 1 // flowsFromFile names the problem
  }
}

async function sharded(path: string, shards: number, opts: FileFlowsOptions): Promise<FileFlows | { fallback: string }> {
  const control = new SharedArrayBuffer(8)
  const { onProgress, threads: _threads, ...rest } = opts
  const params = (shard: number): ShardParams => ({
    path, shard, shards, control, options: { ...rest, maxEntries: opts.maxEntries ?? DEFAULT_MAX_ENTRIES },
  })
  const workers = Array.from({ length: shards - 1 }, (_, i) => startWorker(params(i + 1)))
  for (const w of workers) w.catch(() => {}) // handled below; not an unhandled rejection meanwhile
  let mine: ShardResult
  try {
    mine = await runShard(params(0), onProgress)
  } catch (err) {
    await Promise.allSettled(workers) // runShard raised the stop flag: they end soon
    throw err
  }
  const results = [mine, ...await Promise.all(workers)]
  const abort = results.find((r) => r.aborted && r.aborted !== 'stopped')?.aborted
  if (abort) return { fallback: abort }
  const flows = results.reduce((n, r) => n + r.flows, 0)
  if (flows > (opts.maxEntries ?? DEFAULT_MAX_ENTRIES)) return { fallback: 'max-entries' }
  const main = results[0]!
  const e = main.error
  return {
    packets: main.packets, dropped: 0, threads: shards,
    ...(e ? { error: new PcapInvalidError(e.message, e.offset, e.hint) } : {}),
    lines: () => merged(results),
    *flows() { for (const line of merged(results)) yield JSON.parse(line) as WireFlow },
  }
}

/** The shards' lines in ascending creation id. */
function* merged(results: ShardResult[]): IterableIterator<string> {
  const at = results.map(() => 0)
  for (;;) {
    let best = -1, bestId = Infinity
    for (let s = 0; s < results.length; s++) {
      const id = results[s]!.ids[at[s]!]
      if (id !== undefined && id < bestId) { bestId = id; best = s }
    }
    if (best < 0) return
    yield results[best]!.lines[at[best]!++]!
  }
}

/** Runs a shard in a worker thread (the build's worker; from the TypeScript source under tsx/vitest). */
function startWorker(p: ShardParams): Promise<ShardResult> {
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./flow-shard-worker.ts', import.meta.url).href)}) })`, { eval: true, workerData: p })
    : new Worker(fileURLToPath(new URL('./flow-shard-worker.js', import.meta.url)), { workerData: p })
  return new Promise((resolve, reject) => {
    let done = false
    worker.once('message', (r: ShardResult) => { done = true; resolve(r) })
    worker.once('error', reject)
    worker.once('exit', (code) => { if (!done) reject(new Error(`flow shard ${p.shard} stopped (exit code ${code}) before its result`)) })
  })
}
