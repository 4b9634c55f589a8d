/**
 * Keeps the interface nodes of one namespace equal to the kernel's view: adds, patches and
 * deletes nodes, the root → interface ownership edges, bridge → member `layer2` edges and
 * the veth ends (spec/topology.md §2.4). Graph logic only: the dump arrives already parsed.
 */
import type { Metadata, PartialOp } from '../../wire/index.js'
import { type Graph, deepEqual, genID } from '../../core/graph/index.js'
import { addLayer2Link, addOwnershipLink, LAYER2, removeLink, withTID } from '../../core/topology/index.js'
import { type InterfaceInfo, metricDelta, NETLINK_KEYS } from './interface-metadata.js'
import type { VethLinker } from './veth-linker.js'

/** Interface nodes of one namespace, by ifindex. */
export class InterfaceSync {
  readonly #graph: Graph
  readonly #rootId: string
  readonly #veths: VethLinker
  /** ifindex → node ID */
  readonly #nodes = new Map<number, string>()
  /** member ifindex → master node ID it is linked to */
  readonly #masters = new Map<number, string>()
  /** last counters written to `Metric`, and when */
  readonly #metrics = new Map<number, Record<string, number>>()
  #lastMetricsAt: number | undefined

  constructor(graph: Graph, rootId: string, veths: VethLinker) {
    this.#graph = graph
    this.#rootId = rootId
    this.#veths = veths
  }

  /** Node ID of the interface with this ifindex, if known. */
  nodeOf(ifIndex: number): string | undefined {
    return this.#nodes.get(ifIndex)
  }

  /** Makes the graph match `infos` (every link of the namespace). */
  apply(infos: ReadonlyMap<number, InterfaceInfo>): void {
    for (const [ifIndex, id] of [...this.#nodes]) {
      if (!infos.has(ifIndex)) this.#remove(ifIndex, id)
    }
    for (const info of infos.values()) this.#upsert(info)
    for (const info of infos.values()) this.#linkMaster(info)
    this.#veths.link()
  }

  /**
   * Refreshes `Metric` and `LastUpdateMetric` from fresh counters (spec/topology.md §2.5):
   * nothing is written for an interface whose counters did not move.
   */
  updateMetrics(infos: ReadonlyMap<number, InterfaceInfo>, nowMs: number): void {
    const start = this.#lastMetricsAt ?? nowMs
    for (const info of infos.values()) {
      const id = this.#nodes.get(info.ifIndex)
      if (!id) continue
      const prev = this.#metrics.get(info.ifIndex) ?? {}
      const delta = metricDelta(info.metric, prev, start, nowMs)
      if (!delta) continue
      this.#metrics.set(info.ifIndex, info.metric)
      this.#graph.patchNode(id, [
        { Type: 1, Key: 'Metric', Value: { ...info.metric, Last: nowMs } },
        { Type: 1, Key: 'LastUpdateMetric', Value: delta },
      ])
    }
    this.#lastMetricsAt = nowMs
  }

  /** Deletes every interface node of this namespace (the namespace went away). */
  clear(): void {
    for (const [ifIndex, id] of [...this.#nodes]) this.#remove(ifIndex, id)
  }

  #upsert(info: InterfaceInfo): void {
    const id = this.#nodes.get(info.ifIndex)
    let node = id ? this.#graph.getNode(id) : undefined
    // An ifindex reused by another link (deleted and re-created between two dumps) or a
    // renamed link gets a new node: its TID and identity follow Name and Type.
    if (id && node && (node.Metadata['Name'] !== info.metadata['Name'] || node.Metadata['Type'] !== info.metadata['Type'])) {
      this.#remove(info.ifIndex, id)
      node = undefined
    }
    let nodeId: string
    if (!node) {
      const root = this.#graph.getNode(this.#rootId)
      const rootTID = root?.Metadata['TID']
      const metadata: Metadata = withTID(typeof rootTID === 'string' ? rootTID : undefined, { ...info.metadata })
      if (Object.keys(info.metric).length) metadata['Metric'] = { ...info.metric }
      nodeId = this.#graph.addNode({ ID: genID(), Metadata: metadata }).ID
      this.#nodes.set(info.ifIndex, nodeId)
      this.#metrics.set(info.ifIndex, info.metric)
      addOwnershipLink(this.#graph, this.#rootId, nodeId)
    } else {
      nodeId = node.ID
      const ops: PartialOp[] = []
      for (const key of NETLINK_KEYS) {
        const want = info.metadata[key]
        const have = node.Metadata[key]
        if (want === undefined) {
          if (have !== undefined) ops.push({ Type: 2, Key: key })
        } else if (!deepEqual(want, have)) {
          ops.push({ Type: 1, Key: key, Value: want })
        }
      }
      if (ops.length) this.#graph.patchNode(nodeId, ops)
    }
    this.#trackVeth(info, nodeId)
  }

  #trackVeth(info: InterfaceInfo, nodeId: string): void {
    if (info.metadata['Type'] !== 'veth' || info.peerIfIndex === undefined) {
      this.#veths.delete(nodeId)
      return
    }
    const rootName = this.#graph.getNode(this.#rootId)?.Metadata['Name']
    const peerNsName = info.metadata['LinkNetNsName']
    this.#veths.set({
      nodeId, rootId: this.#rootId, rootName: typeof rootName === 'string' ? rootName : '',
      ifIndex: info.ifIndex, peerIfIndex: info.peerIfIndex,
      ...(info.peerNsid !== undefined ? { peerNsid: info.peerNsid } : {}),
      ...(typeof peerNsName === 'string' ? { peerNsName } : {}),
    })
  }

  /** bridge/bond → member `layer2`; none for members of the OVS datapath (ovsdb owns those). */
  #linkMaster(info: InterfaceInfo): void {
    const memberId = this.#nodes.get(info.ifIndex)
    if (!memberId) return
    const masterId = info.masterIndex !== undefined ? this.#nodes.get(info.masterIndex) : undefined
    const masterType = masterId ? this.#graph.getNode(masterId)?.Metadata['Type'] : undefined
    const wanted = masterId && masterType !== 'openvswitch' ? masterId : undefined
    const current = this.#masters.get(info.ifIndex)
    if (current === wanted) return
    if (current) removeLink(this.#graph, current, memberId, LAYER2)
    if (wanted) {
      addLayer2Link(this.#graph, wanted, memberId)
      this.#masters.set(info.ifIndex, wanted)
    } else {
      this.#masters.delete(info.ifIndex)
    }
  }

  #remove(ifIndex: number, id: string): void {
    this.#graph.deleteNode(id)
    this.#veths.delete(id)
    this.#nodes.delete(ifIndex)
    this.#masters.delete(ifIndex)
    this.#metrics.delete(ifIndex)
  }
}
