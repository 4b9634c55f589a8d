/**
 * The static fabric (spec/topology.md §4.3): creates the fabric nodes and links of parsed
 * lines, then links fabric ports to host interfaces matching wildcard rules as they appear.
 */
import type { Metadata } from '../../wire/index.js'
import { type Edge, type Graph, getPathValues, uuidV5 } from '../graph/index.js'
import { type FabricAttrs, type FabricLink, type FabricNodeDef, type FabricWildcard, isWildcard } from './fabric-parser.js'
import { LAYER2, OWNERSHIP, addLink, getLink } from './links.js'

/** ID of a fabric node: v5("fabric" + TOKEN), so the same token on several lines is one node. */
export function fabricNodeID(token: string): string {
  return uuidV5('fabric' + token)
}

/**
 * Keeps the fabric in a graph.
 * @example
 * const linker = new FabricLinker(graph, parseFabric(config.analyzer.topology.fabric))
 * linker.start()   // nodes and static links now; wildcard links as agents sync
 */
export class FabricLinker {
  readonly #graph: Graph
  readonly #links: readonly FabricLink[]
  readonly #rules: Array<{ fabricID: string; match: FabricWildcard; linkAttrs: FabricAttrs }> = []
  #unsubscribe: (() => void) | undefined
  #pending: Edge[] = []

  constructor(graph: Graph, links: readonly FabricLink[]) {
    this.#graph = graph
    this.#links = links
  }

  /** Creates the static part and starts following edges for the wildcard rules. */
  start(): void {
    for (const link of this.#links) {
      const parentID = this.#ensureNode(link.parent)
      const linkMeta = { Type: 'fabric', ...link.linkAttrs }
      if (isWildcard(link.child)) {
        this.#rules.push({ fabricID: parentID, match: link.child, linkAttrs: linkMeta })
        continue
      }
      const childID = this.#ensureNode(link.child)
      if (link.ownership) {
        if (getLink(this.#graph, parentID, childID, OWNERSHIP)) continue
        addLink(this.#graph, parentID, childID, OWNERSHIP)
      }
      if (!this.#hasLayer2(parentID, childID)) addLink(this.#graph, parentID, childID, LAYER2, linkMeta)
    }
    if (this.#rules.length === 0) return
    for (const e of [...this.#graph.edges()]) this.#onEdge(e)
    this.#unsubscribe = this.#graph.subscribe((ev) => {
      if (ev.type !== 'EdgeAdded') return
      // Linking inside the listener would deliver our edge before the one that caused it
      // to the listeners after us: defer to keep every subscriber's view in order.
      if (this.#pending.push(ev.edge) === 1) queueMicrotask(() => this.#flush())
    })
  }

  /** Stops following the graph; created elements stay. */
  stop(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
  }

  #flush(): void {
    const edges = this.#pending
    this.#pending = []
    for (const e of edges) if (this.#graph.getEdge(e.ID)) this.#onEdge(e)
  }

  #onEdge(edge: Edge): void {
    const parent = this.#graph.getNode(edge.Parent)
    const child = this.#graph.getNode(edge.Child)
    if (!parent || !child) return
    for (const rule of this.#rules) {
      if (rule.fabricID === child.ID || !matches(parent.Metadata, rule.match.parent) || !matches(child.Metadata, rule.match.child)) continue
      if (!this.#graph.getNode(rule.fabricID) || this.#hasLayer2(rule.fabricID, child.ID)) continue
      addLink(this.#graph, rule.fabricID, child.ID, LAYER2, rule.linkAttrs)
    }
  }

  /** First definition wins: later attributes for an existing token are ignored. */
  #ensureNode(def: FabricNodeDef): string {
    const id = fabricNodeID(def.token)
    if (!this.#graph.getNode(id)) {
      const metadata: Metadata = { Name: def.token, ...def.attrs }
      metadata['Type'] ??= 'device'
      metadata['Probe'] = 'fabric'
      this.#graph.addNode({ ID: id, Metadata: metadata })
    }
    return id
  }

  #hasLayer2(a: string, b: string): boolean {
    const between = (e: Edge) => e.Metadata['RelationType'] === LAYER2 && ((e.Parent === a && e.Child === b) || (e.Parent === b && e.Child === a))
    return this.#graph.outEdges(a).some(between) || this.#graph.inEdges(a).some(between)
  }
}

/** Every attribute equals (as a string) a value at that metadata key. */
function matches(md: Metadata, attrs: FabricAttrs): boolean {
  return Object.entries(attrs).every(([k, v]) =>
    getPathValues(md, k).some((x) => (Array.isArray(x) ? x.some((y) => String(y) === v) : String(x) === v)))
}
