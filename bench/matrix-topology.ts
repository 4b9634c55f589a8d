// Synthetic topology of the flow-matrix benchmark: HOSTS hosts × 200 sockets, shaped like a
// web tier (connection pools to neighbours' port 80), a local etcd on loopback, DNS over UDP
// to ten resolvers, and two connections per host to a server nobody reports.
import type { WireEdge, WireNode } from '../src/wire/index.js'
import type { HostSockets, Socket } from '../src/core/matrix/index.js'

/** Sockets per host in this topology. */
export const SOCKETS_PER_HOST = 200
const SERVERS_PER_CLIENT = 8
const POOL = 12

/** Address of host i. */
export const hostAddress = (i: number): string => `10.${i >> 8}.${i & 255}.10`

const NGINX = { Process: '/usr/sbin/nginx', Name: 'nginx', Pid: 100 }
const APP = { Process: '/usr/bin/python3.11', Name: 'python3', Pid: 200 }
const ETCD = { Process: '/usr/bin/etcd', Name: 'etcd', Pid: 300 }
const NAMED = { Process: '/usr/sbin/named', Name: 'named', Pid: 400 }

function sock(Protocol: string, LocalAddress: string, LocalPort: number, RemoteAddress: string, RemotePort: number, State: string, proc: typeof NGINX): Socket {
  return { Protocol, LocalAddress, LocalPort, RemoteAddress, RemotePort, State, ...proc }
}

/** The sockets of every host, `hosts` hosts of SOCKETS_PER_HOST sockets each. */
export function syntheticHosts(hosts: number): HostSockets[] {
  const out: HostSockets[] = []
  // client port used by host c for its k-th pooled connection to its j-th server
  const clientPort = (j: number, k: number): number => 30000 + j * POOL + k
  for (let i = 0; i < hosts; i++) {
    const me = hostAddress(i)
    const s: Socket[] = [
      sock('TCP', '0.0.0.0', 80, '0.0.0.0', 0, 'LISTEN', NGINX),
      sock('TCP', '127.0.0.1', 2379, '0.0.0.0', 0, 'LISTEN', ETCD),
      sock('UDP', '0.0.0.0', 53, '0.0.0.0', 0, 'CLOSE', NAMED),
      sock('TCP', '127.0.0.1', 41000, '127.0.0.1', 2379, 'ESTABLISHED', APP),
      sock('TCP', '127.0.0.1', 2379, '127.0.0.1', 41000, 'ESTABLISHED', ETCD),
      sock('UDP', me, 42000, hostAddress(i % 10), 53, 'ESTABLISHED', APP),
      sock('TCP', me, 43000, '10.255.255.1', 80, 'ESTABLISHED', APP),
      sock('TCP', me, 43001, '10.255.255.2', 80, 'ESTABLISHED', APP),
    ]
    for (let j = 1; j <= SERVERS_PER_CLIENT; j++) {
      const server = hostAddress((i + j) % hosts)
      const client = hostAddress((i - j + hosts) % hosts)
      for (let k = 0; k < POOL; k++) {
        s.push(sock('TCP', me, clientPort(j, k), server, 80, 'ESTABLISHED', APP))
        s.push(sock('TCP', me, 80, client, clientPort(j, k), 'ESTABLISHED', NGINX))
      }
    }
    out.push({ Host: `host-${String(i).padStart(4, '0')}`, Sockets: s })
  }
  return out
}

/** Rows the topology must yield: per host 8 pooled servers + 1 loopback + 1 UDP (when hosts > 8). */
export const expectedRows = (hosts: number): number => hosts * (SERVERS_PER_CLIENT + 2)

/** The topology as analyzer elements: host nodes with Sockets, an eth0 carrying the address, ownership edges. */
export function syntheticGraph(hosts: HostSockets[]): { nodes: WireNode[]; edges: WireEdge[] } {
  const base = { Origin: '', CreatedAt: null, UpdatedAt: null, DeletedAt: null, Revision: 1 }
  const nodes: WireNode[] = []
  const edges: WireEdge[] = []
  hosts.forEach((h, i) => {
    const hostId = `bench-host-${i}`
    const ifId = `bench-eth0-${i}`
    nodes.push({ ...base, ID: hostId, Host: h.Host, Metadata: { Name: h.Host, Type: 'host', Sockets: h.Sockets } })
    nodes.push({ ...base, ID: ifId, Host: h.Host, Metadata: { Name: 'eth0', Type: 'device', IPV4: [`${hostAddress(i)}/8`] } })
    edges.push({ ...base, ID: `bench-own-${i}`, Host: h.Host, Metadata: { RelationType: 'ownership' }, Parent: hostId, Child: ifId })
  })
  return { nodes, edges }
}
