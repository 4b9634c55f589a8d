/**
 * Flows of a pcap or pcapng byte stream (an uploaded trace), through the same pipeline as
 * `skydive capture file`: chunks are parsed as they arrive, so only the flow table grows.
 */
import { PcapInvalidError, PcapParser } from '../core/flow/index.js'
import { type FlowPipelineOptions, createFlowPipeline } from './flow-pipeline.js'
import type { FlowsFromFileResult } from './flows-from-file.js'

const EMPTY = new Uint8Array(0)

/**
 * Parses `chunks` into a fresh flow table. A corrupt or truncated stream ends in `error`
 * (its message names the byte offset), with the flows read before it in `table`; errors of
 * the source itself (a reset connection, a size limit) are thrown.
 * @example
 * const r = await flowsFromStream(req, {})
 * if (r.error) console.error(r.error.message)
 */
export async function flowsFromStream(chunks: AsyncIterable<Uint8Array>, opts: FlowPipelineOptions = {}): Promise<FlowsFromFileResult> {
  const p = await createFlowPipeline(opts)
  const parser = new PcapParser()
  // Bytes not parsed yet: the start of a record that spans chunks. When a record is bigger
  // than what is held, chunks are gathered until the held bytes double, so a huge record
  // costs linear copying, not quadratic.
  let held: Uint8Array[] = [], heldLen = 0, wanted = 0
  const parse = (eof: boolean): void => {
    const buf = held.length === 1 ? held[0]! : concat(held, heldLen)
    const used = parser.parse(buf, 0, buf.length, p.sink, eof)
    // copied: the sink saw views of the chunk, the leftover must outlive it
    const left = used < buf.length ? buf.slice(used) : EMPTY
    held = left.length ? [left] : []
    heldLen = left.length
    wanted = used === 0 ? heldLen * 2 : 0
  }
  try {
    for await (const chunk of chunks) {
      if (!chunk.length) continue
      heldLen += chunk.length
      // parsed now, the chunk is only read in place; kept for later, it is copied, since a
      // producer may reuse its memory for the next chunk
      if (heldLen >= wanted) { held.push(chunk); parse(false) } else held.push(chunk.slice())
    }
    parse(true)
    return { table: p.table, packets: p.packets, format: parser.format }
  } catch (err) {
    if (err instanceof PcapInvalidError) return { table: p.table, packets: p.packets, format: parser.format, error: err }
    throw err
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length)
  let at = 0
  for (const part of parts) { out.set(part, at); at += part.length }
  return out
}
