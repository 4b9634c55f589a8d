/**
 * The flow matrix: which process on which host talks to which process on which host,
 * computed from host sockets (and optionally flow sockets) exactly as upstream
 * skydive-flow-matrix (`matrix.py`, class `Matrix`) does, minus its I/O.
 */
import { isLoopback } from './address.js'
import { compareRows, rowKey, type MatrixRow } from './matrix-row.js'
import { isListening, type HostSockets, type Socket } from './socket.js'

/** Looks a host up by one of its addresses (upstream: `G.V().Has('IPV4', IPV4Range('<ip>/32')).In('Type', 'host')`). */
export type HostByAddress = (address: string) => HostSockets | undefined

/** What the matrix is computed from. */
export interface MatrixInput {
  /** host nodes carrying `Sockets` (upstream: `G.V().Has('Type', 'host').HasKey('Sockets')`) */
  hosts: readonly HostSockets[]
  /** true when a time context (`--at`) was given: any non-listening state then counts as a connection */
  at?: boolean
  /** sockets of each flow (upstream: `G.Flows().Has('Transport', NE('')).Sockets()`), for `--use-flows` */
  flowSockets?: ReadonlyArray<readonly Socket[]>
  /** host lookup by address, used for UDP peers and flow ends; none means nothing is found */
  hostByAddress?: HostByAddress
}

/** A client connection whose server side was not found. */
export interface NoPeerConnection {
  /** Host of the node owning the client socket */
  host: string
  socket: Socket
}

/** The matrix: rows sorted (see compareRows) and the connections without a peer. */
export interface Matrix {
  rows: MatrixRow[]
  noPeers: NoPeerConnection[]
}

interface Indexed {
  host: HostSockets
  socket: Socket
}

/**
 * Builds the flow matrix. Pure: the only outside knowledge, the address → host lookup,
 * comes in as a function.
 *
 * @example
 * const { rows } = buildMatrix({ hosts: [server, client] })
 * rows[0] // { protocol: 'TCP', server: 'etcd-2', server_ip: '10.0.0.2', port: 2380, ... }
 */
export function buildMatrix(input: MatrixInput): Matrix {
  return createMatrixBuilder(input).build(input.hostByAddress)
}

/** A matrix computation whose socket index is built once and can run with several lookups. */
export interface MatrixBuilder {
  /**
   * Runs the algorithm with `lookup`. With `probe`, only calls the lookup (to learn which
   * addresses it needs) and returns an empty matrix, skipping row construction.
   */
  build(lookup?: HostByAddress, opts?: { probe?: boolean }): Matrix
}

/** Indexes the sockets of `input` (listening ports, peer index) for one or more builds. */
export function createMatrixBuilder(input: Omit<MatrixInput, 'hostByAddress'>): MatrixBuilder {
  const listenPorts = new Set<number>()
  const peers = new PeerIndex()
  // the connections: sockets towards a listening port, in a state that counts
  const clients: Indexed[] = []
  for (const host of input.hosts) {
    for (const socket of host.Sockets) if (isListening(socket)) listenPorts.add(socket.LocalPort)
  }
  for (const host of input.hosts) {
    for (const socket of host.Sockets) {
      if (isListening(socket)) continue
      // a peer is found by the port a client connects to, always a listening port: sockets
      // on other local ports (the clients' ephemeral ones) can never be peers, skip indexing them
      if (listenPorts.has(socket.LocalPort)) peers.add(host, socket)
      if (!listenPorts.has(socket.RemotePort)) continue
      if (socket.State !== 'ESTABLISHED' && !input.at) continue
      clients.push({ host, socket })
    }
  }

  return {
    build(hostByAddress, opts = {}) {
      const lookup = hostByAddress ?? (() => undefined)
      const probe = opts.probe === true
      const rows = new Map<string, MatrixRow>()
      const add = probe ? () => {} : (row: MatrixRow): void => {
        const key = rowKey(row)
        if (!rows.has(key)) rows.set(key, row)
      }
      const noPeers = new Map<string, NoPeerConnection>()
      for (const { host, socket } of clients) {
        const peer = findPeer(peers, lookup, socket, host)
        if (probe) continue
        if (!peer) {
          // Quirk (skydive-flow-matrix `unknown_cnx`): one entry per (host node, socket value)
          noPeers.set(JSON.stringify([host.Host, socket]), { host: host.Host, socket })
          continue
        }
        add({
          protocol: socket.Protocol,
          server: peer.host.Host, server_ip: socket.RemoteAddress, port: socket.RemotePort,
          server_proc: peer.socket.Process, server_procname: peer.socket.Name,
          client: host.Host, client_ip: socket.LocalAddress,
          client_proc: socket.Process, client_procname: socket.Name,
        })
      }
      for (const entries of input.flowSockets ?? []) addFlowRows(entries, listenPorts, lookup, add)
      return { rows: [...rows.values()].sort(compareRows), noPeers: [...noPeers.values()] }
    },
  }
}

