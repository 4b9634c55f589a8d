/**
 * A YAML configuration file as a ConfigSource, with line numbers for every key (and every
 * list entry, as `key.N`).
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml'
import { SkydiveError } from '../core/errors.js'
import type { ConfigSource } from './source.js'

/** Parses YAML text; `file` is only used in messages. Fails with `config-invalid` naming the line. */
export function yamlSource(text: string, file: string): ConfigSource {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const firstError = doc.errors[0]
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line
    const reason = firstError.message.split('\n')[0]
    throw new SkydiveError('config-invalid', `Cannot parse configuration file "${file}" at line ${line}: ${reason}`,
      'check the indentation and quoting on that line')
  }
  const contents = doc.contents
  if (contents !== null && !isMap(contents)) {
    throw new SkydiveError('config-invalid', `Cannot read configuration file "${file}" at line 1: expected a map of keys, got ${contents.constructor.name}`)
  }
  const tree = (doc.toJS() ?? {}) as Record<string, unknown>

  const locate = (path: string): string => {
    let node: unknown = contents
    let offset = 0
    for (const key of path.split('.')) {
      if (isSeq(node) && /^\d+$/.test(key)) {
        // a list entry (`fabric.2`): the line of that item
        const item = node.items[Number(key)] as YamlNode | undefined
        if (!item) break
        offset = item.range?.[0] ?? offset
        node = item
        continue
      }
      if (!isMap(node)) break
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key)
      if (!pair) break
      offset = (pair.key as YamlNode).range?.[0] ?? offset
      node = pair.value
    }
    return `${file}:${lineCounter.linePos(offset).line}`
  }
  return { name: file, tree, locate }
}
