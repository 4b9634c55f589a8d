/**
 * @module core/matrix
 * The flow matrix (skydive-flow-matrix's algorithm) as pure functions over host sockets
 * and flow sockets: no analyzer, no output format. Adapters fetch the data and print.
 */
export { buildMatrix, createMatrixBuilder, type MatrixBuilder, type Matrix, type MatrixInput, type HostByAddress, type NoPeerConnection } from './build-matrix.js'
export { resolveMatrix, type ResolveHosts } from './resolve-matrix.js'
export { diffMatrix, type MatrixDiff } from './diff-matrix.js'
export { MATRIX_COLUMNS, compareRows, rowKey, rowValues, type MatrixRow, type MatrixColumn } from './matrix-row.js'
export { isListening, toSockets, toHostSockets, type Socket, type HostSockets } from './socket.js'
export { isIPv4, isLoopback } from './address.js'
export { hostsQuery, hostByAddressQuery, flowSocketsQuery, matrixContext, type MatrixTime } from './queries.js'
export { matrixToGraph } from './matrix-graph.js'
