// Agents against real kernel objects and a real analyzer (issue 4), shaped like upstream's
// tests/topology_test.go: set up namespaces, veths and a bridge, start real processes,
// then retry Gremlin checks on the analyzer until they pass or their deadline expires.
import { spawn } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WireEdge, WireNode } from '../../src/wire/index.js'
import {
  ANALYZER_PORT, BRIDGE, H1, H2, NS1, NS2, NS_IP, NS_MAC, NS_MTU, X1, X2, type Proc, gremlin, setupNetwork, sh,
  skipReason, startAgentProc, startAnalyzer, teardownNetwork, waitFor,
} from './agent-lab.js'

const reason = skipReason()
const ROOT = 'sdt-agent-root'
const procs: Proc[] = []
let analyzer: Proc
let agents: Record<string, Proc> = {}

const nodes = () => gremlin<WireNode[]>('G.V()')
const edges = () => gremlin<WireEdge[]>('G.E()')
const named = (ns: WireNode[], name: string, host: string) => ns.filter((n) => n.Metadata['Name'] === name && n.Host === host)
const logs = () => [`analyzer:\n${analyzer?.logs()}`, ...Object.entries(agents).map(([k, p]) => `${k}:\n${p.logs()}`)].join('\n')

/** The one node of `host` named `name`. */
async function one(name: string, host: string): Promise<WireNode> {
  const found = named(await nodes(), name, host)
  if (found.length !== 1) throw new Error(`expected one "${name}" of ${host}, found ${found.length}`)
  return found[0]!
}

/** The interface `name` inside the netns node `ns`, as the root agent reports it. */
async function inNetns(ns: string, name: string): Promise<WireNode> {
  const [all, es] = await Promise.all([nodes(), edges()])
  const nsNode = named(all, ns, ROOT).find((n) => n.Metadata['Type'] === 'netns')
  if (!nsNode) throw new Error(`no netns node ${ns}`)
  const owned = new Set(es.filter((e) => e.Parent === nsNode.ID && e.Metadata['RelationType'] === 'ownership').map((e) => e.Child))
  const found = all.filter((n) => owned.has(n.ID) && n.Metadata['Name'] === name)
  if (found.length !== 1) throw new Error(`expected one "${name}" in netns ${ns}, found ${found.length}`)
  return found[0]!
}

function linked(es: WireEdge[], a: string, b: string, extra: Record<string, unknown> = {}): WireEdge | undefined {
  return es.find((e) => ((e.Parent === a && e.Child === b) || (e.Parent === b && e.Child === a)) &&
    e.Metadata['RelationType'] === 'layer2' && Object.entries(extra).every(([k, v]) => e.Metadata[k] === v))
}

/** IDs and names of everything the namespace agents published: what must survive a restart. */
async function snapshot(): Promise<string[]> {
  const hosts = new Set([NS1, NS2])
  const [ns, es] = await Promise.all([nodes(), edges()])
  return [...ns.filter((n) => hosts.has(n.Host)).map((n) => `${n.ID} ${String(n.Metadata['Name'])}`),
    ...es.filter((e) => hosts.has(e.Host)).map((e) => `${e.ID} ${e.Parent}>${e.Child}`)].sort()
}

