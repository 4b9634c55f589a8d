/**
 * Subscriber semantics (spec/api.md §4.6): SyncRequest/SyncReply, live events, the
 * X-Gremlin-Filter sub-graph (changes arrive as the diff of the filtered view) and the
 * partial-update policy.
 */
import type { Edge, Graph, GraphEvent, Node } from '../../core/graph/index.js'
import { runGremlin, type FlowStore } from '../../core/gremlin/index.js'
import type { Logger } from '../../core/ports.js'
import type { Peer } from './peer.js'
import { encodeStructMessage } from './struct-message.js'

/** Serialisations of one graph event, computed once and shared by every subscriber. */
export class EventTexts {
  #objJson: string | undefined
  #partialJson: string | undefined
  readonly #frames = new Map<string, string | Buffer>()
  constructor(readonly ev: GraphEvent) {}

  /** The frame for a peer: full element or partial update, JSON text or protobuf. */
  frameFor(peer: Peer): string | Buffer {
    const partial = peer.hs.updatePolicy === 'partial' && (this.ev.type === 'NodeUpdated' || this.ev.type === 'EdgeUpdated')
    const key = `${partial ? 'p' : 'f'}${peer.binary ? 'b' : 't'}`
    let frame = this.#frames.get(key)
    if (frame === undefined) {
      const type = partial ? (this.ev.type === 'NodeUpdated' ? 'NodePartiallyUpdated' : 'EdgePartiallyUpdated') : this.ev.type
      const obj = partial ? this.#partial() : (this.#objJson ??= JSON.stringify(elementOf(this.ev)))
      frame = peer.binary ? encodeStructMessage({ Namespace: 'Graph', Type: type }, obj) : `{"Namespace":"Graph","Type":"${type}","Obj":${obj}}`
      this.#frames.set(key, frame)
    }
    return frame
  }

  /** Updates as Node/EdgePartiallyUpdated: Ops null after a full replace. */
  #partial(): string {
    const ev = this.ev
    const el = elementOf(ev)
    const ops = ev.type === 'NodeUpdated' || ev.type === 'EdgeUpdated' ? ev.ops : null
    return (this.#partialJson ??= JSON.stringify({ ID: el.ID, UpdatedAt: el.UpdatedAt, Revision: el.Revision, Ops: ops }))
  }
}

function elementOf(ev: GraphEvent): Node | Edge {
  return 'node' in ev ? ev.node : ev.edge
}

type View = { nodes: Set<string>; edges: Set<string> }

/** The state of one subscriber connection. */
export class SubscriberSession {
  #filter: string | undefined
  #view: View | undefined
  #pending: Array<{ ev: GraphEvent; frame: string | Buffer }> = []
  #scheduled = false

  /** false when X-Websocket-Namespace names other namespaces only */
  readonly wantsGraph: boolean

  constructor(readonly peer: Peer, private readonly graph: Graph, private readonly log: Logger,
    private readonly flows: FlowStore | undefined, filter: string | undefined) {
    const ns = peer.hs.namespaces
    this.wantsGraph = ns.includes('*') || ns.includes('Graph')
    if (filter) this.setFilter(filter)
  }

  /** Sets (or, with "", clears) the Gremlin filter; throws the engine's error when it does not yield a graph. */
  setFilter(filter: string): void {
    if (filter === '') {
      this.#filter = undefined
      this.#view = undefined
      return
    }
    const g = this.#evaluate(filter)
    this.#filter = filter
    this.#view = { nodes: new Set(g.Nodes.map((n) => n.ID)), edges: new Set(g.Edges.map((e) => e.ID)) }
  }

  /** The graph this subscriber sees now. */
  snapshot(): { Nodes: Node[]; Edges: Edge[] } {
    if (!this.#filter) return this.graph.toWire()
    return this.#evaluate(this.#filter)
  }

  #evaluate(filter: string): { Nodes: Node[]; Edges: Edge[] } {
    const r = runGremlin(filter, { graph: this.graph, flows: this.flows })
    if (r.kind !== 'graph' || !r.graph) throw new Error(`Gremlin filter "${filter}" must return a graph (end it with SubGraph()), got ${r.kind}`)
    return r.graph
  }

  /** Called for every graph change (not the ones this peer caused on /ws/pubsub). */
  onEvent(texts: EventTexts): void {
    const frame = texts.frameFor(this.peer)
    if (!this.#filter) {
      this.peer.sendRaw(frame)
      return
    }
    this.#pending.push({ ev: texts.ev, frame })
    if (!this.#scheduled) {
      this.#scheduled = true
      // Re-evaluating the filter once per burst of changes rather than once per change.
      setImmediate(() => this.#flush())
    }
  }

  #flush(): void {
    this.#scheduled = false
    const pending = this.#pending
    this.#pending = []
    if (!this.#filter || !this.#view) return
    let now: { Nodes: Node[]; Edges: Edge[] }
    try {
      now = this.#evaluate(this.#filter)
    } catch (err) {
      this.log.warn('Gremlin filter failed; the subscriber sees an empty view', { peer: this.peer.hs.hostId, reason: (err as Error).message })
      now = { Nodes: [], Edges: [] }
    }
    const old = this.#view
    const next: View = { nodes: new Set(now.Nodes.map((n) => n.ID)), edges: new Set(now.Edges.map((e) => e.ID)) }
    this.#view = next
    const gone = new Map<string, Node | Edge>()
    for (const { ev } of pending) if (ev.type === 'NodeDeleted' || ev.type === 'EdgeDeleted') gone.set(elementOf(ev).ID, elementOf(ev))
    const send = (type: string, obj: unknown) => this.peer.send({ Namespace: 'Graph', Type: type, Obj: obj })

    for (const id of old.edges) if (!next.edges.has(id)) send('EdgeDeleted', this.graph.getEdge(id) ?? gone.get(id) ?? { ID: id })
    for (const id of old.nodes) if (!next.nodes.has(id)) send('NodeDeleted', this.graph.getNode(id) ?? gone.get(id) ?? { ID: id })
    for (const n of now.Nodes) if (!old.nodes.has(n.ID)) send('NodeAdded', n)
    for (const e of now.Edges) if (!old.edges.has(e.ID)) send('EdgeAdded', e)
    for (const { ev, frame } of pending) {
      if (ev.type !== 'NodeUpdated' && ev.type !== 'EdgeUpdated') continue
      const id = elementOf(ev).ID
      const set = ev.type === 'NodeUpdated' ? 'nodes' : 'edges'
      if (old[set].has(id) && next[set].has(id)) this.peer.sendRaw(frame)
    }
  }
}
