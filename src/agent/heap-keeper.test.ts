import { PerformanceObserver, constants } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { Graph } from '../core/graph/index.js'
import { fakeClock } from '../core/ports.js'
import { keepHeapSmall } from './heap-keeper.js'

/** Major (full) collections seen while `f` runs and the immediates after it. */
async function majorCollections(f: () => void): Promise<number> {
  let n = 0
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) n++
  })
  obs.observe({ entryTypes: ['gc'] })
  f()
  await new Promise((r) => setTimeout(r, 50))
  obs.disconnect()
  return n
}

function hostGraph(): Graph {
  const graph = new Graph({ clock: fakeClock(), host: 'h', origin: 'agent.h' })
  graph.addNode({ ID: 'host', Metadata: { Type: 'host', Name: 'h' } })
  graph.addNode({ ID: 'other', Metadata: { Type: 'device', Name: 'eth0' } })
  return graph
}

/** About `mb` MB of strings in V8's heap. */
function grow(mb: number): string[] {
  return Array.from({ length: mb * 1024 }, (_, i) => 'x'.repeat(1000) + i)
}

describe('keepHeapSmall', () => {
  it('runs a real full V8 collection after the host node metadata is replaced past the slack', async () => {
    const graph = hostGraph()
    // slack 0: a non-zero slack measured against a baseline that still holds young garbage
    // made this flaky (a scavenge during the growth could leave the heap under base + slack);
    // the slack itself is tested with a counting collector below
    const stop = keepHeapSmall(graph, 'host', 0)
    let kept: string[] = []
    const seen = await majorCollections(() => {
      kept = grow(4) // alive until the check
      graph.setNodeMetadata('host', { Type: 'host', Name: 'h', Sockets: [{ Pid: 1 }] })
    })
    stop()
    expect(kept).toHaveLength(4096)
    expect(seen).toBeGreaterThanOrEqual(1)
  })

  it('collects only after whole updates of the host node beyond the slack, until stopped', async () => {
    const graph = hostGraph()
    let collected = 0
    const collect = () => { collected++ }
    const settle = () => new Promise((r) => setImmediate(r))
    // slack 0: any update of the host's whole metadata collects, once per turn of the loop
    const stop = keepHeapSmall(graph, 'host', 0, collect)
    graph.setNodeMetadata('other', { Type: 'device', Name: 'eth1' })
    graph.setNodeKey('host', 'Sockets', [{ Pid: 2 }])
    await settle()
    expect(collected).toBe(0)
    graph.setNodeMetadata('host', { Type: 'host', Name: 'h', Sockets: [] })
    graph.setNodeMetadata('host', { Type: 'host', Name: 'h', Sockets: [{ Pid: 3 }] })
    await settle()
    expect(collected).toBe(1)
    stop()
    graph.setNodeMetadata('host', { Type: 'host', Name: 'h', Sockets: [{ Pid: 4 }] })
    await settle()
    expect(collected).toBe(1)
    // a heap within its slack is left alone
    const roomy = keepHeapSmall(graph, 'host', 1024, collect)
    graph.setNodeMetadata('host', { Type: 'host', Name: 'h', Sockets: [{ Pid: 5 }] })
    await settle()
    roomy()
    expect(collected).toBe(1)
  })

  it('does not expose gc() to the rest of the process', async () => {
    const graph = hostGraph()
    const stop = keepHeapSmall(graph, 'host', 0)
    await majorCollections(() => graph.setNodeMetadata('host', { Type: 'host', Name: 'h2' }))
    stop()
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined()
  })
})
