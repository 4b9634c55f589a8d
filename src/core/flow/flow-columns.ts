/**
 * Flat views of a flow for CSV and for a human-readable table. Column names of the CSV are
 * the dotted field paths users type in Gremlin filters (spec/api.md §5.5).
 */
import type { WireFlow } from '../../wire/index.js'

type Cell = string | number

/** Every scalar of a flow worth a CSV column, in JSON order. */
export const CSV_COLUMNS: ReadonlyArray<readonly [string, (f: WireFlow) => Cell | undefined]> = [
  ['UUID', (f) => f.UUID],
  ['LayersPath', (f) => f.LayersPath],
  ['Application', (f) => f.Application],
  ['Link.A', (f) => f.Link?.A],
  ['Link.B', (f) => f.Link?.B],
  ['Link.ID', (f) => f.Link?.ID],
  ['Network.Protocol', (f) => f.Network?.Protocol],
  ['Network.A', (f) => f.Network?.A],
  ['Network.B', (f) => f.Network?.B],
  ['Network.ID', (f) => f.Network?.ID],
  ['Transport.Protocol', (f) => f.Transport?.Protocol],
  ['Transport.A', (f) => f.Transport?.A],
  ['Transport.B', (f) => f.Transport?.B],
  ['ICMP.Type', (f) => f.ICMP?.Type],
  ['ICMP.Code', (f) => f.ICMP && (f.ICMP.Code ?? 0)],
  ['ICMP.ID', (f) => f.ICMP && (f.ICMP.ID ?? 0)],
  ['Metric.ABPackets', (f) => f.Metric.ABPackets],
  ['Metric.ABBytes', (f) => f.Metric.ABBytes],
  ['Metric.BAPackets', (f) => f.Metric.BAPackets],
  ['Metric.BABytes', (f) => f.Metric.BABytes],
  ['Metric.RTT', (f) => f.Metric.RTT ?? 0],
  ['Start', (f) => f.Start],
  ['Last', (f) => f.Last],
  ['TrackingID', (f) => f.TrackingID],
  ['L3TrackingID', (f) => f.L3TrackingID],
  ['ParentUUID', (f) => f.ParentUUID],
  ['FinishType', (f) => f.FinishType ?? 0],
  ['CommunityID', (f) => f.CommunityID],
]

/** One CSV row (empty cells for absent fields). */
export function csvRow(f: WireFlow): Cell[] {
  return CSV_COLUMNS.map(([, get]) => get(f) ?? '')
}

/** Header and cells of the table printed for people. */
export const TABLE_HEADER = ['APPLICATION', 'A', 'B', 'A→B', 'B→A', 'RTT', 'START (UTC)', 'TRACKINGID'] as const

/** One table row: endpoints as "ip:port" (or MAC without IP), counters as "packets/bytes". */
export function tableRow(f: WireFlow): string[] {
  const ep = (side: 'A' | 'B'): string => {
    const ip = f.Network?.[side]
    const host = ip ? (ip.includes(':') ? `[${ip}]` : ip) : f.Link?.[side] ?? ''
    return f.Transport ? `${host}:${f.Transport[side]}` : host
  }
  const m = f.Metric
  return [
    f.Application ?? '', ep('A'), ep('B'), `${m.ABPackets}/${m.ABBytes}`, `${m.BAPackets}/${m.BABytes}`,
    m.RTT ? `${(m.RTT / 1e6).toFixed(3)}ms` : '', new Date(f.Start).toISOString().replace('T', ' ').slice(0, 23),
    f.TrackingID ?? '',
  ]
}

/** Left-aligned columns separated by two spaces. */
export function formatTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h) => h.length)
  for (const r of rows) r.forEach((c, i) => { if (c.length > widths[i]!) widths[i] = c.length })
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}
