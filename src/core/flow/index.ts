/**
 * @module core/flow
 * Packets to Skydive flows (spec/flows.md): the pcap/pcapng record parser, the zero-copy
 * packet decoder, flow keys and ids, the flow table with its ticks, Community ID, and a
 * bounded flow store for the analyzer. Pure: no I/O; time comes from a Clock.
 *
 * Upstream quirks of spec §6, all reproduced so the conformance values of §5 hold; each is
 * tagged `Quirk (flows spec §6.n)` where it is decided: 1 flow-create.ts, 2/4/5/7
 * flow-update.ts, 3 flow-lookup-key.ts, 5 sub-packet.ts, 6/9 flow-table.ts, 8 flow-create.ts,
 * 10 to-wire.ts and dns.ts.
 * Quirk (flows spec §6.11): sFlow samples count once each, without the sampling rate; there
 * is no sFlow source yet, and whoever adds one feeds addPacket() once per sample (as upstream).
 */
export { FlowTable, type FlowTableStats } from './flow-table.js'
export { DEFAULT_MAX_ENTRIES, EXTRA_LAYERS, type ExtraLayer, type FlowTableOptions, type ResolvedFlowTableOptions } from './flow-options.js'
export { loadXxhash64, type Hash64 } from './xxhash64.js'
export { communityId, type CommunityTuple } from './community-id.js'
export { PacketDecoder, firstLayerOf, type DecoderOptions } from './decoder.js'
export { DecodedFrame } from './decoded-frame.js'
export { L as LAYER, layerName } from './layer-types.js'
export { MemoryFlowStore } from './memory-flow-store.js'
export { PcapParser, MAX_RECORD, type PacketSink, type PcapBulk, type PcapBulkResult } from './pcap-parser.js'
export { PcapInvalidError } from './pcap-error.js'
export { CSV_COLUMNS, TABLE_HEADER, csvRow, tableRow, formatTable } from './flow-columns.js'
export { ShardKeys, UNSHARDABLE } from './shard-key.js'
export { DEFRAG_MAX_PENDING } from './ip-defrag.js'
