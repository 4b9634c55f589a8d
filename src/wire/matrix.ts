/** One row of the flow matrix: the CSV columns of upstream skydive-flow-matrix, `--format json` and `GET /api/flowmatrix`. */

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
