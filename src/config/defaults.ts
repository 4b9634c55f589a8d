/**
 * Default configuration (upstream `config/config.go`). Typed `Required<ConfigShape>` so a key
 * added to the shape without a default fails to compile.
 */
import { DEFAULT_MAX_ENTRIES } from '../core/flow/flow-options.js'
import type { AuthSection, ConfigShape } from './types.js'

/** Defaults of one `auth.<name>` section. */
export const AUTH_SECTION_DEFAULTS: Required<AuthSection> = {
  type: 'noauth',
  file: '',
  users: {},
  role: 'admin',
  auth_url: '',
  tenant_name: 'admin',
  domain_name: 'Default',
}

/** The default configuration; `hostId` is the OS hostname in practice. */
export function defaultConfig(hostId: string): Required<ConfigShape> {
  return {
    host_id: hostId,
    analyzers: [],
    analyzer: {
      listen: '127.0.0.1:8082',
      auth: { api: { backend: 'noauth' }, cluster: { backend: 'noauth', username: '', password: '' } },
      topology: { backend: 'memory', probes: [], fabric: [] },
      flow: { backend: 'memory', max_buffer_size: 100_000 },
      startup: { capture_gremlin: '', capture_bpf: '', capture_type: '' },
    },
    agent: {
      listen: '127.0.0.1:8081',
      auth: { api: { backend: 'noauth' }, cluster: { username: '', password: '' } },
      topology: {
        // Upstream's code default is [ovsdb]; its example file enables none. We start with none
        // so an agent on a host without OVS does not log a failing probe.
        probes: [],
        netns: { run_path: '/var/run/netns' },
        socketinfo: { host_update: 10 },
        netlink: { metrics_update: 30 },
        docker: { url: 'unix:///var/run/docker.sock', netns: { run_path: '/var/run/docker/netns' } },
      },
      flow: { probes: ['gopacket', 'pcapsocket'] },
      capture: { stats_update: 1 },
      metadata: {},
    },
    flow: {
      protocol: 'udp',
      expire: 600,
      update: 60,
      max_entries: DEFAULT_MAX_ENTRIES,
      default_layer_key_mode: 'L2',
      application_timeout: { arp: 10, dns: 10 },
    },
    http: {
      ws: { ping_delay: 2, pong_timeout: 5, queue_size: 10_000, enable_write_compression: true },
      cookie: {},
    },
    tls: { server_cert: '', server_key: '', client_cert: '', client_key: '', ca_cert: '', require_client_cert: false },
    auth: {
      noauth: { ...AUTH_SECTION_DEFAULTS, type: 'noauth' },
      basic: { ...AUTH_SECTION_DEFAULTS, type: 'basic' },
      keystone: { ...AUTH_SECTION_DEFAULTS, type: 'keystone' },
    },
    rbac: { policy: [] },
    logging: { level: 'info', backends: ['stderr'] },
  }
}
