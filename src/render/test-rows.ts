// Shared fixture rows for the render tests (not a test file itself).
import type { MatrixRow } from '../core/matrix/index.js'

/** A row from etcd-<c> to etcd-<s> on the peer port. */
export const peerRow = (c: number, s: number): MatrixRow => ({
  protocol: 'TCP', server: `etcd-${s}`, server_ip: `10.0.0.${s}`, port: 2380, server_proc: '/usr/bin/etcd', server_procname: 'etcd',
  client: `etcd-${c}`, client_ip: `10.0.0.${c}`, client_proc: '/usr/bin/etcd', client_procname: 'etcd',
})
