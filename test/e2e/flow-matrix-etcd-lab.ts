// The lab of the flow-matrix e2e test: network namespaces etcd-1..3 on a bridge, one real
// etcd member in each. Kernel objects are created with `ip`, processes spawned detached so
// the whole group can be killed; teardown works from any state, including a stale earlier run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Names and addresses of the lab (namespace names are fixed by issue 5). */
export const LAB = {
  bridge: 'sdt-fm-br0',
  bridgeAddress: '10.199.71.254',
  prefix: 24,
  members: [1, 2, 3].map((i) => ({ ns: `etcd-${i}`, address: `10.199.71.${i}`, veth: `sdt-fm-v${i}` })),
} as const

/** A member of the lab. */
export type LabMember = (typeof LAB.members)[number]

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const tryRun = (cmd: string, args: string[]): void => {
  try { run(cmd, args) } catch { /* already gone */ }
}

/** Runs a command inside a member's namespace and returns stdout. */
export const inNs = (ns: string, cmd: string, args: string[]): string => run('ip', ['netns', 'exec', ns, cmd, ...args])

/** True when we can create namespaces (root with `ip` and etcd installed); else the reason. */
export function labUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces'
  for (const bin of ['ip', 'ss', 'etcd', 'etcdctl']) {
    try { run('which', [bin]) } catch { return `needs "${bin}" (scripts/setup.sh installs it)` }
  }
  return undefined
}

/** Kills every process in the lab's namespaces and deletes namespaces, veths and bridge. */
export function destroyLab(): void {
  for (const m of LAB.members) {
    let pids: string[] = []
    try { pids = run('ip', ['netns', 'pids', m.ns]).split('\n').filter(Boolean) } catch { /* no namespace */ }
    for (const pid of pids) tryRun('kill', ['-9', pid])
    tryRun('ip', ['netns', 'del', m.ns])
    tryRun('ip', ['link', 'del', m.veth])
  }
  tryRun('ip', ['link', 'del', LAB.bridge])
}

/** Creates the bridge (with an address the analyzer listens on) and one namespace per member. */
export function createLab(): void {
  destroyLab()
  run('ip', ['link', 'add', LAB.bridge, 'type', 'bridge'])
  run('ip', ['addr', 'add', `${LAB.bridgeAddress}/${LAB.prefix}`, 'dev', LAB.bridge])
  run('ip', ['link', 'set', LAB.bridge, 'up'])
  for (const m of LAB.members) {
    run('ip', ['netns', 'add', m.ns])
    run('ip', ['link', 'add', m.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', m.ns])
    run('ip', ['link', 'set', m.veth, 'master', LAB.bridge, 'up'])
    inNs(m.ns, 'ip', ['addr', 'add', `${m.address}/${LAB.prefix}`, 'dev', 'eth0'])
    inNs(m.ns, 'ip', ['link', 'set', 'eth0', 'up'])
    inNs(m.ns, 'ip', ['link', 'set', 'lo', 'up'])
  }
}

/** A process spawned in its own process group, its output in a log file. */
export interface LabProcess {
  child: ChildProcess
  log: string
}

/** Spawns `cmd` inside `ns` (or the root namespace when ns is undefined), output to `log`. */
export function spawnIn(ns: string | undefined, cmd: string, args: string[], log: string, env: NodeJS.ProcessEnv = process.env): LabProcess {
  const fd = openSync(log, 'a')
  const [file, argv] = ns ? ['ip', ['netns', 'exec', ns, cmd, ...args]] : [cmd, args]
  const child = spawn(file, argv, { stdio: ['ignore', fd, fd], detached: true, env })
  return { child, log }
}

/** Stops a spawned process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(p: LabProcess | undefined, graceMs = 3000): Promise<void> {
  if (!p?.child.pid || p.child.exitCode !== null || p.child.signalCode !== null) return
  const pid = p.child.pid
  const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()))
  try { process.kill(-pid, 'SIGTERM') } catch { return }
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs))
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try { process.kill(-pid, 'SIGKILL') } catch { /* gone */ }
    await exited
  }
}

/** Last lines of a log file, for failure messages. */
export function tail(log: string, lines = 20): string {
  try { return readFileSync(log, 'utf8').split('\n').slice(-lines).join('\n') } catch { return '' }
}

/** Starts one etcd member per namespace, all in one 3-member cluster; returns the processes and work dir. */
export function startEtcdCluster(): { members: LabProcess[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sdt-fm-etcd-'))
  const initialCluster = LAB.members.map((m) => `${m.ns}=http://${m.address}:2380`).join(',')
  const members = LAB.members.map((m) => spawnIn(m.ns, 'etcd', [
    '--name', m.ns,
    '--data-dir', join(dir, m.ns),
    '--listen-peer-urls', `http://${m.address}:2380`,
    '--initial-advertise-peer-urls', `http://${m.address}:2380`,
    // loopback first: the member's own gRPC gateway then talks to it over 127.0.0.1
    '--listen-client-urls', `http://127.0.0.1:2379,http://${m.address}:2379`,
    '--advertise-client-urls', `http://${m.address}:2379`,
    '--initial-cluster', initialCluster,
    '--initial-cluster-token', 'sdt-fm-etcd',
    '--initial-cluster-state', 'new',
  ], join(dir, `${m.ns}.log`)))
  return { members, dir }
}

/** True when every member answers `etcdctl endpoint health` from inside its namespace. */
export function clusterHealthy(): boolean {
  return LAB.members.every((m) => {
    try {
      inNs(m.ns, 'etcdctl', ['--endpoints', `http://127.0.0.1:2379`, '--dial-timeout', '2s', 'endpoint', 'health'])
      return true
    } catch {
      return false
    }
  })
}

/** Removes a work directory. */
export const removeDir = (dir: string | undefined): void => {
  if (dir) rmSync(dir, { recursive: true, force: true })
}