describe.skipIf(reason !== undefined)(`agent on real namespaces${reason ? ` (skipped: ${reason})` : ''}`, () => {
  beforeAll(async () => {
    try {
      setupNetwork()
      analyzer = await startAnalyzer()
      agents = {
        [ROOT]: startAgentProc(ROOT, 'netns'),
        [NS1]: startAgentProc(NS1, 'socketinfo', NS1),
        [NS2]: startAgentProc(NS2, 'socketinfo', NS2),
      }
      procs.push(analyzer, ...Object.values(agents))
      await waitFor(async () => {
        const hosts = (await nodes()).filter((n) => n.Metadata['Type'] === 'host').map((n) => n.Metadata['Name'])
        return [ROOT, NS1, NS2].every((h) => hosts.includes(h))
      }, 20_000, logs)
    } catch (err) {
      await Promise.all(procs.map((p) => p.stop('SIGKILL')))
      teardownNetwork()
      throw err
    }
  })

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()))
    teardownNetwork()
  })

  it('reports every namespace of the run path as a netns node owned by the host', async () => {
    await waitFor(async () => {
      const [all, es] = await Promise.all([nodes(), edges()])
      const host = named(all, ROOT, ROOT)[0]!
      return [NS1, NS2].every((ns) => {
        const n = named(all, ns, ROOT).find((x) => x.Metadata['Type'] === 'netns')
        return n?.Metadata['Path'] === `/var/run/netns/${ns}` && typeof n.Metadata['Inode'] === 'number' &&
          es.some((e) => e.Parent === host.ID && e.Child === n.ID && e.Metadata['RelationType'] === 'ownership')
      })
    }, 5000, logs)
  })

  it('shows a namespace added under the run path, with its interfaces, and drops it when deleted', async () => {
    const ns3 = 'sdt-agent-n3'
    const live = async () => named(await nodes(), ns3, ROOT).filter((n) => n.Metadata['Type'] === 'netns')
    try {
      sh('ip', 'netns', 'add', ns3)
      sh('ip', '-n', ns3, 'link', 'set', 'lo', 'up')
      await waitFor(async () => (await live()).length === 1 && (await inNetns(ns3, 'lo')).Metadata['State'] === 'UNKNOWN', 3000, logs)
    } finally {
      sh('ip', 'netns', 'del', ns3)
    }
    await waitFor(async () => (await live()).length === 0, 3000, logs)
  })

  it('shows the namespace of a process that has no name under the run path', async () => {
    const child = spawn('unshare', ['--net', 'sleep', '60'], { stdio: 'ignore' })
    const path = `/proc/${child.pid}/ns/net`
    const find = async () => (await nodes()).filter((n) => n.Host === ROOT && n.Metadata['Type'] === 'netns' && n.Metadata['Path'] === path)
    try {
      // process namespaces are looked for every 5 s (no kernel event announces them)
      await waitFor(async () => (await find()).length === 1, 12_000, logs)
      expect((await find())[0]!.Metadata['Name']).toBe(`sleep-${child.pid}`)
    } finally {
      child.kill()
    }
    await waitFor(async () => (await find()).length === 0, 12_000, logs)
  })

  it('drops a deleted namespace that a second agent on the same host also watches', async () => {
    const ns4 = 'sdt-agent-n4'
    const other = startAgentProc('sdt-agent-root2', 'netns')
    procs.push(other)
    const live = async (host: string) => named(await nodes(), ns4, host).filter((n) => n.Metadata['Type'] === 'netns')
    try {
      sh('ip', 'netns', 'add', ns4)
      await waitFor(async () => (await live(ROOT)).length === 1 && (await live('sdt-agent-root2')).length === 1, 10_000, logs)
      // let each agent's process scan (every 5 s) meet the other's `ip monitor` inside ns4
      await new Promise((r) => setTimeout(r, 6000))
    } finally {
      sh('ip', 'netns', 'del', ns4)
    }
    try {
      await waitFor(async () => (await live(ROOT)).length === 0 && (await live('sdt-agent-root2')).length === 0, 12_000, logs)
    } finally {
      await other.stop()
    }
  })

  it('reports the interfaces of a namespace with the MAC, MTU and address they were given', async () => {
    for (const ns of [NS1, NS2]) {
      const want = { Type: 'veth', MAC: NS_MAC[ns], MTU: NS_MTU, IPV4: [`${NS_IP[ns]}/24`], State: 'UP' }
      await waitFor(async () => {
        expect((await one('eth0', ns)).Metadata).toMatchObject(want)
        expect((await inNetns(ns, 'eth0')).Metadata).toMatchObject(want)
        return true
      }, 5000, logs)
    }
  })

  it('links veth peers across namespaces with one layer2 veth edge', async () => {
    await waitFor(async () => {
      const es = await edges()
      const [h1, h2] = [await one(H1, ROOT), await one(H2, ROOT)]
      const [e1, e2, x1, x2] = await Promise.all([inNetns(NS1, 'eth0'), inNetns(NS2, 'eth0'), inNetns(NS1, X1), inNetns(NS2, X2)])
      return Boolean(linked(es, h1.ID, e1.ID, { Type: 'veth' }) && linked(es, h2.ID, e2.ID, { Type: 'veth' }) &&
        linked(es, x1.ID, x2.ID, { Type: 'veth' }))
    }, 5000, logs)
    const es = await edges()
    const h1 = await one(H1, ROOT)
    expect(es.filter((e) => (e.Parent === h1.ID || e.Child === h1.ID) && e.Metadata['Type'] === 'veth')).toHaveLength(1)
  })

  it('links the bridge to each of its members', async () => {
    await waitFor(async () => {
      const es = await edges()
      const br = await one(BRIDGE, ROOT)
      expect(br.Metadata).toMatchObject({ Type: 'bridge', IPV4: ['10.231.4.1/24'] })
      const members = [await one(H1, ROOT), await one(H2, ROOT)]
      return members.every((m) => es.some((e) => e.Parent === br.ID && e.Child === m.ID && e.Metadata['RelationType'] === 'layer2') &&
        m.Metadata['MasterIndex'] === br.Metadata['IfIndex'])
    }, 5000, logs)
  })

  it('shows a veth added in a namespace within 1 s, and removes it within 1 s of its deletion', async () => {
    const count = async () => named(await nodes(), 'sdt-agent-t1', NS1).length
    expect(await count()).toBe(0)
    sh('ip', '-n', NS1, 'link', 'add', 'sdt-agent-t1', 'type', 'veth', 'peer', 'name', 'sdt-agent-t2')
    try {
      await waitFor(async () => (await count()) === 1, 1000, logs)
    } finally {
      sh('ip', '-n', NS1, 'link', 'del', 'sdt-agent-t1')
    }
    await waitFor(async () => (await count()) === 0, 1000, logs)
  })

  it('shows an address added, an MTU changed and an address removed within 1 s each', async () => {
    const md = async () => (await one('sdt-agent-t3', NS1)).Metadata
    sh('ip', '-n', NS1, 'link', 'add', 'sdt-agent-t3', 'type', 'veth', 'peer', 'name', 'sdt-agent-t4')
    try {
      await waitFor(async () => (await md())['Type'] === 'veth', 3000, logs)
      sh('ip', '-n', NS1, 'addr', 'add', '10.231.77.1/24', 'dev', 'sdt-agent-t3')
      await waitFor(async () => JSON.stringify((await md())['IPV4']) === '["10.231.77.1/24"]', 1000, logs)
      sh('ip', '-n', NS1, 'link', 'set', 'sdt-agent-t3', 'mtu', '1280')
      await waitFor(async () => (await md())['MTU'] === 1280, 1000, logs)
      sh('ip', '-n', NS1, 'addr', 'del', '10.231.77.1/24', 'dev', 'sdt-agent-t3')
      await waitFor(async () => (await md())['IPV4'] === undefined, 1000, logs)
    } finally {
      sh('ip', '-n', NS1, 'link', 'del', 'sdt-agent-t3')
    }
  })

  it('lists a listening server and its connected client in Sockets with process, name and pid', async () => {
    const port = ANALYZER_PORT + 1
    const ip = NS_IP[NS1]!
    const server = nodeInNs1(`require('net').createServer((s) => s.on('error', () => {})).listen(${port}, '${ip}', () => console.log(process.pid))`)
    try {
      await waitFor(() => server.out().trim() !== '', 5000, server.out)
      const client = nodeInNs1(`const c = require('net').connect(${port}, '${ip}', () => console.log(process.pid)); c.on('error', () => {})`)
      try {
        await waitFor(() => client.out().trim() !== '', 5000, client.out)
        const [serverPid, clientPid] = [Number(server.out()), Number(client.out())]
        const exe = realpathSync(process.execPath)
        await waitFor(async () => {
          const sockets = (await one(NS1, NS1)).Metadata['Sockets'] as Array<Record<string, unknown>>
          const listen = sockets.find((s) => s['LocalPort'] === port && s['State'] === 'LISTEN')
          const conn = sockets.find((s) => s['RemotePort'] === port && s['State'] === 'ESTABLISHED')
          expect(listen).toMatchObject({ Protocol: 'TCP', LocalAddress: ip, Pid: serverPid, Name: 'node', Process: exe })
          expect(conn).toMatchObject({ Protocol: 'TCP', RemoteAddress: ip, LocalAddress: ip, Pid: clientPid, Name: 'node', Process: exe })
          return true
        }, 5000, logs)
        // An agent inside a namespace reports that namespace only (spec §2.3 all-namespaces scan is
        // for an agent in the host's namespace): not the analyzer listening in the host's namespace,
        // and not NS1's sockets from NS2. The root namespace's agent runs no socketinfo.
        const own = (await one(NS1, NS1)).Metadata['Sockets'] as Array<Record<string, unknown>>
        expect(own.some((s) => s['LocalPort'] === ANALYZER_PORT && s['State'] === 'LISTEN')).toBe(false)
        const other = (await one(NS2, NS2)).Metadata['Sockets'] as Array<Record<string, unknown>> | undefined
        expect((other ?? []).some((s) => s['LocalPort'] === port)).toBe(false)
      } finally {
        client.kill()
      }
    } finally {
      server.kill()
    }
  })

  it('converges back to the same graph after the analyzer is killed and restarted', async () => {
    const before = await snapshot()
    expect(before.length).toBeGreaterThan(6)
    await analyzer.stop('SIGKILL')
    analyzer = await startAnalyzer()
    procs.push(analyzer)
    await waitFor(async () => JSON.stringify(await snapshot()) === JSON.stringify(before), 20_000, logs)
  })

  it('drops every node of an agent that is killed', async () => {
    expect((await nodes()).some((n) => n.Host === NS2)).toBe(true)
    await agents[NS2]!.stop('SIGKILL')
    await waitFor(async () => !(await nodes()).some((n) => n.Host === NS2), 10_000, logs)
    expect((await nodes()).some((n) => n.Host === NS1)).toBe(true)
  })
})

/** A node helper process inside NS1, bounded to 60 s; `out()` is what it printed. */
function nodeInNs1(script: string): { out(): string; kill(): void } {
  const child = spawn('ip', ['netns', 'exec', NS1, process.execPath, '-e', `${script}; setTimeout(() => process.exit(0), 60000)`],
    { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => { out += d.toString() })
  return { out: () => out, kill: () => { child.kill() } }
}
