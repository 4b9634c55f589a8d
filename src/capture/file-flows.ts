/**
 * The flows of a capture file for `skydive capture file`, read by one flow table or, with
 * `threads` > 1, by several at once: the main thread reads and parses the file into shared
 * buffers and gives each worker the packets of its shard (core's ShardKeys: a symmetric hash of
 * the addresses the top-level flow key uses), and the flows are merged in creation order, so
 * the output is byte for byte what one table gives.
 * A shard gives up, and the file is read again by one table, whenever sharding could change a
 * result: a frame ShardKeys cannot place, more flows than `maxEntries` in all (a single table
 * would then evict by global LRU order), or more pending IPv4 fragments than the defragmenter's
 * bound could hold in one table; and past SHARD_MAX_FLOWS flows, to bound memory.
 */
import { fileURLToPath } from 'node:url'
import type { Worker } from 'node:worker_threads'
import { DEFRAG_MAX_PENDING, type PacketSink, PcapInvalidError, ShardKeys, UNSHARDABLE } from '../core/flow/index.js'
import type { WireFlow } from '../wire/index.js'
import { type FlowsFromFileOptions, flowsFromFile } from './flows-from-file.js'
import { createFlowPipeline } from './flow-pipeline.js'
import { DESC, type FromShard, type ShardParams, type ShardResult, type ToShard, shardResult } from './flow-shard.js'
import { readPcapFile } from './pcap-file.js'

/**
 * Most flows a sharded read keeps: shards hand their flows over as JSON text, all at once, so
 * beyond this (≈1 KB a flow) one table, which prints as it serialises, uses less memory.
 */
const SHARD_MAX_FLOWS = 100_000

/** Options of readFileFlows. */
export interface FileFlowsOptions extends Omit<FlowsFromFileOptions, 'hash64'> {
  /** threads (shards) to use (default DEFAULT_THREADS) */
  threads?: number
  /** flows past which a sharded read hands over to one table (default SHARD_MAX_FLOWS) */
  shardMaxFlows?: number
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
  /** the same text as UTF-8 JSON lines (newline after each flow), in chunks for output; a chunk is valid until the next is asked for */
  chunks(): IterableIterator<Uint8Array>
  flows(): IterableIterator<WireFlow>
}

/** Reads `path` into flows, sharded over `threads` when that keeps the result exact. */
export async function readFileFlows(path: string, opts: FileFlowsOptions = {}): Promise<FileFlows> {
  const threads = opts.threads ?? DEFAULT_THREADS
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
    *lines() { for (const [, json] of table.jsonWithIds()) yield json },
    chunks: () => table.jsonLineChunks(),
    flows: () => table.flows('created'),
  }
}

/**
 * 1: sharding is opt-in. On the 2-core benchmark VM (bench/RESULTS.md) two threads were slower
 * than one and used 50–100 % more CPU (a second V8 isolate starts, compiles the same code and
 * collects its own garbage, and the reading thread still parses every packet); they can only
 * pay off where cores are idle.
 */
const DEFAULT_THREADS = 1

/** Bytes per read of a sharded read; each shared buffer holds as much again of head room. */
const CHUNK = 1024 * 1024
/** Shared read buffers: enough for the main thread to run ahead while a worker starts. */
const RING = 48
/** Shard-key buckets; the main thread, which also reads, parses and lists, owns MAIN_BUCKETS of them with one worker. */
const BUCKETS = 64
const MAIN_BUCKETS = 26

class Abort extends Error {
  constructor(readonly why: string) { super(why) }
}

