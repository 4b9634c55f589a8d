/** A table with a filter box per column and click-to-sort headers. */
import { useMemo, useState } from 'preact/hooks'
import type { ComponentChildren } from 'preact'
import { cellText, sortFilterRows, type Column, type SortState } from '../model/table-sort.js'

/** Props of DataTable. */
export interface DataTableProps<R> {
  rows: readonly R[]
  columns: readonly Column<R>[]
  rowKey: (row: R, index: number) => string
  /** extra cells at the end of each row (buttons) */
  actions?: (row: R) => ComponentChildren
  onRowClick?: (row: R) => void
  empty?: string
  testId?: string
  initialSort?: SortState
}

/** Sortable, filterable table; renders at most 500 rows (filters reach the rest) and says so. */
export function DataTable<R>(props: DataTableProps<R>) {
  const [filters, setFilters] = useState<Record<string, string>>({})
  const [sort, setSort] = useState<SortState | undefined>(props.initialSort)
  const rows = useMemo(() => sortFilterRows(props.rows, props.columns, filters, sort), [props.rows, props.columns, filters, sort])
  const shown = rows.slice(0, 500)
  const clickSort = (key: string) => setSort((s) => (s?.key === key ? { key, dir: s.dir === 1 ? -1 : 1 } : { key, dir: 1 }))
  return (
    <div class="table-wrap">
      <table class="data" data-testid={props.testId}>
        <thead>
          <tr>
            {props.actions && <th />}
            {props.columns.map((c) => (
              <th key={c.key} onClick={() => clickSort(c.key)} class={c.numeric ? 'num' : ''} title="Sort">
                {c.title}{sort?.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
              </th>
            ))}
          </tr>
          <tr class="filters">
            {props.actions && <th />}
            {props.columns.map((c) => (
              <th key={c.key}>
                <input
                  value={filters[c.key] ?? ''}
                  placeholder={c.numeric ? '>0' : 'filter'}
                  aria-label={`Filter ${c.title}`}
                  onInput={(e) => setFilters({ ...filters, [c.key]: (e.target as HTMLInputElement).value })}
                />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={props.rowKey(r, i)} onClick={props.onRowClick && (() => props.onRowClick!(r))} class={props.onRowClick ? 'clickable' : ''}>
              {props.actions && <td class="actions">{props.actions(r)}</td>}
              {props.columns.map((c) => <td key={c.key} class={c.numeric ? 'num' : ''}>{cellText(c.value(r))}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p class="muted">{props.rows.length ? 'No row matches the filters.' : props.empty ?? 'Nothing yet.'}</p>}
      {rows.length > shown.length && <p class="muted">Showing {shown.length} of {rows.length} rows: refine the filters.</p>}
      {rows.length > 0 && <p class="muted count" data-testid={props.testId && `${props.testId}-count`}>{rows.length} of {props.rows.length} rows</p>}
    </div>
  )
}
