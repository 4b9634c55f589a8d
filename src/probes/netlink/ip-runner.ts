/**
 * Runs iproute2 inside a network namespace: JSON dumps and the `ip monitor` event stream.
 * Node has no netlink binding, so the `ip` binary is our netlink client (README, dependency
 * table); `nsenter --net=PATH` enters namespaces that have no name under /var/run/netns.
 */
import { execFile, spawn } from 'node:child_process'
import { readFile, readlink } from 'node:fs/promises'
import { basename } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { SkydiveError } from '../../core/errors.js'
import type { IpLink, IpNeighbor, IpNsid, IpRoute, NamespaceDump } from './ip-json.js'
import { type DumpPart, monitorLinePart } from './monitor-line.js'

const run = promisify(execFile)

/**
 * Set in the environment of every `ip`/`nsenter` the agent starts. These sit inside the
 * namespaces they watch, so another agent on the host must not take them for processes
 * living there: two agents would keep each other's deleted namespaces alive forever.
 */
export const IP_HELPER_ENV = 'IP_HELPER_OF_SKYDIVE_AGENT'
const helperEnv = { ...process.env, [IP_HELPER_ENV]: '1' }

/** argv running `ip args` in the namespace at `nsPath` (null: the agent's own). */
function ipArgv(nsPath: string | null, args: string[]): [string, string[]] {
  return nsPath ? ['nsenter', [`--net=${nsPath}`, 'ip', ...args]] : ['ip', args]
}

async function ipJson<T>(nsPath: string | null, args: string[]): Promise<T[]> {
  const [cmd, argv] = ipArgv(nsPath, ['-j', ...args])
  try {
    const { stdout } = await run(cmd, argv, { maxBuffer: 256 * 1024 * 1024, env: helperEnv })
    const text = stdout.trim()
    return text === '' ? [] : (JSON.parse(text) as T[])
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string }
    const why = e.code === 'ENOENT' ? `"${cmd}" is not installed` : (e.stderr?.trim() || e.message)
    throw new SkydiveError('probe-failed', `Cannot run "ip ${args.join(' ')}" in namespace "${nsPath ?? 'own'}": ${why}`,
      'install iproute2 (scripts/setup.sh does)', { cause: err })
  }
}

/** Driver of physical devices, from sysfs (what ethtool reports). */
async function driversOf(links: readonly IpLink[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  await Promise.all(links.filter((l) => l.parentbus && l.parentdev).map(async (l) => {
    try {
      out[l.ifname] = basename(await readlink(`/sys/bus/${l.parentbus}/devices/${l.parentdev}/driver`))
    } catch { /* device without a bound driver */ }
  }))
  return out
}

/** Link speed (Mb/s) of physical devices; sysfs only shows the reader's own namespace. */
async function speedsOf(links: readonly IpLink[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  await Promise.all(links.filter((l) => l.parentdev).map(async (l) => {
    try {
      const v = Number((await readFile(`/sys/class/net/${l.ifname}/speed`, 'utf8')).trim())
      if (Number.isFinite(v) && v > 0) out[l.ifname] = v
    } catch { /* EINVAL when the link is down */ }
  }))
  return out
}

/** Dumps the requested parts of a namespace. */
export async function dumpNamespace(nsPath: string | null, parts: ReadonlySet<DumpPart>): Promise<Partial<NamespaceDump>> {
  const out: Partial<NamespaceDump> = {}
  const jobs: Promise<void>[] = []
  if (parts.has('links')) {
    jobs.push((async () => {
      const links = await ipJson<IpLink>(nsPath, ['-d', '-s', '-s', 'addr', 'show'])
      out.links = links
      const needNsids = links.some((l) => l.link_netnsid !== undefined)
      ;[out.drivers, out.speeds, out.nsids] = await Promise.all([
        driversOf(links),
        nsPath ? Promise.resolve({}) : speedsOf(links),
        needNsids ? ipJson<IpNsid>(nsPath, ['netns', 'list-id']) : Promise.resolve([]),
      ])
    })())
  }
  if (parts.has('routes')) {
    jobs.push((async () => {
      const [v4, v6] = await Promise.all([
        ipJson<IpRoute>(nsPath, ['-N', '-4', 'route', 'show', 'table', 'all']),
        ipJson<IpRoute>(nsPath, ['-N', '-6', 'route', 'show', 'table', 'all']),
      ])
      out.routes = [...v4, ...v6]
    })())
  }
  if (parts.has('neighbors')) {
    jobs.push((async () => { out.neighbors = await ipJson<IpNeighbor>(nsPath, ['neigh', 'show']) })())
  }
  await Promise.all(jobs)
  return out
}

/** A running `ip monitor`. */
export interface IpMonitor {
  stop(): void
}

/**
 * Follows link, address, route and neighbour events of a namespace. `onEvent` gets the dump
 * part to refresh; `onExit` is called if the monitor dies on its own (namespace gone).
 */
export function monitorNamespace(nsPath: string | null, onEvent: (part: DumpPart) => void, onExit: (reason: string) => void): IpMonitor {
  const [cmd, argv] = ipArgv(nsPath, ['monitor', 'label', 'link', 'address', 'route', 'neigh', 'nsid'])
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: helperEnv })
  let stopped = false
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-500) })
  createInterface({ input: child.stdout }).on('line', (line) => {
    const part = monitorLinePart(line)
    if (part) onEvent(part)
  })
  child.on('error', (err) => { if (!stopped) onExit(err.message) })
  child.on('exit', (code, signal) => {
    if (!stopped) onExit(stderr.trim() || `exited with ${signal ?? code}`)
  })
  return {
    stop() {
      stopped = true
      child.kill()
    },
  }
}
