import { cpus, hostname, release } from 'node:os'
import { describe, expect, it } from 'vitest'
import { Graph } from '../../core/graph/index.js'
import { fakeClock } from '../../core/ports.js'
import { createHostNode } from './host-node.js'

const graph = () => new Graph({ clock: fakeClock(1000), host: 'h', origin: 'agent.h' })

describe('createHostNode (topology spec §2.2)', () => {
  it('names the node after the host id and gives it this machine\'s hostname, OS, kernel and one CPU entry per logical CPU', async () => {
    const node = await createHostNode(graph(), { hostId: 'sdt-host-a' })
    expect(node.Metadata).toMatchObject({ Name: 'sdt-host-a', Type: 'host', Hostname: hostname(), OS: process.platform, KernelVersion: release() })
    const cpu = node.Metadata['CPU'] as Array<Record<string, unknown>>
    expect(cpu.map((c) => c['CPU'] ?? 0)).toEqual(cpus().map((_c, i) => i))
  })

  it('merges agent.metadata at the top level', async () => {
    const node = await createHostNode(graph(), { hostId: 'sdt-host-a', metadata: { Rack: 'r1', Labels: { zone: 'b' } } })
    expect(node.Metadata).toMatchObject({ Name: 'sdt-host-a', Rack: 'r1', Labels: { zone: 'b' } })
  })

  it('keeps the TID of a host id across restarts while its node ID changes, and gives another host id another TID', async () => {
    const [a1, a2, b] = await Promise.all([
      createHostNode(graph(), { hostId: 'sdt-host-a' }),
      createHostNode(graph(), { hostId: 'sdt-host-a' }),
      createHostNode(graph(), { hostId: 'sdt-host-b' }),
    ])
    expect(a1.Metadata['TID']).toBeTypeOf('string')
    expect(a2.Metadata['TID']).toBe(a1.Metadata['TID'])
    expect(a2.ID).not.toBe(a1.ID)
    expect(b.Metadata['TID']).not.toBe(a1.Metadata['TID'])
  })
})
