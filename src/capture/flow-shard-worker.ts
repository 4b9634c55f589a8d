/**
 * Worker-thread entry of a sharded capture-file read: serves the shard described by
 * workerData (flow-shard.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { type FromShard, type ShardParams, serveShard } from './flow-shard.js'

const port = parentPort!
await serveShard(workerData as ShardParams, {
  on: (e, l) => port.on(e, l as (m: unknown) => void),
  postMessage: (m: FromShard, t?: ArrayBuffer[]) => port.postMessage(m, t),
})
