/** Search box matching: Name, IP address (IPV4/IPV6 without the prefix length) or MAC. */
import type { WireNode } from '../../wire/index.js'

/** One hit, best first: exact matches rank before prefix and substring matches. */
export interface SearchHit { id: string; field: 'Name' | 'IP' | 'MAC'; value: string; rank: number }

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []

/** Nodes matching `query` (case-insensitive), at most `limit`, best first. */
export function searchNodes(nodes: Iterable<WireNode>, query: string, limit = 20): SearchHit[] {
  const q = query.trim().toLowerCase()
  if (!q) return []
  const hits: SearchHit[] = []
  for (const n of nodes) {
    const md = n.Metadata
    const fields: Array<[SearchHit['field'], string]> = [
      ...strings(md['Name']).map((v) => ['Name', v] as [SearchHit['field'], string]),
      ...[...strings(md['IPV4']), ...strings(md['IPV6'])].map((v) => ['IP', v.split('/')[0]!] as [SearchHit['field'], string]),
      ...strings(md['MAC']).map((v) => ['MAC', v] as [SearchHit['field'], string]),
    ]
    let best: SearchHit | undefined
    for (const [field, value] of fields) {
      const v = value.toLowerCase()
      const rank = v === q ? 0 : v.startsWith(q) ? 1 : v.includes(q) ? 2 : -1
      if (rank >= 0 && (!best || rank < best.rank)) best = { id: n.ID, field, value, rank }
    }
    if (best) hits.push(best)
  }
  return hits.sort((a, b) => a.rank - b.rank || a.value.localeCompare(b.value)).slice(0, limit)
}
