/**
 * Resource types served by the generic CRUD routes (spec/api.md §3.1-3.2).
 */
import { alertKind } from './alert.js'
import { captureKind } from './capture.js'
import { edgeRuleKind } from './edge-rule.js'
import { injectPacketKind } from './inject-packet.js'
import { nodeRuleKind } from './node-rule.js'
import type { ResourceKind } from './resource-kind.js'
import { workflowKind } from './workflow.js'

/** Every stored resource type, by path segment. */
export const RESOURCE_KINDS: readonly ResourceKind[] = [captureKind, alertKind, nodeRuleKind, edgeRuleKind, injectPacketKind, workflowKind]

export type { Resource, ResourceKind, ResourceContext } from './resource-kind.js'
export { titleOf } from './resource-kind.js'
export { ResourceStore, type StoreEvent } from './resource-store.js'
