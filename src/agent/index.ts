/**
 * @module agent
 * The agent process: discovers its host's topology with the probes and pushes it, live,
 * to every configured analyzer.
 */
export { startAgent, type Agent, type AgentOptions } from './start-agent.js'
export { selectProbes, DEFAULT_PROBES, type ProbeSelection } from './probe-names.js'
