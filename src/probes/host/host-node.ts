/**
 * The host node: root of everything an agent discovers (spec/topology.md §2.2, upstream
 * `agent/host.go` + hardware probe). Facts come from systeminformation, /proc and /etc.
 */
import { readFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import si from 'systeminformation'
import type { Metadata } from '../../wire/index.js'
import { type Graph, genID, type Node } from '../../core/graph/index.js'
import { hostTID } from '../../core/topology/index.js'
import { parseCmdLine, parseCpuInfo, parseCpuList, parseOsRelease, platformFamily } from './proc-parsers.js'

/** What the host node is built from. */
export interface HostNodeOptions {
  /** `host_id`: the node's Name */
  hostId: string
  /** `agent.metadata`, merged at the top level */
  metadata?: Readonly<Record<string, unknown>>
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return undefined
  }
}

/** Host facts; each key only when known and non-empty, as upstream. */
async function hostFacts(): Promise<Metadata> {
  const [osRelease, cpuinfo, cmdline, isolated, instanceId, system, osInfo] = await Promise.all([
    readText('/etc/os-release'), readText('/proc/cpuinfo'), readText('/proc/cmdline'),
    readText('/sys/devices/system/cpu/isolated'), readText('/var/lib/cloud/data/instance-id'),
    si.system().catch(() => undefined), si.osInfo().catch(() => undefined),
  ])
  const md: Metadata = {}
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) md[k] = v
  }
  const os = parseOsRelease(osRelease ?? '')
  put('OS', osInfo?.platform ?? process.platform)
  put('Platform', os['ID'])
  put('PlatformFamily', os['ID'] ? platformFamily(os['ID'], os['ID_LIKE']) : undefined)
  put('PlatformVersion', os['VERSION_ID'])
  put('KernelVersion', osInfo?.kernel)
  if (system?.virtual) {
    put('VirtualizationSystem', (system.virtualHost ?? '').toLowerCase())
    put('VirtualizationRole', 'guest')
  }
  put('CPU', parseCpuInfo(cpuinfo ?? ''))
  if (cmdline) put('KernelCmdLine', parseCmdLine(cmdline))
  put('IsolatedCPU', parseCpuList(isolated ?? ''))
  put('InstanceID', instanceId?.trim())
  return md
}

/**
 * Adds the host node to the graph: Name = host id, Type host, Hostname, host facts,
 * `agent.metadata` and the TID. Its ID is random at every start, as upstream's.
 */
export async function createHostNode(graph: Graph, opts: HostNodeOptions): Promise<Node> {
  const metadata: Metadata = {
    Name: opts.hostId,
    Type: 'host',
    Hostname: hostname(),
    ...(await hostFacts()),
    ...structuredClone(opts.metadata ?? {}),
    TID: hostTID(opts.hostId),
  }
  return graph.addNode({ ID: genID(), Metadata: metadata })
}
