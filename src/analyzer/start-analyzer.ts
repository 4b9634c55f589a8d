/**
 * Starts an analyzer: the merged graph, the REST API, the WebSocket endpoints, auth, the
 * static fabric and the rules, on one HTTP(S) listener. The only place that wires them.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { type Server, createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { type ResolvedConfig, parseAddress } from '../config/index.js'
import { SkydiveError } from '../core/errors.js'
import { Graph } from '../core/graph/index.js'
import type { Clock, Logger } from '../core/ports.js'
import { FabricLinker, parseFabric } from '../core/topology/index.js'
import { createStderrLogger, systemClock } from '../runtime/index.js'
import { AuthService } from './auth/auth-service.js'
import { createBpfCheck } from './bpf-check.js'
import { Rbac } from './auth/rbac.js'
import { type AnalyzerFlowStore, createAnalyzerFlowStore } from './flow-store.js'
import { type FallbackHandler, createHttpApp } from './http-app.js'
import { Router } from './http/router.js'
import { captureKind } from './resources/capture.js'
import { RESOURCE_KINDS, type Resource, type ResourceContext, ResourceStore } from './resources/index.js'
import { apiRoutes } from './rest/api-routes.js'
import { elementRoutes } from './rest/element-routes.js'
import { flowMatrixRoutes } from './rest/flow-matrix-routes.js'
import { pcapRoutes } from './rest/pcap-routes.js'
import { resourceRoutes } from './rest/resource-routes.js'
import type { RestDeps } from './rest/route-context.js'
import { topologyRoutes } from './rest/topology-routes.js'
import { RulesManager } from './rules-manager.js'
import { createStaticUi } from './static-ui.js'
import { createWsEndpoints } from './ws/endpoints.js'
import { Hub } from './ws/hub.js'

/** Optional parts a caller (allinone, tests, later issues) may supply. */
export interface AnalyzerOptions {
  /** default: stderr logger at `logging.level` */
  logger?: Logger
  clock?: Clock
  /** where Flows() reads and uploaded traces (later live captures) write; default: in memory, analyzer.flow.max_buffer_size */
  flows?: AnalyzerFlowStore
  /** answers paths outside /api, /login and /ws; default: the web UI bundle (dist/ui, static-ui.ts) */
  fallback?: FallbackHandler
}

/** A running analyzer. */
export interface Analyzer {
  /** the bound address (port resolved when the config asked for port 0) */
  readonly address: { host: string; port: number }
  /** `http://host:port` or `https://…` */
  readonly url: string
  readonly graph: Graph
  /** the flows that Flows() queries answer from */
  readonly flows: AnalyzerFlowStore
  /** WebSocket connections: status, requests to agents, namespace handlers */
  readonly hub: Hub
  /** capture, alert, noderule, edgerule, injectpacket, workflow */
  readonly stores: ReadonlyMap<string, ResourceStore>
  /** add REST routes (they get auth like the others) */
  readonly router: Router
  /** closes every connection and the listener */
  stop(): Promise<void>
}

/**
 * Starts an analyzer on `config.analyzer.listen`.
 * @example
 * const analyzer = await startAnalyzer(await loadConfig({ flags: { 'analyzer.listen': '127.0.0.1:0' } }))
 * console.log(analyzer.url); await analyzer.stop()
 */
