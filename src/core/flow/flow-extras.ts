/**
 * What a flow holds besides numbers (flow-record.ts): extra layers, raw packets and buffered
 * TCP segments. Most flows never need one; it is created on first use.
 */
import type { Page, PageStore } from './tcp-reassembly.js'

/** Raw packet kept for a flow (spec/flows.md §3.12). */
export interface RawPacket { Timestamp: number; Index: number; Data: Uint8Array; LinkType: number }

/** Per-flow objects, by slot. */
export class FlowExtras implements PageStore {
  dhcpv4: Record<string, unknown> | undefined = undefined
  dns: Record<string, unknown> | undefined = undefined
  vrrp: Record<string, unknown> | undefined = undefined
  rawPacketsCaptured = 0
  rawPackets: RawPacket[] = []
  /** out-of-order TCP segments waiting for a gap, by direction */
  pagesAB: Page[] | null = null
  pagesBA: Page[] | null = null
}
