/**
 * @module capture
 * Packet sources that feed core/flow: capture files (pcap, pcapng) read in constant memory,
 * and uploaded traces (byte streams) through the same flow pipeline.
 * Live captures will join here.
 */
export { readPcapFile, type ReadPcapOptions, type ReadPcapResult } from './pcap-file.js'
export { flowsFromFile, type FlowsFromFileOptions, type FlowsFromFileResult } from './flows-from-file.js'
export { flowsFromStream } from './flows-from-stream.js'
export { createFlowPipeline, type FlowPipeline, type FlowPipelineOptions } from './flow-pipeline.js'
export { readFileFlows, type FileFlows, type FileFlowsOptions } from './file-flows.js'
export { compileBpf, type BpfCheck } from './bpf-filter.js'
