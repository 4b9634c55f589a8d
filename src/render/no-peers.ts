/** The `--list-no-peers` listing. */
import type { NoPeerConnection } from '../core/matrix/index.js'

/**
 * Text block listing connections whose server was not found, one per line:
 * `<Protocol> <host> <RemotePort> <socket JSON>` under upstream's heading
 * `peer not found for connection:` (upstream printed the socket as a Python dict).
 */
export function formatNoPeers(noPeers: readonly NoPeerConnection[]): string {
  const lines = noPeers
    .map((c) => `${c.socket.Protocol} ${c.host} ${c.socket.RemotePort} ${JSON.stringify(c.socket)}`)
    .sort()
  return ['peer not found for connection:', ...lines].join('\n') + '\n'
}
