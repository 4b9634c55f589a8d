/**
 * Reads `ip monitor label ...` output: each event starts with its object in brackets
 * (`[LINK]8: veth0@...`, `[ADDR]Deleted 8: ...`); continuation lines are indented.
 */

/** What a namespace dump can refresh. */
export type DumpPart = 'links' | 'routes' | 'neighbors'

const LABELS: Readonly<Record<string, DumpPart>> = {
  LINK: 'links', ADDR: 'links', ADDRESS: 'links', NSID: 'links', ROUTE: 'routes', NEIGH: 'neighbors',
}

/** The dump part an `ip monitor label` line asks to refresh, or undefined for other lines. */
export function monitorLinePart(line: string): DumpPart | undefined {
  const m = /^\[([A-Z]+)\]/.exec(line)
  return m ? LABELS[m[1]!] : undefined
}
