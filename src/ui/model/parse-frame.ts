/** Validation of one /ws/subscriber text frame (spec/api.md §4.3): the only place wire JSON enters the UI model. */
import { GRAPH_MESSAGE_TYPES, type GraphMessage } from '../../wire/index.js'

const TYPES = new Set<string>(GRAPH_MESSAGE_TYPES)

/** Validates one frame; undefined for frames the UI ignores (spec/api.md §4.3: unknown types are ignored). */
export function parseFrame(data: string): { graph?: GraphMessage; other?: { namespace: string; type: string } } | undefined {
  let m: unknown
  try { m = JSON.parse(data) } catch { return undefined }
  if (typeof m !== 'object' || m === null) return undefined
  const { Namespace, Type, Obj } = m as Record<string, unknown>
  if (typeof Namespace !== 'string' || typeof Type !== 'string') return undefined
  if (Namespace !== 'Graph') return { other: { namespace: Namespace, type: Type } }
  if (!TYPES.has(Type)) return undefined
  // A SyncReply with an error has Status 400 and a string Obj: the store skips it by Status.
  if (Type === 'SyncReply' && (m as Record<string, unknown>)['Status'] !== undefined && (m as Record<string, unknown>)['Status'] !== 200) return { graph: m as GraphMessage }
  return validObj(Type, Obj) ? { graph: m as GraphMessage } : undefined
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isList = (v: unknown) => v === null || v === undefined || Array.isArray(v)

function validObj(type: string, obj: unknown): boolean {
  if (type === 'SyncRequest') return true
  if (!isRecord(obj)) return false
  if (type === 'Sync' || type === 'SyncReply') return isList(obj['Nodes']) && isList(obj['Edges'])
  if (typeof obj['ID'] !== 'string') return false
  if (type.endsWith('PartiallyUpdated')) return obj['Ops'] === null || Array.isArray(obj['Ops'])
  if (type.startsWith('Edge')) return typeof obj['Parent'] === 'string' && typeof obj['Child'] === 'string' && isRecord(obj['Metadata'])
  return isRecord(obj['Metadata'])
}
