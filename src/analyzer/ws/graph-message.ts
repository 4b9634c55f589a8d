/**
 * Validates a WebSocket text frame into a message (spec/api.md §4.3-4.4) where it enters the
 * analyzer; past this point the types are trusted. Failures are `bad-message` with a reason.
 */
import type { EdgeInput, NodeInput } from '../../core/graph/index.js'
import { SkydiveError } from '../../core/errors.js'
import type { PartialUpdate } from '../../wire/index.js'

/** Any envelope, before its namespace is looked at. */
export interface RawEnvelope {
  Namespace: string
  Type: string
  UUID?: string
  Status?: number
  Obj: unknown
}

/** A validated message of the Graph namespace, with elements ready for the Graph. */
export type InboundGraphMessage =
  | { Type: 'SyncRequest'; UUID?: string; Obj: { GremlinFilter?: string | null; Time?: number } }
  | { Type: 'Sync' | 'SyncReply'; UUID?: string; Obj: { Nodes: NodeInput[]; Edges: EdgeInput[] } }
  | { Type: 'NodeAdded' | 'NodeUpdated' | 'NodeDeleted'; UUID?: string; Obj: NodeInput & { DeletedAt?: number | null } }
  | { Type: 'EdgeAdded' | 'EdgeUpdated' | 'EdgeDeleted'; UUID?: string; Obj: EdgeInput & { DeletedAt?: number | null } }
  | { Type: 'NodePartiallyUpdated' | 'EdgePartiallyUpdated'; UUID?: string; Obj: PartialUpdate }

const bad = (reason: string) => new SkydiveError('bad-message', reason)
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Parses the JSON envelope of a frame. */
export function parseEnvelope(text: string): RawEnvelope {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (err) {
    throw bad(`not JSON: ${(err as Error).message}`)
  }
  if (!isObj(v)) throw bad('the message is not a JSON object')
  if (typeof v['Namespace'] !== 'string') throw bad('Namespace must be a string')
  if (typeof v['Type'] !== 'string') throw bad('Type must be a string')
  const uuid = v['UUID']
  if (uuid !== undefined && uuid !== null && typeof uuid !== 'string') throw bad('UUID must be a string')
  if (uuid === null) delete v['UUID']
  if (typeof v['Status'] !== 'number') delete v['Status']
  // The parsed object itself, checked: no copy on the ingest hot path.
  return v as unknown as RawEnvelope
}

/** Validates the Obj of a Graph-namespace envelope; unknown types are `bad-message`. */
export function parseGraphMessage(env: RawEnvelope): InboundGraphMessage {
  const { Type, UUID, Obj } = env
  switch (Type) {
    case 'SyncRequest': {
      if (Obj !== null && Obj !== undefined && !isObj(Obj)) throw bad('SyncRequest Obj must be an object')
      const o = (Obj ?? {}) as Record<string, unknown>
      const f = o['GremlinFilter']
      if (f !== undefined && f !== null && typeof f !== 'string') throw bad('GremlinFilter must be a string or null')
      if (o['Time'] !== undefined && o['Time'] !== null && typeof o['Time'] !== 'number') throw bad('Time must be a number (ms)')
      return { Type, UUID, Obj: { GremlinFilter: f as string | null | undefined, ...(typeof o['Time'] === 'number' ? { Time: o['Time'] } : {}) } }
    }
    case 'Sync':
    case 'SyncReply': {
      if (!isObj(Obj)) throw bad(`${Type} Obj must be a graph object`)
      const nodes = Obj['Nodes'] ?? []
      const edges = Obj['Edges'] ?? []
      if (!Array.isArray(nodes) || !Array.isArray(edges)) throw bad(`${Type} Nodes and Edges must be arrays or null`)
      return { Type, UUID, Obj: { Nodes: nodes.map((n, i) => nodeInput(n, `Nodes[${i}]`)), Edges: edges.map((e, i) => edgeInput(e, `Edges[${i}]`)) } }
    }
    case 'NodeAdded':
    case 'NodeUpdated':
    case 'NodeDeleted':
      return { Type, UUID, Obj: nodeInput(Obj, 'Obj') }
    case 'EdgeAdded':
    case 'EdgeUpdated':
    case 'EdgeDeleted':
      return { Type, UUID, Obj: edgeInput(Obj, 'Obj') }
    case 'NodePartiallyUpdated':
    case 'EdgePartiallyUpdated':
      return { Type, UUID, Obj: partial(Obj) }
    default:
      throw bad(`unknown Graph message type "${Type}"`)
  }
}

function time(v: unknown, what: string): number | null {
  if (v === undefined || v === null) return null
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${what} must be a number (ms) or null`)
  return Math.trunc(v)
}

function nodeInput(v: unknown, where: string): NodeInput & { DeletedAt: number | null } {
  if (!isObj(v)) throw bad(`${where} must be a node object`)
  if (typeof v['ID'] !== 'string' || v['ID'] === '') throw bad(`${where}.ID must be a non-empty string`)
  const md = v['Metadata']
  if (md !== undefined && md !== null && !isObj(md)) throw bad(`${where}.Metadata must be an object`)
  if (v['Host'] !== undefined && v['Host'] !== null && typeof v['Host'] !== 'string') throw bad(`${where}.Host must be a string`)
  const rev = v['Revision']
  if (rev !== undefined && rev !== null && !Number.isInteger(rev)) throw bad(`${where}.Revision must be an integer`)
  return {
    ID: v['ID'],
    Metadata: (md ?? {}) as Record<string, unknown>,
    Host: (v['Host'] as string | undefined) ?? '',
    Origin: typeof v['Origin'] === 'string' ? v['Origin'] : undefined,
    CreatedAt: time(v['CreatedAt'], `${where}.CreatedAt`),
    UpdatedAt: time(v['UpdatedAt'], `${where}.UpdatedAt`),
    DeletedAt: time(v['DeletedAt'], `${where}.DeletedAt`),
    Revision: (rev as number | undefined) ?? 0,
  }
}

function edgeInput(v: unknown, where: string): EdgeInput & { DeletedAt: number | null } {
  const n = nodeInput(v, where)
  const o = v as Record<string, unknown>
  if (typeof o['Parent'] !== 'string' || o['Parent'] === '') throw bad(`${where}.Parent must be a non-empty string`)
  if (typeof o['Child'] !== 'string' || o['Child'] === '') throw bad(`${where}.Child must be a non-empty string`)
  return { ...n, Parent: o['Parent'], Child: o['Child'] }
}

function partial(v: unknown): PartialUpdate {
  if (!isObj(v)) throw bad('Obj must be a partial update object')
  if (typeof v['ID'] !== 'string' || v['ID'] === '') throw bad('Obj.ID must be a non-empty string')
  if (!Number.isInteger(v['Revision'])) throw bad('Obj.Revision must be an integer')
  const ops = v['Ops'] ?? null
  if (ops !== null && !Array.isArray(ops)) throw bad('Obj.Ops must be an array or null')
  if (ops) {
    for (let i = 0; i < ops.length; i++) {
      const op: unknown = ops[i]
      if (!isObj(op) || (op['Type'] !== 1 && op['Type'] !== 2) || typeof op['Key'] !== 'string' || op['Key'] === '') {
        throw bad(`Obj.Ops[${i}] must be {"Type": 1|2, "Key": "<dotted key>"}`)
      }
    }
  }
  v['UpdatedAt'] = time(v['UpdatedAt'], 'Obj.UpdatedAt') ?? 0
  v['Ops'] = ops
  return v as unknown as PartialUpdate
}
