/**
 * Links veth peers with one `layer2 {Type: "veth"}` edge, also across namespaces
 * (spec/topology.md §2.4). One instance is shared by every namespace listener of an agent,
 * so a pair whose halves live in two namespaces is linked whichever half shows up last.
 */
import { type Graph, deepEqual } from '../../core/graph/index.js'
import { addLayer2Link, getLink, LAYER2 } from '../../core/topology/index.js'

/** What the linker needs to know of one veth node. */
export interface VethEnd {
  nodeId: string
  /** node owning the namespace (host or netns) */
  rootId: string
  /** that root's Name, to match `LinkNetNsName` */
  rootName: string
  ifIndex: number
  peerIfIndex: number
  /** set when the peer lives in another namespace */
  peerNsid?: number
  /** name of the peer's namespace when iproute2 could resolve it, "" otherwise */
  peerNsName?: string
}

/** Registry of veth ends; `link()` creates the edges it can resolve. */
export class VethLinker {
  readonly #graph: Graph
  readonly #ends = new Map<string, VethEnd>()
  readonly #byIfIndex = new Map<number, Set<string>>()

  constructor(graph: Graph) {
    this.#graph = graph
  }

  /** Records or refreshes a veth end. */
  set(end: VethEnd): void {
    const old = this.#ends.get(end.nodeId)
    if (old && deepEqual(old, end)) return
    if (old) this.delete(end.nodeId)
    this.#ends.set(end.nodeId, end)
    let s = this.#byIfIndex.get(end.ifIndex)
    if (!s) this.#byIfIndex.set(end.ifIndex, (s = new Set()))
    s.add(end.nodeId)
  }

  /** Forgets a veth end (its node is gone or is no veth any more). */
  delete(nodeId: string): void {
    const old = this.#ends.get(nodeId)
    if (!old) return
    this.#ends.delete(nodeId)
    this.#byIfIndex.get(old.ifIndex)?.delete(nodeId)
  }

  /** The peer of `end`, when exactly one registered end matches it. */
  peerOf(end: VethEnd): VethEnd | undefined {
    const candidates = [...(this.#byIfIndex.get(end.peerIfIndex) ?? [])]
      .map((id) => this.#ends.get(id)!)
      .filter((c) => c.nodeId !== end.nodeId && c.peerIfIndex === end.ifIndex &&
        // a peer in another namespace is announced with a nsid on both sides
        (end.peerNsid === undefined) === (c.rootId === end.rootId) &&
        (c.peerNsid === undefined) === (c.rootId === end.rootId))
    if (candidates.length <= 1) return candidates[0]
    // Several pairs share the same two ifindexes: use the namespace names iproute2 resolved.
    const named = candidates.filter((c) => (end.peerNsName ?? '') !== '' && c.rootName === end.peerNsName &&
      (c.peerNsName === undefined || c.peerNsName === '' || c.peerNsName === end.rootName))
    return named.length === 1 ? named[0] : undefined
  }

  /**
   * Creates the missing peer edges. Orientation as upstream: the child is the end whose
   * PeerIfIndex is greater than its own IfIndex (ties broken by node ID) so both ends agree.
   */
  link(): number {
    let added = 0
    for (const end of this.#ends.values()) {
      const peer = this.peerOf(end)
      if (!peer) continue
      const endIsChild = end.peerIfIndex > end.ifIndex || (end.peerIfIndex === end.ifIndex && end.nodeId > peer.nodeId)
      const [parent, child] = endIsChild ? [peer, end] : [end, peer]
      if (getLink(this.#graph, parent.nodeId, child.nodeId, LAYER2)) continue
      if (!this.#graph.getNode(parent.nodeId) || !this.#graph.getNode(child.nodeId)) continue
      addLayer2Link(this.#graph, parent.nodeId, child.nodeId, { Type: 'veth' })
      added++
    }
    return added
  }
}
