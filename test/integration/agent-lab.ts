// Kernel objects and processes for the agent integration test: two network namespaces, each
// linked to a root-namespace bridge by a veth pair, a veth pair between the two namespaces,
// a real analyzer listening on the bridge address, a root agent and one agent per namespace.
// Every name starts with `sdt-agent-`; teardown() removes everything, also after a failure.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { resolve } from 'node:path'

export const BIN = resolve(import.meta.dirname, '../../bin/skydive')
export const NS1 = 'sdt-agent-n1'
export const NS2 = 'sdt-agent-n2'
export const BRIDGE = 'sdt-agent-br'
/** root-side veth ends, bridge members */
export const H1 = 'sdt-agent-h1'
export const H2 = 'sdt-agent-h2'
/** the namespace-to-namespace pair */
export const X1 = 'sdt-agent-x1'
export const X2 = 'sdt-agent-x2'
/** bridge address the analyzer listens on, reachable from both namespaces */
export const BRIDGE_IP = '10.231.4.1'
export const NS_IP: Record<string, string> = { [NS1]: '10.231.4.11', [NS2]: '10.231.4.12' }
export const NS_MAC: Record<string, string> = { [NS1]: '02:00:5e:31:04:11', [NS2]: '02:00:5e:31:04:12' }
export const NS_MTU = 1400
export const ANALYZER_PORT = 18_431
export const ANALYZER = `${BRIDGE_IP}:${ANALYZER_PORT}`

/** Runs a command, throwing with its stderr on failure. */
export function sh(cmd: string, ...args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function quiet(cmd: string, ...args: string[]): void {
  try { sh(cmd, ...args) } catch { /* already gone */ }
}

/** Why the test cannot run here, or undefined. */
export function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces, veth pairs and bridges'
  try { sh('ip', '-V') } catch { return 'iproute2 (ip) is not installed: run scripts/setup.sh' }
  return undefined
}

/** Creates the namespaces, veths and the bridge. */
export function setupNetwork(): void {
  teardownNetwork()
  sh('ip', 'link', 'add', BRIDGE, 'type', 'bridge')
  sh('ip', 'addr', 'add', `${BRIDGE_IP}/24`, 'dev', BRIDGE)
  sh('ip', 'link', 'set', BRIDGE, 'up')
  for (const [ns, host] of [[NS1, H1], [NS2, H2]] as const) {
    sh('ip', 'netns', 'add', ns)
    sh('ip', 'link', 'add', host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns)
    sh('ip', 'link', 'set', host, 'master', BRIDGE)
    sh('ip', 'link', 'set', host, 'up')
    sh('ip', '-n', ns, 'link', 'set', 'eth0', 'address', NS_MAC[ns]!, 'mtu', String(NS_MTU))
    sh('ip', '-n', ns, 'addr', 'add', `${NS_IP[ns]}/24`, 'dev', 'eth0')
    sh('ip', '-n', ns, 'link', 'set', 'eth0', 'up')
    sh('ip', '-n', ns, 'link', 'set', 'lo', 'up')
  }
  sh('ip', '-n', NS1, 'link', 'add', X1, 'type', 'veth', 'peer', 'name', X2, 'netns', NS2)
}

/** Removes every kernel object the lab made; safe to call twice. */
export function teardownNetwork(): void {
  quiet('ip', 'netns', 'del', NS1)
  quiet('ip', 'netns', 'del', NS2)
  quiet('ip', 'link', 'del', BRIDGE)
  quiet('ip', 'link', 'del', H1)
  quiet('ip', 'link', 'del', H2)
}

/** A spawned skydive process. */
export interface Proc {
  child: ChildProcess
  logs(): string
  exited: Promise<number | null>
  /** signal (default SIGTERM), then wait for the exit */
  stop(signal?: NodeJS.Signals): Promise<void>
}

/** Spawns `node bin/skydive ...args`, optionally inside a namespace. */
export function spawnSkydive(args: string[], opts: { netns?: string; env?: Record<string, string> } = {}): Proc {
  const argv = opts.netns ? ['netns', 'exec', opts.netns, process.execPath, BIN, ...args] : [BIN, ...args]
  const child = spawn(opts.netns ? 'ip' : process.execPath, argv, {
    env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
  return {
    child, exited, logs: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}

/** Starts the analyzer on the bridge address and waits until it listens. */
export async function startAnalyzer(): Promise<Proc> {
  const p = spawnSkydive(['analyzer', '--listen', ANALYZER, '--host-id', 'sdt-agent-analyzer'])
  await waitFor(() => p.logs().includes('Analyzer listening'), 20_000, () => p.logs())
  return p
}

/** Starts an agent (in `netns` when given) publishing to the lab analyzer. */
export function startAgentProc(hostId: string, probes: string, netns?: string): Proc {
  return spawnSkydive(['agent', '--analyzer', ANALYZER, '--host-id', hostId, '--probes', probes], {
    ...(netns ? { netns } : {}),
    // a 1 s socket refresh keeps the socket test short
    env: { SKYDIVE_AGENT_TOPOLOGY_SOCKETINFO_HOST_UPDATE: '1' },
  })
}

/** Runs a Gremlin query on the analyzer (POST /api/topology). */
export async function gremlin<T = unknown>(query: string): Promise<T> {
  const res = await fetch(`http://${ANALYZER}/api/topology`, { method: 'POST', body: JSON.stringify({ GremlinQuery: query }) })
  if (!res.ok) throw new Error(`query ${query} failed: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** Retries `check` until it returns true, or fails after `ms` with `why()` in the message. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, why: () => string = () => ''): Promise<void> {
  const end = Date.now() + ms
  let last: unknown
  for (;;) {
    try {
      if (await check()) return
    } catch (err) {
      last = err
    }
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms${last ? ` (last error: ${String(last)})` : ''}\n${why()}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
