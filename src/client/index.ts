/**
 * @module client
 * Talking to an analyzer: the REST client used by every client command and test, a
 * WebSocket client, and the agent's topology publisher.
 */
export { createAnalyzerClient, analyzerUrl, type AnalyzerClient, type CaptureResource, type ClientOptions, type ClientResponse, type RequestOptions } from './analyzer-client.js'
export { connectWs, type WsClient, type WsClientOptions } from './ws-client.js'
export { createTopologyPublisher, agentTopologyUrl, type TopologyPublisher, type TopologyPublisherOptions } from './ws-publisher.js'
