/**
 * @module client
 * Talking to an analyzer: the REST client for CLI commands and the WebSocket publisher
 * agents push their host graph with.
 */
export { createTopologyPublisher, agentTopologyUrl, type TopologyPublisher, type TopologyPublisherOptions } from './ws-publisher.js'
