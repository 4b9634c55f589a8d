/**
 * Role-based access control in the shape of upstream's casbin model (spec/api.md §2.3):
 * `p, subject, object, action[, allow|deny]` and `g, user, role`; a deny wins over an allow,
 * anything not allowed is denied.
 */
import { SkydiveError } from '../../core/errors.js'

/** One entry of the permission list sent to clients at login. */
export interface Permission {
  Object: string
  Action: string
  Allowed: boolean
}

const WS_PATHS = ['/ws/agent/topology', '/ws/agent/flow', '/ws/subscriber/flow', '/ws/publisher', '/ws/replication', '/ws/subscriber', '/ws/pubsub']
const ADMIN_RW = ['alert', 'capture', 'injectpacket', 'workflow', 'node', 'noderule', 'edge', 'edgerule']

/** Upstream's bundled policy (`rbac/policy.csv`). */
export const BUILTIN_POLICY: readonly string[] = [
  ...ADMIN_RW.flatMap((o) => [`p, admin, ${o}, read, allow`, `p, admin, ${o}, write, allow`]),
  'p, admin, capture, rawpackets, allow', 'p, admin, config, read, allow', 'p, admin, pcap, write, allow',
  'p, admin, status, read, allow', 'p, admin, topology, read, allow', 'p, admin, workflow.call, write, allow',
  ...WS_PATHS.map((p) => `p, admin, websocket, ${p}, allow`),
  ...['alert', 'capture', 'injectpacket', 'workflow'].flatMap((o) => [`p, guest, ${o}, read, deny`, `p, guest, ${o}, write, deny`]),
  'p, guest, capture, rawpackets, deny', 'p, guest, config, read, deny', 'p, guest, pcap, write, deny',
  'p, guest, status, read, allow', 'p, guest, topology, read, allow',
  ...WS_PATHS.filter((p) => p !== '/ws/subscriber' && p !== '/ws/pubsub').map((p) => `p, guest, websocket, ${p}, deny`),
  'p, guest, websocket, /ws/subscriber, allow',
]

interface Rule {
  sub: string
  obj: string
  act: string
  allow: boolean
}

/** The policy of one analyzer. */
export class Rbac {
  readonly #rules: Rule[] = []
  readonly #roles = new Map<string, Set<string>>()

  /** Builds from the built-in policy plus `extra` lines (config `rbac.policy`); a bad line is `config-invalid`. */
  constructor(extra: readonly string[] = []) {
    for (const line of BUILTIN_POLICY) this.#addLine(line, -1)
    extra.forEach((line, i) => this.#addLine(line, i + 1))
  }

  #addLine(line: string, n: number): void {
    const f = line.split(',').map((s) => s.trim())
    if (f.length === 1 && f[0] === '') return
    if (f[0] === 'p' && (f.length === 4 || f.length === 5) && f.slice(1, 4).every(Boolean) && (f.length === 4 || f[4] === 'allow' || f[4] === 'deny')) {
      this.#rules.push({ sub: f[1]!, obj: f[2]!, act: f[3]!, allow: f[4] !== 'deny' })
    } else if (f[0] === 'g' && f.length === 3 && f[1] && f[2]) {
      this.addRole(f[1], f[2])
    } else {
      throw new SkydiveError('config-invalid', `Invalid configuration key "rbac.policy" line ${n} "${line}": expected "p, subject, object, action[, allow|deny]" or "g, user, role"`)
    }
  }

  /** Gives `user` a role (casbin `g, user, role`). */
  addRole(user: string, role: string): void {
    let set = this.#roles.get(user)
    if (!set) this.#roles.set(user, (set = new Set()))
    set.add(role)
  }

  /** The user's roles, transitively. */
  rolesOf(user: string): string[] {
    const out = new Set<string>()
    const visit = (u: string) => {
      for (const r of this.#roles.get(u) ?? []) if (!out.has(r)) { out.add(r); visit(r) }
    }
    visit(user)
    return [...out]
  }

  /** True when the user has a role or a rule of its own. */
  isKnown(user: string): boolean {
    return this.#roles.has(user) || this.#rules.some((r) => r.sub === user)
  }

  /** Casbin "allow unless denied, deny by default" over the user, its roles and `extraRoles` (granted for this check only). */
  enforce(user: string, obj: string, act: string, extraRoles: readonly string[] = []): boolean {
    const subjects = new Set([user, ...this.rolesOf(user), ...extraRoles])
    let allowed = false
    for (const r of this.#rules) {
      if (!subjects.has(r.sub) || r.obj !== obj || r.act !== act) continue
      if (!r.allow) return false
      allowed = true
    }
    return allowed
  }

  /** Effective permissions of a user, as sent at login (later rules override earlier ones). */
  permissionsOf(user: string): Permission[] {
    const subjects = [...this.rolesOf(user), user]
    const out = new Map<string, Permission>()
    for (const sub of subjects) {
      for (const r of this.#rules) if (r.sub === sub) out.set(`${r.obj} ${r.act}`, { Object: r.obj, Action: r.act, Allowed: r.allow })
    }
    return [...out.values()]
  }
}
