/**
 * Listen/connect addresses as upstream writes them: `host:port`, `[v6]:port`, `:port` or a
 * bare port (the last two mean localhost, spec/api.md §2).
 */
import { SkydiveError } from '../core/errors.js'

/** A parsed address. */
export interface HostPort {
  host: string
  port: number
}

/** Parses an address (port 0 = any free port); fails with `config-invalid` naming it. */
export function parseAddress(addr: string): HostPort {
  const s = addr.trim()
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]*)):(\d+)$|^(\d+)$/.exec(s)
  const port = Number(m?.[3] ?? m?.[4])
  if (!m || !(port >= 0 && port < 65536)) {
    throw new SkydiveError('config-invalid', `Cannot parse address "${addr}": expected host:port, e.g. 127.0.0.1:8082`)
  }
  return { host: m[1] ?? (m[2] || 'localhost'), port }
}
