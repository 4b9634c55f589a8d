/**
 * TID: the stable topology identifier an agent keeps in `Metadata.TID`, because most node IDs
 * are random (spec/topology.md §1.5, upstream `topology/tid.go`).
 */
import type { Metadata } from '../../wire/index.js'
import { uuidV5 } from '../graph/index.js'

/** Node types whose TID is derived from their OVS UUID, never from an ownership parent. */
const OVS_TYPES = new Set(['ovsbridge', 'ovsport'])

/** TID of the host node: v5 of its Name (the host id). */
export function hostTID(name: string): string {
  return uuidV5(name)
}

/**
 * TID of a node owned by a parent whose TID is `parentTID`: v5(parentTID + key + Type), with
 * key = `Path` for a netns and `Name` otherwise. Undefined when the node cannot have one
 * (no Type, no key, an OVS bridge/port, a fabric node).
 * @example childTID(hostTID('node1'), { Type: 'netns', Name: 'ns1', Path: '/var/run/netns/ns1' })
 */
export function childTID(parentTID: string, child: Metadata): string | undefined {
  const type = child['Type']
  if (typeof type !== 'string' || type === '' || OVS_TYPES.has(type) || child['Probe'] === 'fabric') return undefined
  const key = type === 'netns' ? child['Path'] : child['Name']
  if (typeof key !== 'string' || key === '') return undefined
  return uuidV5(parentTID + key + type)
}

/** Metadata with `TID` filled from the parent's TID when it has none yet. */
export function withTID(parentTID: string | undefined, child: Metadata): Metadata {
  if (typeof child['TID'] === 'string' || parentTID === undefined) return child
  const tid = childTID(parentTID, child)
  return tid === undefined ? child : { ...child, TID: tid }
}
