/** Sorting and filtering of table rows (flows, captures, query results, sockets). */

/** A column: header text and how to read a cell from a row. */
export interface Column<R> { key: string; title: string; value: (row: R) => unknown; numeric?: boolean }

/** Sort state: column key and direction. */
export interface SortState { key: string; dir: 1 | -1 }

/** Text shown in a cell (also what the filters match). */
export function cellText(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1
  if (b === undefined || b === null) return -1
  return cellText(a).localeCompare(cellText(b), undefined, { numeric: true })
}

/**
 * Rows kept by every column filter (case-insensitive substring; a filter starting with `>`
 * or `<` compares numbers), then sorted. Stable: equal rows keep their order.
 */
export function sortFilterRows<R>(rows: readonly R[], columns: readonly Column<R>[], filters: Record<string, string>, sort?: SortState): R[] {
  const active = columns.flatMap((c) => {
    const f = (filters[c.key] ?? '').trim()
    if (!f) return []
    const num = /^([<>])\s*(-?\d+(\.\d+)?)$/.exec(f)
    if (num) {
      const limit = Number(num[2])
      return [(r: R) => { const v = Number(c.value(r)); return num[1] === '>' ? v > limit : v < limit }]
    }
    const needle = f.toLowerCase()
    return [(r: R) => cellText(c.value(r)).toLowerCase().includes(needle)]
  })
  const kept = rows.filter((r) => active.every((ok) => ok(r)))
  const col = sort && columns.find((c) => c.key === sort.key)
  if (!col || !sort) return kept
  return kept.map((r, i) => [r, i] as const)
    .sort((a, b) => compare(col.value(a[0]), col.value(b[0])) * sort.dir || a[1] - b[1])
    .map(([r]) => r)
}
