/**
 * @module analyzer
 * The analyzer process: merges every agent's graph and serves it through the REST and
 * WebSocket API of spec/api.md, so upstream Skydive clients work against it unmodified.
 */
export { startAnalyzer, type Analyzer, type AnalyzerOptions } from './start-analyzer.js'
export type { FallbackHandler } from './http-app.js'
export { createAnalyzerFlowStore, type AnalyzerFlowStore } from './flow-store.js'
export type { Hub, NamespaceHandler } from './ws/hub.js'
export type { ResourceStore, StoreEvent, Resource } from './resources/index.js'
