/**
 * The socket shape of a host node's `Metadata.Sockets` (src/wire/socket.ts)
 * and the guard that admits it into the matrix code.
 */
import type { Socket } from '../../wire/index.js'

export type { Socket } from '../../wire/index.js'

/** A host node reduced to what the matrix reads: its `Host` field and its sockets. */
export interface HostSockets {
  /** the node's `Host` field (the agent's host id), printed in the server/client columns */
  Host: string
  Sockets: readonly Socket[]
}

/**
 * True for a server socket: TCP `LISTEN`, or an unconnected UDP socket.
 * Quirk (spec/api.md §0.a, skydive-flow-matrix `is_listen_socket`): UDP counts only in state
 * `CLOSE` with RemoteAddress `0.0.0.0` or `::`, exactly as upstream tests it.
 */
export function isListening(socket: Socket): boolean {
  return socket.State === 'LISTEN' ||
    (socket.Protocol === 'UDP' && socket.State === 'CLOSE' &&
      (socket.RemoteAddress === '0.0.0.0' || socket.RemoteAddress === '::'))
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The socket in `value`, or undefined when a field the matrix reads is missing or mistyped. */
function toSocket(value: unknown): Socket | undefined {
  if (!isRecord(value)) return undefined
  const { Protocol, LocalAddress, LocalPort, RemoteAddress, RemotePort, State, Process, Name, Pid } = value
  if (typeof Protocol !== 'string' || typeof LocalAddress !== 'string' || typeof RemoteAddress !== 'string' ||
      typeof LocalPort !== 'number' || typeof RemotePort !== 'number' || typeof State !== 'string') return undefined
  // the usual case: already a complete socket, kept as is (no copy of 200k objects)
  if (typeof Process === 'string' && typeof Name === 'string' && (Pid === undefined || typeof Pid === 'number')) return value as unknown as Socket
  const socket: Socket = {
    Protocol, LocalAddress, LocalPort, RemoteAddress, RemotePort, State,
    // Process/Name may be absent on sockets whose owner vanished; keep the row, blank column
    Process: typeof Process === 'string' ? Process : '',
    Name: typeof Name === 'string' ? Name : '',
  }
  if (typeof Pid === 'number') socket.Pid = Pid
  return socket
}

/** The well-formed sockets of a `Metadata.Sockets` value (anything else yields none). */
export function toSockets(value: unknown): Socket[] {
  if (!Array.isArray(value)) return []
  const out: Socket[] = []
  for (const v of value) {
    const s = toSocket(v)
    if (s) out.push(s)
  }
  return out
}

/** A wire node (`{ Host, Metadata: { Sockets } }`) as HostSockets; undefined when it is no node. */
export function toHostSockets(node: unknown): HostSockets | undefined {
  if (!isRecord(node)) return undefined
  const metadata = isRecord(node['Metadata']) ? node['Metadata'] : {}
  return { Host: typeof node['Host'] === 'string' ? node['Host'] : '', Sockets: toSockets(metadata['Sockets']) }
}
