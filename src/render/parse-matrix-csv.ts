/** Reads a flow-matrix CSV (as matrixToCsv writes it) back into rows, for `--diff`. */
import { createRequire } from 'node:module'
import { SkydiveError } from '../core/errors.js'
import { MATRIX_COLUMNS, type MatrixRow } from '../core/matrix/index.js'

/**
 * The rows of a flow-matrix CSV. Throws SkydiveError('bad-usage') naming `source` when the
 * header is not the flow-matrix header or a line is malformed.
 */
export function parseMatrixCsv(text: string, source: string): MatrixRow[] {
  let records: string[][]
  try {
    records = csvParse()(text, { relax_column_count: false, skip_empty_lines: true }) as string[][]
  } catch (err) {
    throw new SkydiveError('bad-usage', `Cannot read flow matrix "${source}": ${(err as Error).message}`, undefined, { cause: err })
  }
  const [header, ...lines] = records
  if (!header || header.join(',') !== MATRIX_COLUMNS.join(',')) {
    throw new SkydiveError('bad-usage', `Cannot read flow matrix "${source}": the first line is not the flow-matrix CSV header`,
      `write one with  skydive flow-matrix --format csv --output ${source}`)
  }
  return lines.map((values, i) => {
    const port = Number(values[3])
    if (values.length !== MATRIX_COLUMNS.length || !Number.isInteger(port)) {
      throw new SkydiveError('bad-usage', `Cannot read flow matrix "${source}": line ${i + 2} is not a flow-matrix row`)
    }
    const [protocol, server, server_ip, , server_proc, server_procname, client, client_ip, client_proc, client_procname] =
      values as [string, string, string, string, string, string, string, string, string, string]
    return { protocol, server, server_ip, port, server_proc, server_procname, client, client_ip, client_proc, client_procname }
  })
}

let parse: typeof import('csv-parse/sync').parse | undefined

/**
 * csv-parse, loaded on first use (its CommonJS build, so this stays synchronous): only
 * `--diff` reads CSV, and every other flow-matrix run would pay its load at start-up.
 */
function csvParse(): typeof import('csv-parse/sync').parse {
  parse ??= (createRequire(import.meta.url)('csv-parse/sync') as typeof import('csv-parse/sync')).parse
  return parse
}