export async function startAnalyzer(config: ResolvedConfig, opts: AnalyzerOptions = {}): Promise<Analyzer> {
  const log = opts.logger ?? createStderrLogger('analyzer', config.logging.level)
  const clock = opts.clock ?? systemClock
  const graph = new Graph({ clock, host: config.host_id, origin: `analyzer.${config.host_id}` })
  const rbac = new Rbac(config.rbac.policy)
  const auth = new AuthService(config, rbac, log)
  const hub = new Hub(graph)
  const stores = new Map(RESOURCE_KINDS.map((k) => [k.name, new ResourceStore(k.name)]))
  const router = new Router()
  const flows = opts.flows ?? createAnalyzerFlowStore(config, log)
  const checkBpf = createBpfCheck(log)
  const deps: RestDeps = { config, graph, hub, auth, rbac, log, clock, flows, stores, checkBpf }
  apiRoutes(router, deps)
  topologyRoutes(router, deps)
  elementRoutes(router, deps)
  for (const kind of RESOURCE_KINDS) resourceRoutes(router, deps, kind)
  flowMatrixRoutes(router, deps)
  pcapRoutes(router, deps, flows)

  for (const probe of config.analyzer.topology.probes) {
    log.warn(`Skipping analyzer probe "${probe}": not supported by this version (fabric and rules always run)`)
  }
  await startupCapture(config, stores.get('capture')!, { graph, config, flows, now: () => clock.now(), checkBpf }, log)
  const fabric = new FabricLinker(graph, parseFabric(config.analyzer.topology.fabric))
  fabric.start()
  const rules = new RulesManager(graph, stores.get('noderule')!, stores.get('edgerule')!, log, flows)
  rules.start()

  const ws = createWsEndpoints({
    graph, hub, auth, rbac, log, clock, flows, hostId: config.host_id,
    pingMs: config.http.ws.ping_delay * 1000,
    timeoutMs: (config.http.ws.ping_delay + config.http.ws.pong_timeout) * 1000,
    compression: config.http.ws.enable_write_compression,
    // Upstream queues http.ws.queue_size messages per peer; we allow that many 4 KiB messages.
    maxBufferedBytes: config.http.ws.queue_size * 4096,
  })
  const app = createHttpApp(router, auth, log, opts.fallback ?? createStaticUi())
  const tls = config.tls.server_cert !== ''
  const server: Server = tls ? createHttpsServer(tlsOptions(config), app) : createHttpServer(app)
  server.on('upgrade', (req, socket, head) => ws.handleUpgrade(req, socket, head))
  server.on('clientError', (_err, socket) => socket.destroy())
  // Node's 5 s default races clients that reuse an idle connection just as it closes.
  server.keepAliveTimeout = 30_000
  server.headersTimeout = 35_000

  const { host, port } = parseAddress(config.analyzer.listen)
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new SkydiveError('listen-failed', `Cannot listen on ${host}:${port}: ${err.code === 'EADDRINUSE' ? 'address already in use' : err.message}`,
        'choose another address with --listen or analyzer.listen', { cause: err })))
    server.listen(port, host, () => resolve())
  })
  const bound = { host, port: (server.address() as AddressInfo).port }
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${bound.port}`
  log.info('Analyzer listening', { url, host_id: config.host_id, auth: config.analyzer.auth.api.backend })

  let stopped: Promise<void> | undefined
  return {
    address: bound, url, graph, flows, hub, stores, router,
    stop() {
      stopped ??= (async () => {
        rules.stop()
        fabric.stop()
        ws.close()
        hub.close()
        for (const s of stores.values()) s.close()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        log.info('Analyzer stopped')
      })()
      return stopped
    },
  }
}

/** The capture of analyzer.startup.capture_gremlin/_bpf/_type, created at start when set. */
async function startupCapture(config: ResolvedConfig, store: ResourceStore, ctx: ResourceContext, log: Logger): Promise<void> {
  const s = config.analyzer.startup
  if (!s.capture_gremlin) return
  const invalid = (key: string, err: unknown) =>
    new SkydiveError('config-invalid', `Invalid configuration key "analyzer.startup.${key}": ${(err as Error).message}`, undefined, { cause: err })
  let capture: Resource
  try {
    capture = captureKind.build({ GremlinQuery: s.capture_gremlin, BPFFilter: s.capture_bpf, Type: s.capture_type }, randomUUID(), ctx)
  } catch (err) {
    throw invalid('capture_gremlin', err)
  }
  try {
    await captureKind.check?.(capture, ctx) // compiles BPFFilter
  } catch (err) {
    throw invalid('capture_bpf', err)
  }
  store.create(capture)
  log.info('Startup capture created', { gremlin: s.capture_gremlin })
}

function tlsOptions(config: ResolvedConfig): { cert: Buffer; key: Buffer; ca?: Buffer; requestCert: boolean } {
  const read = (key: string, file: string): Buffer => {
    try {
      return readFileSync(file)
    } catch (err) {
      throw new SkydiveError('config-invalid', `Invalid configuration key "${key}": cannot read "${file}": ${(err as Error).message}`, undefined, { cause: err })
    }
  }
  const t = config.tls
  return {
    cert: read('tls.server_cert', t.server_cert),
    key: read('tls.server_key', t.server_key),
    ...(t.ca_cert ? { ca: read('tls.ca_cert', t.ca_cert) } : {}),
    requestCert: t.require_client_cert,
  }
}
