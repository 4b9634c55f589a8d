/**
 * Worker-thread entry of a sharded capture-file read: runs the shard described by workerData
 * (flow-shard.ts ShardParams) and posts its ShardResult back.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { type ShardParams, runShard } from './flow-shard.js'

const result = await runShard(workerData as ShardParams)
parentPort!.postMessage(result, [result.ids.buffer])
