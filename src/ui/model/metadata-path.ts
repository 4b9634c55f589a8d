/**
 * Dotted metadata paths ("Captures.State", "ExtID.iface-id") as NodePartiallyUpdated ops
 * carry them (spec/api.md §4.4, spec/topology.md §1.6).
 */
import type { Metadata, PartialOp } from '../../wire/index.js'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Sets `value` at a dotted `path`, creating intermediate objects. Mutates `target`. */
export function setPath(target: Obj, path: string, value: unknown): void {
  const keys = path.split('.')
  let cur = target
  for (const k of keys.slice(0, -1)) {
    const next = cur[k]
    if (!isObj(next)) cur[k] = {}
    cur = cur[k] as Obj
  }
  cur[keys[keys.length - 1]!] = value
}

/** Deletes the key at a dotted `path`; missing paths are a no-op. Mutates `target`. */
export function deletePath(target: Obj, path: string): void {
  const keys = path.split('.')
  let cur: unknown = target
  for (const k of keys.slice(0, -1)) {
    if (!isObj(cur)) return
    cur = cur[k]
  }
  if (isObj(cur)) delete cur[keys[keys.length - 1]!]
}

/**
 * Applies partial-update ops and returns new metadata, copying only the objects along each
 * op's path (a host's Sockets can hold tens of thousands of entries: no deep clone per update).
 */
export function applyOps(metadata: Metadata, ops: readonly PartialOp[]): Metadata {
  const out: Obj = { ...metadata }
  for (const op of ops) {
    const keys = op.Key.split('.')
    let cur: Obj | undefined = out
    for (const k of keys.slice(0, -1)) {
      const next: unknown = cur[k]
      // deleting under a missing path is a no-op: create nothing
      if (!isObj(next) && op.Type === 2) { cur = undefined; break }
      cur[k] = isObj(next) ? { ...next } : {}
      cur = cur[k] as Obj
    }
    if (!cur) continue
    const last = keys[keys.length - 1]!
    if (op.Type === 1) cur[last] = op.Value
    else delete cur[last]
  }
  return out
}

/** Reads a dotted path; undefined when any step is missing. */
export function getPath(source: unknown, path: string): unknown {
  let cur = source
  for (const k of path.split('.')) {
    if (!isObj(cur)) return undefined
    cur = cur[k]
  }
  return cur
}
