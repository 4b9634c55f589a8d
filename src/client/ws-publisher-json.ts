/**
 * JSON text of outgoing agent messages. Same output as JSON.stringify for JSON data, but the
 * text of frozen objects is remembered: the socketinfo probe freezes its `Sockets` entries
 * and reuses unchanged ones, so re-sending 20,000 sockets serialises only the new ones.
 */

const cache = new WeakMap<object, string>()

/** JSON.stringify for plain JSON data, caching the text of frozen objects and arrays. */
export function toJson(value: unknown): string {
  return write(value) ?? 'null'
}

function write(v: unknown): string | undefined {
  if (v === null) return 'null'
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return JSON.stringify(v)
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null'
    case 'object':
      break
    default:
      return undefined // undefined, functions, symbols: skipped like JSON.stringify does
  }
  const obj = v as object
  const frozen = Object.isFrozen(obj)
  if (frozen) {
    const hit = cache.get(obj)
    if (hit !== undefined) return hit
  }
  let text: string
  if (Array.isArray(obj)) {
    text = '[' + obj.map((x) => write(x) ?? 'null').join(',') + ']'
  } else if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
    text = JSON.stringify(obj)
  } else {
    const parts: string[] = []
    for (const [k, x] of Object.entries(obj)) {
      const t = write(x)
      if (t !== undefined) parts.push(JSON.stringify(k) + ':' + t)
    }
    text = '{' + parts.join(',') + '}'
  }
  if (frozen) cache.set(obj, text)
  return text
}
