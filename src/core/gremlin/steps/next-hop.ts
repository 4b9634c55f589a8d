/**
 * `NextHop('ip')` (upstream `gremlin/traversal/nexthop.go`, `topology/nexthop.go`): per node,
 * the next hop its `RoutingTables` give towards an address (spec/topology.md §2.6), with the
 * MAC address from its `Neighbors` when the neighbour is known.
 */
import ipaddr from 'ipaddr.js'
import type { Node } from '../../graph/index.js'
import type { Param, Step } from '../ast.js'
import type { CustomTraversal, GremlinExtension, GremlinResult, StepDef, Traversal } from '../traversal.js'
import { sortedObject } from '../sorted-object.js'
import { notApplicable } from './common.js'

type Address = ipaddr.IPv4 | ipaddr.IPv6

/** One answer of NextHop(): the JSON of upstream's `topology.NextHop`. */
export interface NextHop {
  Priority: number
  IP?: string
  MAC?: string
  IfIndex: number
}

/**
 * An IPv4 (dotted quad) or IPv6 address, or undefined. Stricter than ipaddr.js's `parse`, as
 * Go's `net.ParseIP` is: no "10.1" or hex forms, no zone. IPv4-mapped IPv6 counts as IPv4.
 */
function parseIp(text: string): Address | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text)
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined
  const v6 = ipaddr.IPv6.parse(text)
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6
}

function parsePrefix(text: unknown): [Address, number] | undefined {
  if (typeof text !== 'string') return undefined
  const slash = text.indexOf('/')
  const addr = parseIp(slash < 0 ? text : text.slice(0, slash))
  if (!addr) return undefined
  const max = addr.kind() === 'ipv4' ? 32 : 128
  const lenText = slash < 0 ? String(max) : text.slice(slash + 1)
  const len = Number(lenText)
  return /^\d{1,3}$/.test(lenText) && len <= max ? [addr, len] : undefined
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0)
const same = (a: Address, b: Address) => a.kind() === b.kind() && a.toNormalizedString() === b.toNormalizedString()

/**
 * The routes of each table ID, tables in the order Linux's default rules consult them: local,
 * main, default, then the others. One ID may come as several entries (one per Src).
 */
function tablesInLookupOrder(tables: readonly unknown[]): unknown[][] {
  const byId = new Map<number, unknown[]>()
  for (const t of tables) {
    if (!isObject(t)) continue
    let routes = byId.get(int(t.ID))
    if (!routes) byId.set(int(t.ID), (routes = []))
    if (Array.isArray(t.Routes)) routes.push(...(t.Routes as unknown[]))
  }
  const rank = (id: number) => ({ 255: 0, 254: 1, 253: 2 })[id] ?? 3
  return [...byId].map(([id, routes], i) => ({ id, routes, i })).sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i).map((x) => x.routes)
}

/**
 * The next hop of `node` towards `ip`, or undefined when its tables have no route to it.
 * Quirk (spec/api.md §5.4): upstream takes the first route of a table that contains ip (the
 * default route only when none does), skips a default route without gateway and reports
 * Priority 0; we choose as the kernel does: longest prefix, then lowest Priority (metric),
 * table by table (local, main, default, others), and report that hop's Priority.
 */
function nextHopOf(node: Node, ip: Address): NextHop | undefined {
  const tables = node.Metadata.RoutingTables
  if (!Array.isArray(tables)) return undefined
  for (const routes of tablesInLookupOrder(tables)) {
    let best: { len: number; hop: Record<string, unknown> } | undefined
    for (const route of routes) {
      if (!isObject(route)) continue
      const prefix = parsePrefix(route.Prefix)
      if (!prefix || prefix[0].kind() !== ip.kind() || !ip.match(prefix)) continue
      for (const hop of Array.isArray(route.NextHops) ? route.NextHops : []) {
        if (!isObject(hop)) continue
        if (!best || prefix[1] > best.len || (prefix[1] === best.len && int(hop.Priority) < int(best.hop.Priority))) {
          best = { len: prefix[1], hop }
        }
      }
    }
    if (best) return describeHop(best.hop, node.Metadata.Neighbors)
  }
  return undefined
}

function describeHop(hop: Record<string, unknown>, neighbors: unknown): NextHop {
  const gateway = typeof hop.IP === 'string' ? parseIp(hop.IP) : undefined
  let mac = typeof hop.MAC === 'string' && hop.MAC !== '' ? hop.MAC : undefined
  if (!mac && gateway && Array.isArray(neighbors)) {
    for (const n of neighbors) {
      const nip = isObject(n) && typeof n.IP === 'string' ? parseIp(n.IP) : undefined
      if (nip && same(nip, gateway) && typeof n.MAC === 'string' && n.MAC !== '') { mac = n.MAC; break }
    }
  }
  // Field order and omissions of upstream's JSON: IP and MAC omitted when empty.
  return {
    Priority: int(hop.Priority),
    ...(gateway ? { IP: gateway.toString() } : {}),
    ...(mac ? { MAC: mac } : {}),
    IfIndex: int(hop.IfIndex),
  }
}

/** The result of NextHop(): next hops keyed by node ID. No step follows it (as upstream). */
export class NextHopTraversal implements CustomTraversal {
  readonly kind = 'custom'
  readonly label = 'next hops'
  constructor(readonly byNode: Map<string, NextHop>) {}

  run(): Traversal | undefined {
    return undefined
  }

  /** `[]` or `[{"<nodeID>": {Priority, IP, MAC, IfIndex}}]` (spec/api.md §3.4). */
  result(): GremlinResult {
    return { kind: 'nexthops', json: this.byNode.size ? [sortedObject(this.byNode)] : [] }
  }
}

const checkIp = (ps: readonly Param[]) =>
  ps.length !== 1 || ps[0]!.type !== 'string' || !parseIp(ps[0]!.value) ? "one IP address such as '10.0.0.1' or 'fd00::1'" : undefined

/** `<nodes>.NextHop('ip')`: per node, its next hop towards ip. */
export const NextHop: StepDef = {
  name: 'NextHop',
  check: checkIp,
  exec(input, step: Step) {
    if (input.kind !== 'nodes') throw notApplicable(step, input, 'nodes')
    const ip = parseIp((step.params[0] as { value: string }).value)!
    const byNode = new Map<string, NextHop>()
    for (const n of input.nodes) {
      const hop = nextHopOf(n, ip)
      if (hop) byNode.set(n.ID, hop)
    }
    return new NextHopTraversal(byNode)
  },
}

/** NextHop as an extension (upstream registers it in the analyzer). */
export const nextHopExtension: GremlinExtension = { steps: [NextHop] }
