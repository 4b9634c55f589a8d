/** Entry point of the `flow-matrix` command: connects, runs, writes to the process streams. */
import type { Writable } from 'node:stream'
import { connectMatrixAnalyzer, type AnalyzerConnection } from './connect.js'
import { runFlowMatrix, type FlowMatrixOptions } from './run-flow-matrix.js'

/** Command options: the connection settings plus what to produce. */
export interface FlowMatrixCommandOptions extends Omit<FlowMatrixOptions, 'analyzer'> {
  connection: AnalyzerConnection
}

const writeTo = (stream: Writable) => (data: string | Uint8Array): Promise<void> =>
  new Promise((resolve, reject) => {
    stream.write(data, (err) => {
      // a closed pipe (`| head`) is the reader's choice, not our failure
      if (err && (err as NodeJS.ErrnoException).code !== 'EPIPE') reject(err)
      else resolve()
    })
  })

/** Runs flow-matrix against the analyzer of `opts.connection`; resolves to the exit code. */
export async function runFlowMatrixCommand(opts: FlowMatrixCommandOptions): Promise<number> {
  const { connection, ...rest } = opts
  const analyzer = connectMatrixAnalyzer(connection)
  try {
    return await runFlowMatrix(analyzer, { ...rest, analyzer: connection.analyzer ?? '127.0.0.1:8082' },
      { stdout: writeTo(process.stdout), stderr: writeTo(process.stderr) })
  } finally {
    await analyzer.close()
  }
}
