// The answer of POST /api/pcap (spec/api.md §3.1). Upstream sends 202 with no body; ours
// describes what the trace held, and old clients that ignore the body are unaffected.

/** Counters of the analyzer's flow store (also GET /api/status `Flows`). */
export interface WireFlowStoreStatus {
  /** flows held */
  Count: number
  /** analyzer.flow.max_buffer_size */
  MaxBufferSize: number
  /** flows dropped since start, oldest first, because the store was full */
  Dropped: number
}

/** Body of the 202 answer to an uploaded trace. */
export interface WirePcapUpload {
  /** file format recognised; absent for a trace with no header (never answered 202) */
  Format?: 'pcap' | 'pcapng'
  Packets: number
  /** flows of the trace, all now in the store (they may have pushed older flows out) */
  Flows: number
  /** flows the trace's own table dropped past flow.max_entries */
  FlowsDropped: number
  /** the store after the upload */
  Store: WireFlowStoreStatus
}
