/**
 * Identifier schemes of spec/topology.md §1.4: random v4 UUIDs and name-based v5 UUIDs in
 * the OID namespace.
 */
import { createHash, randomUUID } from 'node:crypto'

// RFC 4122 appendix C: OID is upstream Go's namespace, DNS the one Python's uuid.uuid5 callers used
const NAMESPACES = {
  OID: Buffer.from('6ba7b8129dad11d180b400c04fd430c8', 'hex'),
  DNS: Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex'),
}

/** RFC 4122 v5 UUID of `name` in the OID namespace (or in `namespace`). */
export function uuidV5(name: string, namespace: keyof typeof NAMESPACES = 'OID'): string {
  const h = createHash('sha1').update(NAMESPACES[namespace]).update(name, 'utf8').digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`
}

/**
 * Upstream's `GenID()`: no argument ⇒ random v4; arguments ⇒ v5 of them joined by "/".
 * @example genID('a', 'b') // 'e557c849-a9bd-5c1d-ad6c-db261d9c9e22'
 */
export function genID(...parts: string[]): string {
  return parts.length === 0 ? randomUUID() : uuidV5(parts.join('/'))
}
