/**
 * @module flow-matrix
 * Client-side service behind `skydive flow-matrix`: queries an analyzer as upstream
 * skydive-flow-matrix does, computes the matrix (core/matrix) and prints, renders,
 * publishes or diffs it (render). Commands call runFlowMatrix; nothing else imports it.
 */
export { runFlowMatrix, MATRIX_FORMATS, type MatrixFormat, type FlowMatrixOptions, type FlowMatrixIO } from './run-flow-matrix.js'
export { fetchMatrix, type FetchMatrixOptions, type FetchedMatrix } from './fetch-matrix.js'
export type { MatrixAnalyzer } from './matrix-analyzer.js'
export { runFlowMatrixCommand, type FlowMatrixCommandOptions } from './run-command.js'
export type { AnalyzerConnection } from './connect.js'
