/** Reading Gremlin results (spec/api.md §3.4) in the console: which entries are nodes. */

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** True for a node object (ID + Metadata, no Parent/Child). */
export const isNodeLike = (v: unknown): v is Obj => isObj(v) && typeof v['ID'] === 'string' && isObj(v['Metadata']) && !('Parent' in v)

/** IDs of the nodes in a query result: node lists and graph results (`[{Nodes, Edges}]`). */
export function nodeIdsOf(result: unknown): string[] {
  if (!Array.isArray(result)) return []
  const out: string[] = []
  for (const r of result) {
    if (isNodeLike(r)) out.push(r['ID'] as string)
    else if (isObj(r) && Array.isArray(r['Nodes'])) for (const n of r['Nodes']) if (isNodeLike(n)) out.push(n['ID'] as string)
  }
  return out
}
