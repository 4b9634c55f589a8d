/**
 * Applies node and edge rules to the graph (topology spec §4.5, upstream
 * `topology/enhancers/topology_manager.go`): on rule creation and deletion, and again after
 * graph changes so rules catch nodes that appear later.
 */
import { type Graph, genID } from '../core/graph/index.js'
import type { FlowStore } from '../core/gremlin/index.js'
import type { Logger } from '../core/ports.js'
import { LAYER2, addLink, linkID } from '../core/topology/index.js'
import { queryNodes } from './resources/gremlin-field.js'
import type { Resource, ResourceStore } from './resources/index.js'

/** Keeps the graph in line with the stored rules. */
export class RulesManager {
  readonly #unsubscribe: Array<() => void> = []
  #scheduled = false
  #stopped = false

  constructor(private readonly graph: Graph, private readonly nodeRules: ResourceStore, private readonly edgeRules: ResourceStore,
    private readonly log: Logger, private readonly flows?: FlowStore) {}

  start(): void {
    this.#unsubscribe.push(
      this.nodeRules.subscribe((ev) => (ev.type === 'deleted' ? this.#undoNodeRule(ev.resource) : this.#applyNodeRule(ev.resource))),
      this.edgeRules.subscribe((ev) => (ev.type === 'deleted' ? this.#undoEdgeRule(ev.resource) : this.#applyEdgeRule(ev.resource))),
      this.graph.subscribe((ev) => {
        if (ev.type !== 'NodeAdded' && ev.type !== 'NodeUpdated') return
        if (this.#scheduled || (this.nodeRules.size === 0 && this.edgeRules.size === 0)) return
        // Upstream re-syncs on every node event; once per burst is enough and keeps agent syncs fast.
        this.#scheduled = true
        setImmediate(() => this.#sync())
      }),
    )
  }

  stop(): void {
    this.#stopped = true
    for (const u of this.#unsubscribe) u()
  }

  #sync(): void {
    this.#scheduled = false
    if (this.#stopped) return
    for (const r of this.nodeRules.list()) this.#applyNodeRule(r)
    for (const r of this.edgeRules.list()) this.#applyEdgeRule(r)
  }

  #applyNodeRule(r: Resource): void {
    const md = r['Metadata'] as Record<string, unknown>
    if (r['Action'] === 'create') {
      const id = nodeRuleID(md)
      if (this.graph.getNode(id)) return
      const metadata: Record<string, unknown> = { ...md, TID: id }
      if (md['Type'] === 'fabric') metadata['Probe'] = 'fabric'
      this.graph.addNode({ ID: id, Metadata: metadata, Host: '' })
      this.log.info('Node rule created a node', { rule: r.UUID, node: id })
    } else {
      for (const n of queryNodes(String(r['Query']), { graph: this.graph, flows: this.flows })) {
        this.graph.patchNode(n.ID, Object.entries(md).map(([Key, Value]) => ({ Type: 1 as const, Key, Value })))
      }
    }
  }

  #undoNodeRule(r: Resource): void {
    const md = r['Metadata'] as Record<string, unknown>
    if (r['Action'] === 'create') {
      this.graph.deleteNode(nodeRuleID(md))
      return
    }
    for (const n of queryNodes(String(r['Query']), { graph: this.graph, flows: this.flows })) {
      this.graph.patchNode(n.ID, Object.keys(md).map((Key) => ({ Type: 2 as const, Key })))
    }
  }

  #endpoints(r: Resource): [string, string] | undefined {
    const src = queryNodes(String(r['Src']), { graph: this.graph, flows: this.flows })[0]
    const dst = queryNodes(String(r['Dst']), { graph: this.graph, flows: this.flows })[0]
    return src && dst ? [src.ID, dst.ID] : undefined
  }

  #applyEdgeRule(r: Resource): void {
    const ends = this.#endpoints(r)
    if (!ends) return
    const md = { ...(r['Metadata'] as Record<string, unknown>) }
    const rel = String(md['RelationType'])
    delete md['RelationType']
    const [src, dst] = ends
    if (this.graph.getEdge(linkID(src, dst, rel))) return
    if (rel === LAYER2 && this.graph.getEdge(linkID(dst, src, rel))) return
    addLink(this.graph, src, dst, rel, md)
  }

  #undoEdgeRule(r: Resource): void {
    const ends = this.#endpoints(r)
    if (ends) this.graph.deleteEdge(linkID(ends[0], ends[1], String((r['Metadata'] as Record<string, unknown>)['RelationType'])))
  }
}

/** GenID(Type, Name) of a `create` node rule. */
function nodeRuleID(md: Record<string, unknown>): string {
  return genID(String(md['Type']), String(md['Name']))
}
