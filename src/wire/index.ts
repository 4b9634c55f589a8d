/**
 * @module wire
 * JSON shapes shared by agent, analyzer, CLI client and web UI. Plain interfaces only:
 * field spelling follows upstream Skydive so its clients work unmodified.
 */
export type * from './graph.js'
export type * from './messages.js'
export { GRAPH_MESSAGE_TYPES } from './messages.js'
export type * from './flow.js'
export { FLOW_PROTOCOLS, ICMP_TYPES, FINISH_TYPE } from './flow.js'
export type * from './pcap-upload.js'
export type * from './matrix.js'
export type * from './socket.js'
export { MATRIX_COLUMNS } from './matrix.js'
