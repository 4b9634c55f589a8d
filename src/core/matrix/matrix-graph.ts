/**
 * The matrix as graph elements for `--format skydive`: `service` nodes and `Connection`
 * edges that flow-matrix publishes back into the analyzer (upstream `WSMatrixProtocol`).
 */
import type { WireEdge, WireNode } from '../../wire/index.js'
import { uuidV5 } from '../graph/index.js'
import { compareRows, type MatrixRow } from './matrix-row.js'

/** RFC 4122 v5 UUID of `name` in the DNS namespace (Python's `uuid.uuid5(uuid.NAMESPACE_DNS, name)`). */
export const uuidV5Dns = (name: string): string => uuidV5(name, 'DNS')

// Quirk (skydive-flow-matrix `WSMatrixProtocol`): the node ID is uuid5(DNS, host + name) with
// no separator; kept so nodes published by upstream and by us coincide
const serviceId = (host: string, name: string): string => uuidV5Dns(host + name)

const element = (ID: string, Host: string, Metadata: Record<string, unknown>): WireNode => ({
  // Origin is overwritten by /ws/publisher; null times are set to "now" on ingest (spec/api.md §1.1)
  ID, Metadata, Host, Origin: '', CreatedAt: null, UpdatedAt: null, DeletedAt: null, Revision: 0,
})

/** Service nodes (one per host and process name) and Connection edges (client → server), sorted. */
export function matrixToGraph(rows: readonly MatrixRow[]): { nodes: WireNode[]; edges: WireEdge[] } {
  const sorted = [...rows].sort(compareRows)
  const nodes = new Map<string, WireNode>()
  const edges = new Map<string, WireEdge>()
  const service = (host: string, name: string): string => {
    const id = serviceId(host, name)
    if (!nodes.has(id)) nodes.set(id, element(id, host, { Name: name, Type: 'service' }))
    return id
  }
  for (const r of sorted) {
    const server = service(r.server, r.server_procname)
    const client = service(r.client, r.client_procname)
    // Quirk (skydive-flow-matrix): upstream gave each row's edge a random uuid1 and the Host of
    // whichever host its loop saw last; we derive the ID from both ends (re-publishing is a
    // no-op) and use the client's host
    const id = uuidV5Dns(`${client}->${server}`)
    if (!edges.has(id)) {
      edges.set(id, { ...element(id, r.client, { RelationType: 'layer2', Type: 'Connection' }), Parent: client, Child: server })
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] }
}
