/** The flow matrix as CSV, in upstream skydive-flow-matrix's columns, through csv-stringify. */
import { stringify } from 'csv-stringify/sync'
import { MATRIX_COLUMNS, compareRows, rowValues, type MatrixRow } from '../core/matrix/index.js'

/**
 * CSV text: the upstream header line
 * `protocol,server,server_ip,port,server_proc,server_procname,client,client_ip,client_proc,client_procname`
 * then one line per row, sorted, `\n`-terminated.
 * Quirk (skydive-flow-matrix `csv_output`): upstream printed rows in Python set order and
 * never quoted; we sort, and quote only a field that holds a comma, quote or newline.
 */
export function matrixToCsv(rows: readonly MatrixRow[]): string {
  const sorted = [...rows].sort(compareRows)
  return stringify([[...MATRIX_COLUMNS], ...sorted.map(rowValues)], { record_delimiter: 'unix' })
}
