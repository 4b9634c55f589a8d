/** Queries the analyzer exactly as upstream skydive-flow-matrix does and computes the matrix. */
import { SkydiveError } from '../core/errors.js'
import {
  flowSocketsQuery, hostByAddressQuery, hostsQuery, isIPv4, resolveMatrix, toHostSockets, toSockets,
  type HostSockets, type Matrix, type MatrixTime, type Socket,
} from '../core/matrix/index.js'
import type { MatrixAnalyzer } from './matrix-analyzer.js'

/** What to compute: the time context and whether flows add rows. */
export interface FetchMatrixOptions extends MatrixTime {
  useFlows?: boolean
}

/** Result of fetchMatrix: the matrix and how many host nodes reported sockets. */
export interface FetchedMatrix extends Matrix {
  hostCount: number
}

// address lookups are independent queries; a few in flight at once keep the analyzer busy
// without flooding it (upstream sent them one by one)
const LOOKUP_CONCURRENCY = 8

/** Fetches host sockets (and flow sockets with `useFlows`), resolves addresses, builds the matrix. */
export async function fetchMatrix(analyzer: MatrixAnalyzer, opts: FetchMatrixOptions = {}): Promise<FetchedMatrix> {
  const hostNodes = expectArray(await analyzer.query(hostsQuery(opts)), 'host nodes')
  const hosts = hostNodes.map(toHostSockets).filter((h): h is HostSockets => h !== undefined)
  const flowSockets = opts.useFlows ? readFlowSockets(await analyzer.query(flowSocketsQuery(opts))) : undefined

  const matrix = await resolveMatrix({ hosts, at: Boolean(opts.at), ...(flowSockets ? { flowSockets } : {}) }, async (addresses) => {
    const found = new Map<string, HostSockets | undefined>()
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < addresses.length) {
        const address = addresses[next++]!
        found.set(address, await hostByAddress(analyzer, address, opts))
      }
    }
    await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, addresses.length) }, worker))
    return found
  })
  return { ...matrix, hostCount: hosts.length }
}

async function hostByAddress(analyzer: MatrixAnalyzer, address: string, time: MatrixTime): Promise<HostSockets | undefined> {
  // Quirk (skydive-flow-matrix `get_node_by_addr`): upstream sent IPV4Range('<ipv6>/32') for
  // IPv6 peers, which never matches; we skip the query and find no host, the same answer
  if (!isIPv4(address)) return undefined
  const nodes = expectArray(await analyzer.query(hostByAddressQuery(address, time)), `the host of "${address}"`)
  return nodes.length > 0 ? toHostSockets(nodes[0]) : undefined
}

/**
 * Flow sockets from a `Sockets()` answer: `[]` or `[{ "<flow UUID>": [socket, ...] }]`.
 * Quirk (spec/api.md §6): upstream indexed result[0] even when the answer was `[]` and crashed.
 */
function readFlowSockets(answer: unknown): Socket[][] {
  const list = expectArray(answer, 'flow sockets')
  const first = list[0]
  if (first === undefined) return []
  if (typeof first !== 'object' || first === null) throw unexpected('flow sockets', answer)
  return Object.values(first).map(toSockets)
}

function expectArray(answer: unknown, what: string): unknown[] {
  if (!Array.isArray(answer)) throw unexpected(what, answer)
  return answer
}

function unexpected(what: string, answer: unknown): SkydiveError {
  const text = JSON.stringify(answer) ?? String(answer)
  return new SkydiveError('request-failed', `Cannot read ${what} from the analyzer: expected a JSON array, got ${text.slice(0, 80)}`)
}
