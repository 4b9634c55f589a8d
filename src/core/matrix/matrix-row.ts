/** One row of the flow matrix, its column order and the ordering that makes output stable. */

/** Column names, in upstream skydive-flow-matrix's CSV header order. */
export const MATRIX_COLUMNS = [
  'protocol', 'server', 'server_ip', 'port', 'server_proc', 'server_procname',
  'client', 'client_ip', 'client_proc', 'client_procname',
] as const

/** A column name of the matrix. */
export type MatrixColumn = (typeof MATRIX_COLUMNS)[number]

/** One client → server connection: keys are the upstream CSV column names. */
export interface MatrixRow {
  /** "TCP" or "UDP" */
  protocol: string
  /** Host of the node owning the server socket */
  server: string
  /** address the client connected to */
  server_ip: string
  port: number
  /** executable path of the server process */
  server_proc: string
  server_procname: string
  /** Host of the node owning the client socket */
  client: string
  client_ip: string
  client_proc: string
  client_procname: string
}

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
