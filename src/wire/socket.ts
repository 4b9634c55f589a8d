/** One entry of a host node's `Metadata.Sockets` (socketinfo probe, spec/topology.md §2.3), in upstream spelling. */

/** A socket as the socketinfo probe reports it. */
export interface Socket {
  /** "TCP" or "UDP" */
  Protocol: string
  LocalAddress: string
  LocalPort: number
  RemoteAddress: string
  RemotePort: number
  /** "LISTEN", "ESTABLISHED", "CLOSE", "TIME_WAIT"... */
  State: string
  /** executable path, e.g. "/usr/bin/etcd" */
  Process: string
  /** process command name, e.g. "etcd" */
  Name: string
  Pid?: number
}
