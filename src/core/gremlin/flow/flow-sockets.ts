/**
 * Sockets() on flows: for each flow, the sockets of any node whose 5-tuple is the flow's in
 * either direction (spec/api.md §5.4, §0.a.5), keyed by flow UUID.
 */
import type { EvalContext, Flow } from '../traversal.js'
import { flowField } from './flow-fields.js'
import { type Socket, SocketsTraversal } from './sockets-traversal.js'

const tuple = (proto: unknown, la: unknown, lp: unknown, ra: unknown, rp: unknown) =>
  `${String(proto)}|${String(la)}|${String(lp)}|${String(ra)}|${String(rp)}`

/** Every socket of the graph by its (protocol, local, remote) tuple. */
function socketIndex(ctx: EvalContext): Map<string, Socket[]> {
  const index = new Map<string, Socket[]>()
  for (const n of ctx.root.nodes()) {
    const sockets = n.Metadata.Sockets
    if (!Array.isArray(sockets)) continue
    for (const s of sockets) {
      if (s === null || typeof s !== 'object') continue
      const so = s as Socket
      const k = tuple(so.Protocol, so.LocalAddress, so.LocalPort, so.RemoteAddress, so.RemotePort)
      const list = index.get(k)
      if (list) list.push(so)
      else index.set(k, [so])
    }
  }
  return index
}

function hasAnyFlow(ctx: EvalContext): boolean {
  if (!ctx.flows) return false
  for (const _ of ctx.flows.flows()) return true
  return false
}

/** The Sockets() result on a list of flows. */
export function flowSockets(flows: readonly Flow[], ctx: EvalContext): SocketsTraversal {
  const index = flows.length ? socketIndex(ctx) : new Map<string, Socket[]>()
  const byKey = new Map<string, Socket[]>()
  for (const f of flows) {
    const uuid = f.UUID
    const proto = flowField(f, 'Transport.Protocol').value
    if (typeof uuid !== 'string' || typeof proto !== 'string') continue
    const [a, b] = [flowField(f, 'Network.A').value, flowField(f, 'Network.B').value]
    const [pa, pb] = [flowField(f, 'Transport.A').value, flowField(f, 'Transport.B').value]
    const found = [...(index.get(tuple(proto, a, pa, b, pb)) ?? []), ...(index.get(tuple(proto, b, pb, a, pa)) ?? [])]
    if (found.length) byKey.set(uuid, found)
  }
  return new SocketsTraversal(byKey, flows.length > 0 || hasAnyFlow(ctx))
}