/**
 * Non-listening sockets indexed by LocalPort (upstream `peer_sockets`). Upstream scanned the
 * port's list for the first socket with the wanted Protocol and LocalAddress (and Host, for
 * loopback); keeping that first socket per key gives the same answer without the scan.
 */
class PeerIndex {
  // protocol → port → address → sockets there: nested maps, so indexing 200k sockets builds no key strings
  #index = new Map<string, Map<number, Map<string, Slot>>>()

  add(host: HostSockets, socket: Socket): void {
    let ports = this.#index.get(socket.Protocol)
    if (!ports) this.#index.set(socket.Protocol, (ports = new Map()))
    let addresses = ports.get(socket.LocalPort)
    if (!addresses) ports.set(socket.LocalPort, (addresses = new Map()))
    let slot = addresses.get(socket.LocalAddress)
    if (!slot) addresses.set(socket.LocalAddress, (slot = { first: { host, socket } }))
    if (isLoopback(socket.LocalAddress)) {
      slot.byHost ??= new Map()
      if (!slot.byHost.has(host.Host)) slot.byHost.set(host.Host, { host, socket })
    }
  }

  /** First indexed socket at protocol/address/port, restricted to `host` when given. */
  find(protocol: string, address: string, port: number, host?: string): Indexed | undefined {
    const slot = this.#index.get(protocol)?.get(port)?.get(address)
    return host === undefined ? slot?.first : slot?.byHost?.get(host)
  }
}

interface Slot {
  first: Indexed
  /** first socket per Host, kept for loopback addresses only */
  byHost?: Map<string, Indexed>
}

/**
 * The server end of a client socket (upstream `get_socket_peer`): the first non-listening
 * socket with the same Protocol whose LocalAddress:LocalPort is the client's remote end;
 * for a loopback address it must be on the client's own host. UDP falls back to a
 * listening UDP socket on that port of the host owning the address.
 */
function findPeer(peers: PeerIndex, lookup: HostByAddress, client: Socket, from: HostSockets): Indexed | undefined {
  const address = client.RemoteAddress
  const port = client.RemotePort
  // Quirk (skydive-flow-matrix): "same host" compares the Host fields, not node identity
  const found = peers.find(client.Protocol, address, port, isLoopback(address) ? from.Host : undefined)
  if (found || client.Protocol !== 'UDP') return found
  const host = lookup(address)
  if (!host) return undefined
  const socket = host.Sockets.find((s) => s.Protocol === 'UDP' && isListening(s) && s.LocalPort === port)
  return socket ? { host, socket } : undefined
}

/**
 * Rows from one flow's sockets (upstream `flow_matrix`): a socket whose RemotePort is a
 * listening port gives the server (host by RemoteAddress, then its socket on that
 * address and port) and the client (host by LocalAddress).
 */
function addFlowRows(entries: readonly Socket[], listenPorts: Set<number>, lookup: HostByAddress, add: (row: MatrixRow) => void): void {
  for (const socket of entries) {
    if (!listenPorts.has(socket.RemotePort)) continue
    const serverHost = lookup(socket.RemoteAddress)
    // Quirk (skydive-flow-matrix `flow_matrix`): a missing server host or socket stops this
    // flow's remaining sockets (`break`); a missing client host only skips this one
    if (!serverHost) return
    const server = serverHost.Sockets.find((s) =>
      s.Protocol === socket.Protocol && s.LocalAddress === socket.RemoteAddress && s.LocalPort === socket.RemotePort)
    if (!server) return
    const clientHost = lookup(socket.LocalAddress)
    if (!clientHost) continue
    add({
      protocol: socket.Protocol,
      server: serverHost.Host, server_ip: socket.RemoteAddress, port: socket.RemotePort,
      server_proc: server.Process, server_procname: server.Name,
      client: clientHost.Host, client_ip: socket.LocalAddress,
      client_proc: socket.Process, client_procname: socket.Name,
    })
  }
}
