/**
 * Parser of the static fabric lines of `analyzer.topology.fabric` (spec/topology.md §4.2,
 * upstream `topology/probes/fabric/fabric.go`):
 * `TOR1[Name=tor1] -> [color=red] TOR1_PORT1[MTU=1500]`, `PORT --> *[Type=host]/eth0`.
 */
import { SkydiveError } from '../errors.js'

/** String attributes written as `[k=v, …]`. */
export type FabricAttrs = Record<string, string>

/** A fabric node: `TOKEN[attrs]`. */
export interface FabricNodeDef {
  token: string
  attrs: FabricAttrs
}

/** `*[parentAttrs]/child[childAttrs]`: any edge whose parent and child match. */
export interface FabricWildcard {
  parent: FabricAttrs
  /** child constraints; `eth0` adds `Name: "eth0"`, `*` adds nothing */
  child: FabricAttrs
}

/** One parsed line. */
export interface FabricLink {
  /** 1-based position in the list, for messages */
  line: number
  parent: FabricNodeDef
  /** `->` (ownership and layer2) or `-->` (layer2 only) */
  ownership: boolean
  /** `[k=v]` written right after the arrow */
  linkAttrs: FabricAttrs
  child: FabricNodeDef | FabricWildcard
}

/** True when the link's child is a wildcard rule. */
export function isWildcard(child: FabricLink['child']): child is FabricWildcard {
  return (child as FabricWildcard).parent !== undefined
}

/**
 * Parses every line; fails with `config-invalid` naming the (1-based) line and its text.
 * @example parseFabric(['TOR1[Name=tor1] -> TOR1_PORT1[Name=port1, MTU=1500]'])
 */
export function parseFabric(lines: readonly string[]): FabricLink[] {
  return lines.map((text, i) => {
    try {
      return parseLine(text, i + 1)
    } catch (err) {
      if (!(err instanceof LineError)) throw err
      throw new SkydiveError('config-invalid',
        `Invalid analyzer.topology.fabric line ${i + 1} "${text}": ${err.message}`,
        'write links as PARENT[k=v] -> CHILD[k=v] or PARENT --> *[Type=host]/eth0 (spec/api.md §7.4)')
    }
  })
}

class LineError extends Error {}

/**
 * Why a fabric line does not parse, or undefined when it does (configuration checks name the
 * file line of the entry with it).
 */
export function fabricLineError(text: string): string | undefined {
  try {
    parseLine(text, 0)
    return undefined
  } catch (err) {
    if (err instanceof LineError) return err.message
    throw err
  }
}

function parseLine(text: string, line: number): FabricLink {
  // "-->" is tested first so that it is not read as "-" followed by "->".
  const arrow = text.includes('-->') ? '-->' : text.includes('->') ? '->' : undefined
  if (!arrow) throw new LineError('expected "->" or "-->" between two nodes')
  const parts = text.split(arrow)
  if (parts.length !== 2) throw new LineError(`expected exactly two nodes around "${arrow}", found ${parts.length}`)
  const left = parts[0]!.trim()
  let right = parts[1]!.trim()
  if (left.startsWith('*')) throw new LineError('the parent cannot be a wildcard')

  let linkAttrs: FabricAttrs = {}
  if (right.startsWith('[')) {
    const end = right.indexOf(']')
    if (end < 0) throw new LineError('missing "]" after the link attributes')
    linkAttrs = parseAttrs(right.slice(1, end))
    right = right.slice(end + 1).trim()
  }
  const child = right.startsWith('*') ? parseWildcard(right) : parseNode(right)
  return { line, parent: parseNode(left), ownership: arrow === '->', linkAttrs, child }
}

function parseWildcard(text: string): FabricWildcard {
  const slash = text.indexOf('/')
  if (slash < 0) throw new LineError(`a wildcard child needs "/", as in *[Type=host]/eth0, got "${text}"`)
  const parent = splitDef(text.slice(0, slash).trim())
  const child = splitDef(text.slice(slash + 1).trim())
  if (child.token === '') throw new LineError(`missing interface name after "/" in "${text}"`)
  return { parent: parent.attrs, child: child.token === '*' ? child.attrs : { ...child.attrs, Name: child.token } }
}

function parseNode(text: string): FabricNodeDef {
  const def = splitDef(text)
  if (def.token === '') throw new LineError(`missing node name in "${text}"`)
  if (/\s/.test(def.token)) throw new LineError(`node name "${def.token}" contains spaces`)
  return def
}

/** `TOKEN[attrs]` → token and attrs. */
function splitDef(text: string): FabricNodeDef {
  const open = text.indexOf('[')
  if (open < 0) return { token: text.trim(), attrs: {} }
  if (!text.endsWith(']')) throw new LineError(`missing "]" at the end of "${text}"`)
  return { token: text.slice(0, open).trim(), attrs: parseAttrs(text.slice(open + 1, -1)) }
}

function parseAttrs(text: string): FabricAttrs {
  const attrs: FabricAttrs = {}
  if (text.trim() === '') return attrs
  for (const pair of text.split(',')) {
    const kv = pair.trim().split('=')
    if (kv.length !== 2 || kv[0]!.trim() === '') throw new LineError(`attributes must be k=v pairs, got "${pair.trim()}"`)
    // Quirk (topology spec §4.2): upstream keeps spaces around "=" in keys and values;
    // we trim them, since "MTU = 1500" is plainly meant as MTU=1500.
    attrs[kv[0]!.trim().replace(/^"|"$/g, '')] = kv[1]!.trim().replace(/^"|"$/g, '')
  }
  return attrs
}
