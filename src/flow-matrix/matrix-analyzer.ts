/** What flow-matrix needs from an analyzer, so the service is testable apart from HTTP. */
import type { WireEdge, WireNode } from '../wire/index.js'

/** The analyzer as flow-matrix uses it. */
export interface MatrixAnalyzer {
  /** `POST /api/topology` with `{"GremlinQuery": gremlin}`; resolves to the decoded JSON reply */
  query(gremlin: string): Promise<unknown>
  /** Adds nodes then edges through `/ws/publisher` (NodeAdded/EdgeAdded), kept after disconnect */
  publish(nodes: readonly WireNode[], edges: readonly WireEdge[]): Promise<void>
  /** Releases connections (keep-alive sockets) */
  close(): Promise<void>
}
