/**
 * @module core/graph
 * Event-based graph engine, knowing nothing of networks (upstream `graffiti/graph`).
 */
export { Graph, type GraphOptions, type RevisedMetadata } from './graph.js'
export { type Node, type Edge, type GraphElement, type NodeInput, type EdgeInput, isEdge } from './elements.js'
export type { GraphEvent, GraphEventType, GraphListener } from './events.js'
export { genID, uuidV5 } from './gen-id.js'
export { getPath, getPathValues, setPath, deletePath, deepEqual, cloneJson } from './metadata.js'
export { DEFAULT_INDEXED_KEYS } from './metadata-index.js'
