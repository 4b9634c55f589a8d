/**
 * The Gremlin texts flow-matrix sends, byte for byte as upstream skydive-flow-matrix builds
 * them (spec/api.md §0.a.3), so an upstream analyzer answers them alike.
 */
import { SkydiveError } from '../errors.js'

/** Time context of the queries (`--at`, `--duration`). */
export interface MatrixTime {
  /** Gremlin time point, e.g. "-10m", an RFC 1123 date or Unix seconds; "" or absent = live */
  at?: string
  /** seconds before `at` to include; 0 or absent = a time point */
  duration?: number
}

/**
 * `Context('<at>').` or `Context('<at>', <duration>).` or "" (upstream `get_context`).
 * Throws SkydiveError('bad-usage') for text the Gremlin scanner cannot hold in quotes.
 */
export function matrixContext(time: MatrixTime = {}): string {
  const at = time.at ?? ''
  if (at === '') return ''
  if (/['"\\\n]/.test(at)) {
    throw new SkydiveError('bad-usage', `Cannot use --at "${at}": quotes, backslashes and newlines cannot appear in a Gremlin time`,
      "use a duration like -10m, Unix seconds, or an RFC 1123 date such as 'Mon, 02 Jan 2006 15:04:05 UTC'")
  }
  const duration = time.duration ?? 0
  if (!Number.isInteger(duration) || duration < 0) {
    throw new SkydiveError('bad-usage', `Cannot use --duration "${duration}": expected a whole number of seconds`)
  }
  return duration === 0 ? `Context('${at}').` : `Context('${at}', ${duration}).`
}

/** Host nodes with sockets: `G.<ctx>V().Has('Type', 'host').HasKey('Sockets')`. */
export function hostsQuery(time?: MatrixTime): string {
  return `G.${matrixContext(time)}V().Has('Type', 'host').HasKey('Sockets')`
}

/** The host owning an address: `G.<ctx>V().Has('IPV4', IPV4Range('<ip>/32')).In('Type', 'host')`. */
export function hostByAddressQuery(address: string, time?: MatrixTime): string {
  return `G.${matrixContext(time)}V().Has('IPV4', IPV4Range('${address}/32')).In('Type', 'host')`
}

/** Sockets of every flow with a transport layer: `G.<ctx>Flows().Has('Transport', NE('')).Sockets()`. */
export function flowSocketsQuery(time?: MatrixTime): string {
  return `G.${matrixContext(time)}Flows().Has('Transport', NE('')).Sockets()`
}
