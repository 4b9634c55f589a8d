/**
 * Node and edge validation of spec/api.md §1.4 (upstream `statics/schemas/node.schema`,
 * `edge.schema`): applied to REST node/edge writes, node rules, and messages on
 * /ws/publisher and /ws/pubsub. Returns the reason, or undefined when valid.
 */

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== ''
const strOrNull = (v: unknown) => v === undefined || v === null || typeof v === 'string'
const intOrNull = (v: unknown) => v === undefined || v === null || Number.isInteger(v)

/** Why `n` is not a valid node, or undefined. */
export function nodeSchemaError(n: unknown): string | undefined {
  if (!isObj(n)) return 'a node must be a JSON object'
  if (!nonEmpty(n['ID'])) return 'ID must be a non-empty string'
  if (!isObj(n['Metadata'])) return 'Metadata must be an object'
  if (!strOrNull(n['Host'])) return 'Host must be a string or null'
  if (!strOrNull(n['Origin'])) return 'Origin must be a string or null'
  if (!intOrNull(n['CreatedAt'])) return 'CreatedAt must be an integer (ms) or null'
  if (!intOrNull(n['UpdatedAt'])) return 'UpdatedAt must be an integer (ms) or null'
  return metadataError(n['Metadata'])
}

/** Why node metadata fails the schema's three alternatives, or undefined. */
export function metadataError(md: Record<string, unknown>): string | undefined {
  const type = md['Type']
  if (type === 'netns') {
    if (typeof md['Path'] !== 'string') return 'a netns node needs a string Metadata.Path'
    return nonEmpty(md['Name']) ? undefined : 'Metadata.Name must be a non-empty string'
  }
  if (type === 'ovsport') {
    if (typeof md['UUID'] !== 'string') return 'an ovsport node needs a string Metadata.UUID'
    return nonEmpty(md['Name']) ? undefined : 'Metadata.Name must be a non-empty string'
  }
  if (!nonEmpty(type)) return 'Metadata.Type must be a non-empty string'
  if (!nonEmpty(md['Name'])) return 'Metadata.Name must be a non-empty string'
  return undefined
}

/** Why `e` is not a valid edge, or undefined. */
export function edgeSchemaError(e: unknown): string | undefined {
  if (!isObj(e)) return 'an edge must be a JSON object'
  if (!nonEmpty(e['ID'])) return 'ID must be a non-empty string'
  if (!isObj(e['Metadata'])) return 'Metadata must be an object'
  if (!strOrNull(e['Host'])) return 'Host must be a string or null'
  if (!strOrNull(e['Origin'])) return 'Origin must be a string or null'
  if (!intOrNull(e['CreatedAt'])) return 'CreatedAt must be an integer (ms) or null'
  if (!intOrNull(e['UpdatedAt'])) return 'UpdatedAt must be an integer (ms) or null'
  if (!nonEmpty(e['Parent'])) return 'Parent must be a non-empty string'
  if (!nonEmpty(e['Child'])) return 'Child must be a non-empty string'
  if (!nonEmpty(e['Metadata']['RelationType'])) return 'Metadata.RelationType must be a non-empty string'
  return undefined
}
