/**
 * Who is logged in and what they may do: the `permissions` cookie or the /login reply
 * (spec/api.md §2.1–§2.3). Without any permission list (noauth) everything is allowed.
 */

/** One permission entry, as /login returns it. */
export interface Permission { Object: string; Action: string; Allowed: boolean }

/** Reads the `permissions` cookie (base64 of a JSON list); undefined when absent or unreadable. */
export function permissionsFromCookie(cookie: string): Permission[] | undefined {
  const raw = cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('permissions='))
  if (!raw) return undefined
  try {
    const value = decodeURIComponent(raw.slice('permissions='.length))
    const list: unknown = JSON.parse(atob(value))
    return Array.isArray(list) ? (list as Permission[]) : undefined
  } catch {
    return undefined
  }
}

/** True when `perms` allow `action` on `object` (no list = noauth = allowed; deny wins). */
export function can(perms: readonly Permission[] | undefined, object: string, action: 'read' | 'write'): boolean {
  if (!perms) return true
  const matching = perms.filter((p) => p.Object === object && p.Action === action)
  return matching.length > 0 && matching.every((p) => p.Allowed)
}
