/**
 * Configuration shapes. Key names are upstream Skydive's (`skydive.yml`, spec/api.md §7.3,
 * spec/topology.md §5) because users copy their files over; durations are in seconds as
 * upstream documents them.
 */

/** One `auth.<name>` section (spec/api.md §2.1). */
export interface AuthSection {
  /** backend kind */
  type: 'noauth' | 'basic' | 'keystone'
  /** htpasswd file (bcrypt hashes) for `basic` */
  file: string
  /** inline users for `basic`: user -> password (plain text, or a bcrypt hash) */
  users: Record<string, string>
  /** role given to users of this backend that have none in the RBAC policy */
  role: string
  auth_url: string
  tenant_name: string
  domain_name: string
}

/** Every key the TypeScript Skydive understands, all present once resolved. */
export interface ConfigShape {
  /** identity: X-Host-ID, Host, Origin suffix; default the OS hostname */
  host_id: string
  /** `addr:port` of the analyzers an agent connects to */
  analyzers: string[]
  analyzer: {
    /** REST/WS/UI listener, `host:port` */
    listen: string
    auth: {
      api: { backend: string }
      cluster: { backend: string; username: string; password: string }
    }
    topology: {
      backend: string
      /** extra analyzer probes (k8s, istio, ovn, ovnk8s); fabric and peering always run */
      probes: string[]
      /** static fabric lines (spec/api.md §7.4) */
      fabric: string[]
    }
    flow: { backend: string; max_buffer_size: number }
    startup: { capture_gremlin: string; capture_bpf: string; capture_type: string }
  }
  agent: {
    listen: string
    auth: {
      api: { backend: string }
      cluster: { username: string; password: string }
    }
    topology: {
      probes: string[]
      netns: { run_path: string }
      socketinfo: { host_update: number }
      netlink: { metrics_update: number }
      docker: { url: string; netns: { run_path: string } }
    }
    flow: { probes: string[] }
    capture: { stats_update: number }
    /** merged into the host node's metadata */
    metadata: Record<string, unknown>
  }
  flow: {
    protocol: 'udp' | 'websocket'
    /** seconds */
    expire: number
    /** seconds */
    update: number
    max_entries: number
    default_layer_key_mode: 'L2' | 'L3'
    application_timeout: { arp: number; dns: number }
  }
  http: {
    ws: {
      /** seconds between server pings */
      ping_delay: number
      /** seconds; a peer is dropped after ping_delay + pong_timeout without a pong */
      pong_timeout: number
      queue_size: number
      enable_write_compression: boolean
    }
    /** extra cookies Go clients send */
    cookie: Record<string, string>
  }
  tls: {
    server_cert: string
    server_key: string
    client_cert: string
    client_key: string
    ca_cert: string
    require_client_cert: boolean
  }
  /** auth backends by name; `noauth`, `basic`, `keystone` are predefined */
  auth: Record<string, AuthSection>
  rbac: {
    /** extra casbin lines, e.g. `p, myuser, capture, write, deny` */
    policy: string[]
  }
  logging: {
    level: 'debug' | 'info' | 'warn' | 'error'
    backends: string[]
  }
}

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T
type DeepPartial<T> = T extends unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T

/** The complete, frozen configuration every component reads a slice of. */
export type ResolvedConfig = DeepReadonly<ConfigShape>

/** What a user may write (YAML, or programmatically): every key optional. */
export type UserConfig = DeepPartial<ConfigShape>
