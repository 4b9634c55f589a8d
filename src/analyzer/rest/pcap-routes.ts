/**
 * POST /api/pcap (spec/api.md §3.1): the body is a pcap or pcapng trace; its flows, computed
 * by the same pipeline as `skydive capture file`, go into the analyzer's flow store and the
 * answer is 202. The trace is decoded whole before anything is stored, so a corrupt or
 * truncated upload is a 400 naming the byte offset and leaves the store as it was.
 */
import { sendJson } from '../http/respond.js'
import { HttpError } from '../http/http-error.js'
import type { Router } from '../http/router.js'
import type { WireFlow, WirePcapUpload } from '../../wire/index.js'
import type { AnalyzerFlowStore } from '../flow-store.js'
import { authorize, type RestDeps } from './route-context.js'

/** Largest trace accepted. The body is parsed as it arrives, so this bounds time, not memory. */
export const MAX_PCAP_BYTES = 1024 * 1024 * 1024

const WHAT = 'Cannot import the pcap trace'
const SPLIT = 'split it with `editcap -c <packets>` and upload the parts'

/** Registers POST /api/pcap, writing into `store`. */
export function pcapRoutes(router: Router, d: RestDeps, store: AnalyzerFlowStore): void {
  router.on('POST', '/api/pcap', async (ctx) => {
    authorize(d, ctx, 'pcap', 'write')
    const declared = Number(ctx.req.headers['content-length'] ?? NaN)
    // Refused before reading: Node still reads and discards the body, so the client sees the 413.
    if (declared > MAX_PCAP_BYTES) throw new HttpError(413, `${WHAT}: it is ${declared} bytes, more than the ${MAX_PCAP_BYTES} an upload may hold; ${SPLIT}`)
    const { flowsFromStream } = await import('../../capture/index.js')
    const counted = { bytes: 0 }
    // Quirk (flows spec §4.3): upstream decodes uploads with ExtraTCPMetric, IPDefrag and
    // ReassembleTCP off; we use `skydive capture file`'s options so both give the same flows.
    const r = await flowsFromStream(limitBytes(ctx.req, MAX_PCAP_BYTES, counted), { maxEntries: d.config.flow.max_entries })
      .catch((err: unknown) => {
        // the rest of an oversized body is not read: close the connection after the answer
        if (err instanceof HttpError && err.status === 413) ctx.res.setHeader('Connection', 'close')
        throw err
      })
    if (counted.bytes === 0) throw new HttpError(400, `${WHAT}: the request body is empty: send the bytes of a pcap or pcapng file`)
    if (r.error) throw new HttpError(400, `${WHAT}: ${r.error.message}; no flow was stored`)
    // Decoded whole: only now does the store change. The flows are turned into JSON objects in
    // slices so that a big trace (500,000 flows take seconds) does not stall other requests.
    const flows: WireFlow[] = []
    for (const f of r.table.flows('created')) {
      if (flows.push(f) % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    store.add(flows)
    const answer: WirePcapUpload = {
      ...(r.format ? { Format: r.format } : {}), Packets: r.packets, Flows: flows.length, FlowsDropped: r.table.stats.FlowDropped, Store: store.status(),
    }
    d.log.info('Pcap trace imported', { user: ctx.user, bytes: counted.bytes, packets: r.packets, flows: flows.length })
    sendJson(ctx.req, ctx.res, 202, answer)
  })
}

/**
 * Passes `source` through, counting bytes into `counted`; past `max` bytes it throws a 413. A
 * body cut off by the client becomes a 400 instead of a logged server error.
 */
export async function* limitBytes(source: AsyncIterable<Uint8Array>, max: number, counted: { bytes: number }): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]()
  for (;;) {
    let next: IteratorResult<Uint8Array>
    try {
      next = await it.next()
    } catch (err) {
      throw new HttpError(400, `${WHAT}: the upload stopped after ${counted.bytes} bytes: ${(err as Error).message}`, { cause: err })
    }
    if (next.done) return
    counted.bytes += next.value.length
    if (counted.bytes > max) throw new HttpError(413, `${WHAT}: it holds more than the ${max} bytes an upload may hold; ${SPLIT}`)
    yield next.value
  }
}
