/** Dotted paths (`analyzer.auth.api.backend`) through plain configuration trees. */

/** Reads a dotted path from a plain tree; own keys only, so `toString` is not a key. */
export function getIn(tree: unknown, path: string): unknown {
  let cur = tree
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined
    if (!Object.hasOwn(cur, k)) return undefined
    cur = (cur as Record<string, unknown>)[k]
  }
  return cur
}

/** Writes a dotted path into a plain tree, creating sections. */
export function setIn(tree: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let cur = tree
  for (const k of keys.slice(0, -1)) {
    const next = cur[k]
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur = cur[k] = {}
    else cur = next as Record<string, unknown>
  }
  cur[keys[keys.length - 1]!] = value
}
