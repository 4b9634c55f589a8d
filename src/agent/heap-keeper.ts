/**
 * Keeps a standalone agent's heap near its live size. Each rescan of a busy host replaces
 * hundreds of Sockets entries and their kept JSON text; V8 collects that old-generation
 * garbage only once its heap limit (well above the live size) is reached, so the agent's RSS
 * crept up by ~1 MB a rescan until then. After the host node's metadata is replaced (a new
 * Sockets array), once the heap has grown by `slackMB` since the last full collection, one
 * is run (~5 ms for the agent's ~20 MB heap).
 */
import v8 from 'node:v8'
import vm from 'node:vm'
import type { Graph } from '../core/graph/index.js'

/** V8's full-collection function; null when it cannot be had. */
let collector: (() => void) | null | undefined

function fullCollector(): (() => void) | null {
  if (collector !== undefined) return collector
  const exposed = (globalThis as { gc?: () => void }).gc
  if (typeof exposed === 'function') return (collector = exposed)
  try {
    // The flag takes effect for contexts made afterwards: a new one hands out its `gc`, and
    // the process's own global is left as it was.
    v8.setFlagsFromString('--expose-gc')
    const gc: unknown = vm.runInNewContext('gc')
    collector = typeof gc === 'function' ? (gc as () => void) : null
  } catch {
    collector = null
  } finally {
    v8.setFlagsFromString('--no-expose-gc')
  }
  return collector
}

/**
 * Runs a full collection after whole-metadata updates of `hostId`'s node once the heap grew by
 * `slackMB` since the last one (or since V8's own). Returns the function that stops it.
 * `collect` replaces V8's full collection (tests).
 */
export function keepHeapSmall(graph: Graph, hostId: string, slackMB: number, collect?: () => void): () => void {
  const slack = slackMB * 1024 * 1024
  const used = () => v8.getHeapStatistics().used_heap_size
  let base = used()
  let pending: NodeJS.Immediate | undefined
  const check = () => {
    pending = undefined
    const now = used()
    if (now < base) base = now // V8 collected on its own
    if (now - base < slack) return
    const gc = collect ?? fullCollector()
    if (!gc) return
    gc()
    base = used()
  }
  const unsubscribe = graph.subscribe((ev) => {
    // after the publishers (they serialise the update synchronously)
    if (ev.type === 'NodeUpdated' && ev.ops === null && ev.node.ID === hostId && !pending) pending = setImmediate(check)
  })
  return () => {
    unsubscribe()
    clearImmediate(pending)
  }
}
