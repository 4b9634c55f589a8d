/**
 * Readable tables of Gremlin results for `skydive topology query --format table`: nodes and
 * edges as rows of their main metadata, scalars and other shapes as indented JSON.
 * Colour only when `color` says so (NO_COLOR and non-TTY output get none).
 */
import type { ChalkInstance } from 'chalk'

type El = { ID: string; Metadata?: Record<string, unknown>; Host?: string; Parent?: string; Child?: string }

const isEl = (v: unknown): v is El => v !== null && typeof v === 'object' && typeof (v as El).ID === 'string'
const isGraph = (v: unknown): v is { Nodes: El[] | null; Edges: El[] | null } =>
  v !== null && typeof v === 'object' && 'Nodes' in v && 'Edges' in v

/** Formats a query result as text tables. Loads chalk on first use: render/ is imported by CSV paths too. */
export async function formatResultTable(result: unknown, color: boolean): Promise<string> {
  const { Chalk } = await import('chalk')
  const c = new Chalk({ level: color ? 1 : 0 })
  const one = Array.isArray(result) && result.length === 1 ? result[0] : undefined
  if (isGraph(one) || isGraph(result)) {
    const g = (isGraph(one) ? one : result) as { Nodes: El[] | null; Edges: El[] | null }
    return `${c.bold(`Nodes (${g.Nodes?.length ?? 0})`)}\n${nodeTable(g.Nodes ?? [], c)}\n${c.bold(`Edges (${g.Edges?.length ?? 0})`)}\n${edgeTable(g.Edges ?? [], c)}`
  }
  if (Array.isArray(result) && result.length > 0 && result.every(isEl)) {
    return result.every((e) => e.Parent !== undefined) ? edgeTable(result, c) : nodeTable(result, c)
  }
  if (Array.isArray(result) && result.length === 0) return c.dim('(no result)') + '\n'
  if (typeof result === 'number' || typeof result === 'string' || typeof result === 'boolean') return `${result}\n`
  return JSON.stringify(result, null, 2) + '\n'
}

function nodeTable(nodes: El[], c: ChalkInstance): string {
  const rows = nodes.map((n) => [n.ID, str(n.Metadata?.['Type']), str(n.Metadata?.['Name']), n.Host ?? '', state(n.Metadata?.['State'], c), addresses(n.Metadata)])
  return table(['ID', 'TYPE', 'NAME', 'HOST', 'STATE', 'ADDRESSES'], rows, c)
}

function edgeTable(edges: El[], c: ChalkInstance): string {
  const rows = edges.map((e) => [e.ID, str(e.Metadata?.['RelationType']), e.Parent ?? '', e.Child ?? '', str(e.Metadata?.['Type'])])
  return table(['ID', 'RELATION', 'PARENT', 'CHILD', 'TYPE'], rows, c)
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v)
}

function state(v: unknown, c: ChalkInstance): string {
  const s = str(v)
  return s === 'UP' ? c.green(s) : s === 'DOWN' ? c.red(s) : s
}

function addresses(md: Record<string, unknown> | undefined): string {
  const list = [md?.['IPV4'], md?.['IPV6']].flatMap((v) => (Array.isArray(v) ? v : [])).map(String)
  return [str(md?.['MAC']), ...list].filter(Boolean).join(' ')
}

/** Column-aligned rows; width computed on the text without colour codes. */
function table(header: string[], rows: string[][], c: ChalkInstance): string {
  // eslint-disable-next-line no-control-regex
  const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '')
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => plain(r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((s, i) => s + ' '.repeat(widths[i]! - plain(s).length)).join('  ').trimEnd()
  return [c.bold(line(header)), ...rows.map(line)].join('\n') + '\n'
}
