/**
 * Reading request bodies with a size cap, and decoding JSON (or YAML) bodies into a clear
 * 400 when malformed.
 */
import type { IncomingMessage } from 'node:http'
import { parse as parseYaml } from 'yaml'
import { HttpError } from './http-error.js'

/** Largest body accepted (a pcap upload is the biggest legitimate one). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024

/** Reads the whole body; 413 past MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new HttpError(413, `Request body too large: more than ${limit} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/**
 * Decodes a JSON body, or YAML when `Content-Type: application/yaml` (spec/api.md §3.1).
 * Returns undefined for an empty body; malformed input is a 400 naming the problem.
 */
export function decodeBody(req: IncomingMessage, raw: Buffer): unknown {
  const text = raw.toString('utf8')
  if (text.trim() === '') return undefined
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim()
  try {
    return type === 'application/yaml' || type === 'application/x-yaml' ? parseYaml(text) as unknown : JSON.parse(text) as unknown
  } catch (err) {
    throw new HttpError(400, `Cannot decode request body: ${(err as Error).message}`, { cause: err })
  }
}
