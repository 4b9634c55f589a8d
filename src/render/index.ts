/**
 * @module render
 * Output formats for client commands: flow-matrix CSV (and reading it back), Graphviz dot,
 * SVG through wasm Graphviz and PNG through resvg, all in process; Gremlin results as tables.
 */
export { matrixToCsv } from './matrix-csv.js'
export { parseMatrixCsv } from './parse-matrix-csv.js'
export { matrixToDot } from './matrix-dot.js'
export { dotToSvg, GRAPHVIZ_ENGINES, type GraphvizEngine } from './graphviz.js'
export { svgToPng } from './svg-to-png.js'
export { formatNoPeers } from './no-peers.js'
export { formatResultTable } from './result-table.js'
