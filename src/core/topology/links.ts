/**
 * Typed links between topology nodes (upstream `topology/topology.go`): edge IDs are
 * v5(parentID + childID + RelationType) so that re-creating a link yields the same edge.
 */
import type { Metadata } from '../../wire/index.js'
import { type Edge, type Graph, uuidV5 } from '../graph/index.js'
import { childTID } from './tid.js'

/** Relation types the agent probes create (spec/topology.md §3). */
export const OWNERSHIP = 'ownership'
export const LAYER2 = 'layer2'

/** ID of a typed link: v5(parentID + childID + relationType). */
export function linkID(parentID: string, childID: string, relationType: string): string {
  return uuidV5(parentID + childID + relationType)
}

/** The edge `parent -relationType-> child` created by the helpers below, if any. */
export function getLink(graph: Graph, parentID: string, childID: string, relationType: string): Edge | undefined {
  return graph.getEdge(linkID(parentID, childID, relationType))
}

/**
 * Adds (or updates the metadata of) a typed link. The edge metadata is `extra` plus
 * `RelationType`. Returns the edge.
 */
export function addLink(graph: Graph, parentID: string, childID: string, relationType: string, extra: Metadata = {}): Edge {
  const id = linkID(parentID, childID, relationType)
  const metadata = { ...extra, RelationType: relationType }
  const existing = graph.getEdge(id)
  if (existing) {
    graph.setEdgeMetadata(id, metadata)
    return existing
  }
  return graph.addEdge({ ID: id, Parent: parentID, Child: childID, Metadata: metadata })
}

/**
 * Makes `parentID` the one ownership parent of `childID`: any other ownership edge into the
 * child is deleted first (spec/topology.md §1.7), then the child's TID is recomputed from the
 * parent's (§1.5).
 */
export function addOwnershipLink(graph: Graph, parentID: string, childID: string, extra: Metadata = {}): Edge {
  const keep = linkID(parentID, childID, OWNERSHIP)
  for (const e of graph.inEdges(childID)) {
    if (e.ID !== keep && e.Metadata['RelationType'] === OWNERSHIP) graph.deleteEdge(e.ID)
  }
  const edge = addLink(graph, parentID, childID, OWNERSHIP, extra)
  const parentTID = graph.getNode(parentID)?.Metadata['TID']
  const child = graph.getNode(childID)
  if (typeof parentTID === 'string' && child) {
    const tid = childTID(parentTID, child.Metadata)
    if (tid !== undefined) graph.setNodeKey(childID, 'TID', tid)
  }
  return edge
}

/** Adds a `layer2` link, e.g. bridge → member or veth peer → veth with `{Type: "veth"}`. */
export function addLayer2Link(graph: Graph, parentID: string, childID: string, extra: Metadata = {}): Edge {
  return addLink(graph, parentID, childID, LAYER2, extra)
}

/** Deletes a typed link; for ownership the child loses its TID (§1.5). True when it existed. */
export function removeLink(graph: Graph, parentID: string, childID: string, relationType: string): boolean {
  const removed = graph.deleteEdge(linkID(parentID, childID, relationType))
  if (removed && relationType === OWNERSHIP && graph.getNode(childID)) graph.deleteNodeKey(childID, 'TID')
  return removed
}

/** Children of `parentID` through ownership edges. */
export function ownedChildren(graph: Graph, parentID: string): string[] {
  return graph.outEdges(parentID).filter((e) => e.Metadata['RelationType'] === OWNERSHIP).map((e) => e.Child)
}
