/** `skydive flow-matrix`: fetch the matrix, then print, render, publish or diff it. */
import { readFile, writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { SkydiveError } from '../core/errors.js'
import { diffMatrix, matrixToGraph, type MatrixRow } from '../core/matrix/index.js'
import {
  dotToSvg, formatNoPeers, matrixToCsv, matrixToDot, parseMatrixCsv, svgToPng, type GraphvizEngine,
} from '../render/index.js'
import { fetchMatrix, type FetchedMatrix } from './fetch-matrix.js'
import type { MatrixAnalyzer } from './matrix-analyzer.js'

/** Output formats of flow-matrix. */
export const MATRIX_FORMATS = ['csv', 'dot', 'render', 'json', 'skydive'] as const

/** An output format. */
export type MatrixFormat = (typeof MATRIX_FORMATS)[number]

/** What the command asked for (the connection settings live in the MatrixAnalyzer). */
export interface FlowMatrixOptions {
  format: MatrixFormat
  /** layout engine of render (default dot); with `dot`, written into the graph as its layout */
  engine?: GraphvizEngine
  useFlows: boolean
  at?: string
  duration: number
  listNoPeers: boolean
  /** file to write the matrix (or picture) to instead of stdout */
  output?: string
  /** previous CSV to compare with */
  diff?: string
  /** analyzer address, for messages */
  analyzer: string
}

/** Where the command writes text. */
export interface FlowMatrixIO {
  stdout: (text: string | Uint8Array) => Promise<void>
  stderr: (text: string) => Promise<void>
}

/** Runs flow-matrix; resolves to the exit code (1 when `--diff` found a change). */
export async function runFlowMatrix(analyzer: MatrixAnalyzer, opts: FlowMatrixOptions, io: FlowMatrixIO): Promise<number> {
  checkOptions(opts)
  // read the previous matrix first: a bad file fails before any analyzer work, and
  // `--diff m.csv --output m.csv` compares with the old content before replacing it
  const previous = opts.diff === undefined ? undefined : parseMatrixCsv(await readText(opts.diff), opts.diff)
  const matrix = await fetchMatrix(analyzer, { at: opts.at ?? '', duration: opts.duration, useFlows: opts.useFlows })
  if (matrix.hostCount === 0) {
    await io.stderr(`Warning: no host node on "${opts.analyzer}" reports sockets: the matrix is empty\n` +
      'hint: start agents with the socketinfo probe (skydive agent --probes socketinfo)\n')
  }
  if (previous) return printDiff(previous, matrix, opts, io)
  await emit(matrix, opts, analyzer, io)
  if (opts.listNoPeers && opts.format !== 'json') await io.stdout(formatNoPeers(matrix.noPeers))
  return 0
}

function checkOptions(opts: FlowMatrixOptions): void {
  if (opts.diff !== undefined && opts.format !== 'csv') {
    throw new SkydiveError('bad-usage', `Cannot use --diff with --format ${opts.format}: --diff compares CSV matrices`)
  }
  if (opts.format === 'render' && opts.output !== undefined && !['.svg', '.png'].includes(extname(opts.output).toLowerCase())) {
    throw new SkydiveError('bad-usage', `Cannot render to "${opts.output}": the file name must end in .svg or .png`)
  }
  if (opts.duration > 0 && opts.at === undefined) {
    throw new SkydiveError('bad-usage', `Cannot use --duration ${opts.duration} without --at: the duration is the window before the --at time`)
  }
  if (opts.engine !== undefined && opts.format !== 'render' && opts.format !== 'dot') {
    throw new SkydiveError('bad-usage', `Cannot use --engine with --format ${opts.format}: the engine lays out the graph of --format render or dot`)
  }
  if (opts.format === 'skydive' && opts.output !== undefined) {
    throw new SkydiveError('bad-usage', 'Cannot use --output with --format skydive: the matrix is published to the analyzer')
  }
}

async function emit(matrix: FetchedMatrix, opts: FlowMatrixOptions, analyzer: MatrixAnalyzer, io: FlowMatrixIO): Promise<void> {
  switch (opts.format) {
    case 'csv': return write(matrixToCsv(matrix.rows), opts, io)
    case 'json': return write(`${JSON.stringify({ rows: matrix.rows, noPeers: matrix.noPeers }, null, 2)}\n`, opts, io)
    case 'dot': return write(matrixToDot(matrix.rows, opts.engine), opts, io)
    case 'render': {
      const svg = await dotToSvg(matrixToDot(matrix.rows), opts.engine ?? 'dot')
      const png = opts.output !== undefined && extname(opts.output).toLowerCase() === '.png'
      return write(png ? await svgToPng(svg) : svg, opts, io)
    }
    case 'skydive': {
      const { nodes, edges } = matrixToGraph(matrix.rows)
      await analyzer.publish(nodes, edges)
      return io.stderr(`Published ${nodes.length} service nodes and ${edges.length} Connection edges to "${opts.analyzer}"\n`)
    }
    default: {
      const never: never = opts.format
      throw new TypeError(`unknown format ${String(never)}`)
    }
  }
}

async function write(data: string | Uint8Array, opts: FlowMatrixOptions, io: FlowMatrixIO): Promise<void> {
  if (opts.output === undefined) return io.stdout(data)
  try {
    await writeFile(opts.output, data)
  } catch (err) {
    throw new SkydiveError('bad-usage', `Cannot write "${opts.output}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      undefined, { cause: err })
  }
}

async function printDiff(previous: MatrixRow[], matrix: FetchedMatrix, opts: FlowMatrixOptions, io: FlowMatrixIO): Promise<number> {
  const { added, removed } = diffMatrix(previous, matrix.rows)
  // one CSV line per changed row, "+" for new, "-" for gone; the line text is what csv prints
  const line = (sign: string, r: MatrixRow): string => sign + matrixToCsv([r]).split('\n')[1]!
  const lines = [...added.map((r) => line('+', r)), ...removed.map((r) => line('-', r))]
  if (lines.length) await io.stdout(`${lines.join('\n')}\n`)
  if (opts.output !== undefined) await write(matrixToCsv(matrix.rows), opts, io)
  if (opts.listNoPeers) await io.stdout(formatNoPeers(matrix.noPeers))
  const changed = added.length + removed.length > 0
  await io.stderr(changed
    ? `Flow matrix changed since "${opts.diff}": ${added.length} added, ${removed.length} removed\n`
    : `Flow matrix unchanged since "${opts.diff}" (${matrix.rows.length} rows)\n`)
  return changed ? 1 : 0
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new SkydiveError('bad-usage', `Cannot read flow matrix "${file}": ${code === 'ENOENT' ? 'no such file' : code ?? (err as Error).message}`,
      code === 'ENOENT' ? `create it first with  skydive flow-matrix --output ${file}` : undefined, { cause: err })
  }
}
