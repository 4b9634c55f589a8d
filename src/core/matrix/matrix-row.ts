/** The flow matrix row's values, key and the ordering that makes output stable (the row's shape is in wire). */

import { MATRIX_COLUMNS, type MatrixRow } from '../../wire/index.js'

export { MATRIX_COLUMNS, type MatrixColumn, type MatrixRow } from '../../wire/index.js'

/** The row's values in column order (port as a number). */
export function rowValues(row: MatrixRow): Array<string | number> {
  return MATRIX_COLUMNS.map((c) => row[c])
}

/** A key equal for equal rows: the matrix is a set of rows (upstream kept a Python set). */
export function rowKey(row: MatrixRow): string {
  // \x1f (unit separator) cannot occur in host names, addresses or process paths from /proc
  return `${row.protocol}\x1f${row.server}\x1f${row.server_ip}\x1f${row.port}\x1f${row.server_proc}\x1f${row.server_procname}\x1f` +
    `${row.client}\x1f${row.client_ip}\x1f${row.client_proc}\x1f${row.client_procname}`
}

/**
 * Total order on rows: column by column, ports numerically, text by UTF-16 code units
 * (not locale), so two runs on the same topology print byte-identical output.
 */
export function compareRows(a: MatrixRow, b: MatrixRow): number {
  for (const c of MATRIX_COLUMNS) {
    const x = a[c]
    const y = b[c]
    if (x === y) continue
    if (typeof x === 'number' && typeof y === 'number') return x - y
    return String(x) < String(y) ? -1 : 1
  }
  return 0
}
