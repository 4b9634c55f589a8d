/**
 * Graphviz dot of a graph result, as upstream's `api/server/topology.go` writes it
 * (spec/api.md §3.3), for `Accept: text/vnd.graphviz`.
 */
import type { Edge, Node } from '../../core/graph/index.js'

const LABEL_KEYS = ['Type', 'IfIndex', 'State', 'TID', 'IPV4', 'IPV6'] as const

/** `"<Name>-<first 8 chars of ID>"`. */
function title(n: Node | undefined, id: string): string {
  const name = n?.Metadata['Name']
  return `${typeof name === 'string' ? name : ''}-${id.slice(0, 8)}`
}

/** Go's %v of a metadata value: arrays as `[a b]`. */
function goValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`
  if (v !== null && typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

const quote = (s: string) => s.replace(/\\(?!n)/g, '\\\\').replace(/"/g, '\\"')

/** Renders nodes and edges as a dot digraph. */
export function toDot(g: { Nodes: Node[]; Edges: Edge[] }): string {
  const byId = new Map(g.Nodes.map((n) => [n.ID, n]))
  let out = 'digraph g {\n'
  for (const n of g.Nodes) {
    const t = title(n, n.ID)
    const label = [t, ...LABEL_KEYS.filter((k) => n.Metadata[k] !== undefined).map((k) => `${k} = ${goValue(n.Metadata[k])}`)].join('\\n')
    out += `"${quote(t)}" [label="${quote(label)}"]\n`
  }
  for (const e of g.Edges) {
    out += `"${quote(title(byId.get(e.Parent), e.Parent))}" -> "${quote(title(byId.get(e.Child), e.Child))}"`
    const rel = e.Metadata['RelationType']
    // Quirk (api spec §3.3): upstream writes no newline after an edge without RelationType,
    // gluing the next edge onto the same line; we always end the line.
    if (typeof rel === 'string' && rel !== '') out += ` [label=${rel},dir=${rel === 'layer2' ? 'both' : 'forward'}]`
    out += '\n'
  }
  return out + '}'
}
