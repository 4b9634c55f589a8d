// The independent side of the flow-matrix e2e check: TCP sockets read with `ss -tanpH` in
// each namespace, and the matrix rows the rules give for them, written here from
// scratch (no import of src/core/matrix) so a bug there cannot hide in both.

/** A TCP socket as ss shows it, with its owner resolved to an executable path. */
export interface SsSocket {
  host: string
  state: string
  localAddress: string
  localPort: number
  remoteAddress: string
  remotePort: number
  /** comm name from ss, "" when no process owns the socket (TIME-WAIT...) */
  name: string
  pid: number
}

function splitEndpoint(text: string): [string, number] {
  const i = text.lastIndexOf(':')
  let address = text.slice(0, i).replace(/^\[|\]$/g, '')
  const port = text.slice(i + 1)
  if (address === '*') address = '0.0.0.0'
  // the socketinfo probe prints IPv4-mapped IPv6 as dotted IPv4 (spec/topology.md §2.3)
  address = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1')
  return [address.replace(/%.*$/, ''), port === '*' ? 0 : Number(port)]
}

/** Parses `ss -tanpH` output taken in the namespace of `host`. */
export function parseSs(host: string, text: string): SsSocket[] {
  return text.split('\n').filter((l) => l.trim()).map((line) => {
    const f = line.trim().split(/\s+/)
    const [localAddress, localPort] = splitEndpoint(f[3] ?? '')
    const [remoteAddress, remotePort] = splitEndpoint(f[4] ?? '')
    const owner = /users:\(\("([^"]*)",pid=(\d+)/.exec(line)
    return { host, state: f[0] ?? '', localAddress, localPort, remoteAddress, remotePort, name: owner?.[1] ?? '', pid: Number(owner?.[2] ?? 0) }
  })
}

/**
 * CSV lines (no header) of the connection matrix of `sockets`: for each ESTAB socket owned
 * by a process whose remote port is listened on somewhere, the owned non-listening socket
 * whose local end is that remote end (on the same host for 127.x), as
 * `TCP,server,server_ip,port,server_proc,server_procname,client,client_ip,client_proc,client_procname`.
 * `exe(pid)` gives a process's executable path.
 */
export function expectedMatrix(sockets: SsSocket[], exe: (pid: number) => string): string[] {
  const owned = sockets.filter((s) => s.pid > 0)
  const listening = new Set(owned.filter((s) => s.state === 'LISTEN').map((s) => s.localPort))
  const rows = new Set<string>()
  for (const c of owned) {
    if (c.state !== 'ESTAB' || !listening.has(c.remotePort)) continue
    const peer = owned.find((p) => p.state !== 'LISTEN' && p.localAddress === c.remoteAddress && p.localPort === c.remotePort &&
      (!c.remoteAddress.startsWith('127.') || p.host === c.host))
    if (!peer) continue
    rows.add(['TCP', peer.host, c.remoteAddress, c.remotePort, exe(peer.pid), peer.name, c.host, c.localAddress, exe(c.pid), c.name].join(','))
  }
  return [...rows].sort()
}
