/**
 * @module capture
 * Packet sources that feed core/flow: capture files (pcap, pcapng) read in constant memory.
 * Live captures will join here.
 */
export { readPcapFile, type ReadPcapOptions, type ReadPcapResult } from './pcap-file.js'
export { flowsFromFile, type FlowsFromFileOptions, type FlowsFromFileResult } from './flows-from-file.js'