async function sharded(path: string, shards: number, opts: FileFlowsOptions): Promise<FileFlows | { fallback: string }> {
  const { onProgress, threads: _threads, shardMaxFlows: _max, ...options } = opts
  const maxFlows = opts.shardMaxFlows ?? SHARD_MAX_FLOWS
  // loaded here, not at start-up: one table (the default) needs no thread
  const { Worker } = await import('node:worker_threads')
  const workers = shards - 1
  const size = 2 * CHUNK
  const buffers = Array.from({ length: RING }, () => new SharedArrayBuffer(size))
  const views = buffers.map((b) => new Uint8Array(b))
  // a record takes at least its 16-byte header: the most packets a buffer can hold
  const listBytes = Math.ceil(size / 16) * DESC * 4
  const lists = Array.from({ length: workers }, () => buffers.map(() => new SharedArrayBuffer(listBytes)))
  const listViews = lists.map((l) => l.map((b) => new Int32Array(b)))
  const control = new SharedArrayBuffer(8 * shards)
  const ctl = new Int32Array(control)
  // bucket -> shard: the main thread's share is smaller since it also reads and parses
  const mainBuckets = Math.round(MAIN_BUCKETS * 2 / shards)
  const owner = Uint8Array.from({ length: BUCKETS }, (_, b) => b < mainBuckets ? 0 : 1 + ((b - mainBuckets) % workers))

  const free: number[] = buffers.map((_, i) => i)
  const refs = new Int32Array(RING)
  let wake: (() => void) | undefined
  let broken: unknown
  const release = (i: number): void => {
    if (--refs[i]! > 0) return
    free.push(i)
    wake?.()
    wake = undefined
  }
  const results: Array<Promise<ShardResult>> = []
  const threads = Array.from({ length: workers }, (_, w) => {
    const t = startWorker(Worker, { worker: w + 1, options, buffers, lists: lists[w]!, control })
    results.push(new Promise((resolve, reject) => {
      t.on('message', (m: FromShard) => { if ('release' in m) release(m.release); else resolve(m.result) })
      const fail = (err: unknown): void => {
        broken ??= err
        wake?.() // the reader may be waiting for a buffer this worker will never release
        reject(err)
      }
      t.once('error', fail)
      t.once('exit', (code) => fail(new Error(`flow shard ${w + 1} stopped (exit code ${code}) before its result`)))
    }))
    return t
  })
  for (const r of results) r.catch(() => {}) // awaited below; not an unhandled rejection meanwhile

  const { table } = await createFlowPipeline(options)
  const maxEntries = table.options.maxEntries // every shard's table resolves the same options
  const keys = new ShardKeys({ ipDefrag: options.ipDefrag ?? true, mplsUdpPorts: options.mplsUdpPorts ?? [] })
  const forced = options.linkType
  const handed: number[] = [], counts = new Int32Array(workers)
  let index = 0
  const sink: PacketSink = (buf, off, capLen, wireLen, sec, nsec, fileLinkType) => {
    const linkType = forced ?? fileLinkType
    const key = keys.keyOf(buf, off, capLen, linkType)
    const i = index++
    if (key === UNSHARDABLE) throw new Abort('unshardable-frame')
    const s = owner[key & (BUCKETS - 1)]!
    if (s === 0) {
      table.creationOrder = i
      table.addPacket(buf, off, capLen, wireLen, sec, nsec, linkType)
      return
    }
    const at = handed[0]!
    // a record larger than the head room is parsed from a private copy a worker cannot see
    if (buf !== views[at]) throw new Abort('large-record')
    const d = listViews[s - 1]![at]!, o = counts[s - 1]!++ * DESC
    d[o] = off; d[o + 1] = capLen; d[o + 2] = wireLen; d[o + 3] = sec; d[o + 4] = nsec; d[o + 5] = linkType
    d[o + 6] = i; d[o + 7] = Math.floor(i / 0x100000000)
  }
  const buffer = async (): Promise<Uint8Array> => {
    while (free.length === 0) {
      if (broken !== undefined) throw broken
      await new Promise<void>((resolve) => { wake = resolve })
    }
    const i = free.shift()!
    handed.push(i)
    return views[i]!
  }
  const onChunk = (): void => {
    const i = handed.shift()!
    refs[i] = workers
    for (let w = 0; w < workers; w++) {
      threads[w]!.postMessage({ buf: i, count: counts[w]! } satisfies ToShard)
      counts[w] = 0
    }
    let flows = table.size, pending = table.defragHighWater
    for (let w = 1; w < shards; w++) { flows += Atomics.load(ctl, 2 * w); pending += Atomics.load(ctl, 2 * w + 1) }
    const why = overLimit(flows, pending, maxEntries, maxFlows)
    if (why) throw new Abort(why)
  }
  let error: PcapInvalidError | undefined
  try {
    await readPcapFile(path, sink, { chunkSize: CHUNK, buffer, onChunk, ...(onProgress ? { onProgress: (read, total) => onProgress(read, total, index) } : {}) })
  } catch (err) {
    if (err instanceof PcapInvalidError) {
      error = err
    } else {
      await Promise.all(threads.map((t) => t.terminate()))
      if (err instanceof Abort) return { fallback: err.why }
      throw err
    }
  }
  for (const t of threads) t.postMessage({ done: true } satisfies ToShard)
  const all = [shardResult(table), ...await Promise.all(results)]
  await Promise.all(threads.map((t) => t.terminate()))
  const why = overLimit(all.reduce((n, r) => n + r.flows, 0), all.reduce((n, r) => n + r.defragHighWater, 0), maxEntries, maxFlows)
  if (why) return { fallback: why }
  return {
    packets: index, dropped: 0, threads: shards,
    ...(error ? { error } : {}),
    lines: () => merged(all),
    chunks: () => utf8Chunks(merged(all)),
    *flows() { for (const line of merged(all)) yield JSON.parse(line) as WireFlow },
  }
}

/**
 * Why the shards' tables together may not give what one table gives (or hold too much), if
 * so: exact only while their union never evicts a flow nor a pending fragment.
 */
function overLimit(flows: number, pendingFragments: number, maxEntries: number, maxFlows: number): string | undefined {
  if (flows > maxEntries) return 'max-entries'
  if (flows > maxFlows) return 'many-flows'
  if (pendingFragments > DEFRAG_MAX_PENDING) return 'defrag-pending'
  return undefined
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

/** Lines as UTF-8 JSON lines in chunks of about 64 KiB. */
function* utf8Chunks(lines: Iterable<string>): IterableIterator<Uint8Array> {
  let out = ''
  for (const line of lines) {
    out += `${line}\n`
    if (out.length >= 1 << 16) { yield Buffer.from(out); out = '' }
  }
  if (out) yield Buffer.from(out)
}

/** Starts a shard's worker (the build's; from the TypeScript source under tsx/vitest). */
function startWorker(Worker: typeof import('node:worker_threads').Worker, p: ShardParams): Worker {
  return import.meta.url.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./flow-shard-worker.ts', import.meta.url).href)}) })`, { eval: true, workerData: p })
    : new Worker(fileURLToPath(new URL('./flow-shard-worker.js', import.meta.url)), { workerData: p })
}
