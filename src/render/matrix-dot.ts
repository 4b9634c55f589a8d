/** The flow matrix as a Graphviz digraph, laid out as upstream skydive-flow-matrix's `dot_output`. */
import { compareRows, type MatrixRow } from '../core/matrix/index.js'
import type { GraphvizEngine } from './graphviz.js'

/** Escapes text for a dot quoted string: backslashes and double quotes. */
const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')

/** Quotes a dot ID. */
const q = (s: string): string => `"${esc(s)}"`

// Quirk (skydive-flow-matrix `dot_output`): upstream named nodes host+name with no
// separator, so host "a" + process "bc" met host "ab" + process "c"; "/" cannot occur in a host name.
const nodeId = (host: string, name: string): string => q(`${host}/${name}`)

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Dot source: `digraph` with overlap=false, ranksep=1, nodesep=0.7; one cluster per host
 * (label = host, filled gray90); one `component` node per (host, process name), orange,
 * labelled `name\n\nhost`; one edge client → server labelled `PROTO : ip:port`.
 * Hosts, nodes and edges are sorted so the text is stable across runs. A `layout` other than
 * dot is written as the graph's layout attribute, which Graphviz tools honour.
 */
export function matrixToDot(rows: readonly MatrixRow[], layout?: GraphvizEngine): string {
  const sorted = [...rows].sort(compareRows)
  const endpoints = new Map<string, Set<string>>()
  const note = (host: string, name: string): void => {
    let names = endpoints.get(host)
    if (!names) endpoints.set(host, (names = new Set()))
    names.add(name)
  }
  for (const r of sorted) {
    note(r.server, r.server_procname)
    note(r.client, r.client_procname)
  }

  const out = ['// Skydive flow matrix report', 'digraph {', '\toverlap=false', '\tranksep=1', '\tnodesep=0.7']
  if (layout !== undefined && layout !== 'dot') out.push(`\tlayout=${layout}`)
  for (const host of [...endpoints.keys()].sort(byText)) {
    out.push(`\tsubgraph ${q(`cluster_${host}`)} {`,
      `\t\tlabel=${q(host)}`, '\t\tfontsize="24"', '\t\tcolor="gray50"', '\t\tstyle="filled"', '\t\tfillcolor="gray90"')
    for (const name of [...endpoints.get(host)!].sort(byText)) {
      out.push(`\t\t${nodeId(host, name)} [label="${esc(name)}\\n\\n${esc(host)}" color=orangered fillcolor=orange shape=component style=filled]`)
    }
    out.push('\t}')
  }
  // Quirk (skydive-flow-matrix `dot_output`): upstream drew one edge per row, so rows that
  // differ only in client address or executable path stacked identical edges; we draw each once
  const edges = new Set<string>()
  for (const r of sorted) {
    edges.add(`\t${nodeId(r.client, r.client_procname)} -> ${nodeId(r.server, r.server_procname)} [label=${q(`${r.protocol} : ${r.server_ip}:${r.port}`)}]`)
  }
  out.push(...edges, '}')
  return `${out.join('\n')}\n`
}
