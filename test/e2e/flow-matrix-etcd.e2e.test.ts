// The flagship flow-matrix scenario (issue 5): three namespaces etcd-1..3 on a bridge, a real
// 3-member etcd cluster, one `skydive agent` (socketinfo) per namespace and one analyzer, all
// real processes of the built binary. `skydive flow-matrix --format csv` must print the
// matrix this test builds on its own from `ss -tanpH` inside each namespace.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  LAB, clusterHealthy, createLab, destroyLab, inNs, labUnavailable, removeDir, spawnIn, startEtcdCluster, stopProcess, tail,
  type LabProcess,
} from './flow-matrix-etcd-lab.js'
import { expectedMatrix, parseSs } from './flow-matrix-ss.js'

const BIN = resolve(import.meta.dirname, '../../bin/skydive')
const ANALYZER = `${LAB.bridgeAddress}:28082`
const HEADER = 'protocol,server,server_ip,port,server_proc,server_procname,client,client_ip,client_proc,client_procname'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const execFileP = promisify(execFile)

/** Runs the built `skydive flow-matrix` against the lab's analyzer. */
async function flowMatrix(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await execFileP(process.execPath, [BIN, 'flow-matrix', '--analyzer', ANALYZER, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
    return { ...r, code: 0 }
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number }
    return { stdout: e.stdout, stderr: e.stderr, code: e.code }
  }
}

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes. */
async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

/** The reference matrix from ss in every namespace, as sorted CSV lines. */
function referenceMatrix(): string[] {
  const sockets = LAB.members.flatMap((m) => parseSs(m.ns, inNs(m.ns, 'ss', ['-tanpH'])))
  return expectedMatrix(sockets, (pid) => {
    try { return readlinkSync(`/proc/${pid}/exe`) } catch { return '' }
  })
}

const unavailable = labUnavailable()

describe.skipIf(unavailable !== undefined)(`flow-matrix on a 3-member etcd cluster${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let dir: string | undefined
  let etcdDir: string | undefined
  const processes: LabProcess[] = []
  const etcdPath = (() => { try { return readlinkSync('/usr/bin/etcd') } catch { return '/usr/bin/etcd' } })()
  const cleanup = () => destroyLab()

  beforeAll(async () => {
    process.once('exit', cleanup) // even if the runner dies before afterAll
    createLab()
    dir = mkdtempSync(join(tmpdir(), 'sdt-fm-e2e-'))
    const etcd = startEtcdCluster()
    etcdDir = etcd.dir
    processes.push(...etcd.members)
    const analyzer = spawnIn(undefined, process.execPath, [BIN, 'analyzer', '--listen', ANALYZER, '--host-id', 'sdt-fm-analyzer'], join(dir, 'analyzer.log'))
    processes.push(analyzer)
    await waitUntil('a healthy etcd cluster', clusterHealthy, 60_000)
    await waitUntil('the analyzer', async () => (await flowMatrix()).code === 0, 30_000)
    for (const m of LAB.members) {
      processes.push(spawnIn(m.ns, process.execPath, [BIN, 'agent', '--analyzer', ANALYZER, '--host-id', m.ns, '--probes', 'socketinfo'],
        join(dir, `agent-${m.ns}.log`), { ...process.env, SKYDIVE_AGENT_TOPOLOGY_SOCKETINFO_HOST_UPDATE: '1' }))
    }
  }, 150_000)

  afterAll(async () => {
    for (const p of processes.reverse()) await stopProcess(p)
    destroyLab()
    process.removeListener('exit', cleanup)
    removeDir(etcdDir)
    removeDir(dir)
  }, 60_000)

  const logs = () => processes.map((p) => `--- ${p.log}\n${tail(p.log, 8)}`).join('\n')

  it('prints the matrix that ss shows inside the namespaces: etcd peers across hosts and loopback clients', async () => {
    // sockets move (etcd opens and drops pipeline connections, agents rescan every second):
    // compare snapshots until one agrees, then assert on that pair
    let expected: string[] = []
    let actual = { stdout: '', stderr: '', code: -1 }
    const deadline = Date.now() + 90_000
    for (;;) {
      expected = referenceMatrix()
      actual = await flowMatrix('--format', 'csv')
      const rows = actual.stdout.split('\n').slice(1).filter(Boolean).sort()
      if (actual.code === 0 && JSON.stringify(rows) === JSON.stringify(expected)) break
      if (Date.now() > deadline) break
      await sleep(2000)
    }
    expect(actual.code, `${actual.stderr}\n${logs()}`).toBe(0)
    const [header, ...rows] = actual.stdout.trimEnd().split('\n')
    expect(header).toBe(HEADER)
    expect([...rows].sort()).toEqual(expected)

    // the reference itself is not trivial: every ordered pair of members talks on 2380 with
    // etcd at both ends, and every member's gateway reaches its own etcd over 127.0.0.1:2379
    for (const c of LAB.members) {
      for (const s of LAB.members) {
        if (c === s) continue
        expect(expected).toContain(`TCP,${s.ns},${s.address},2380,${etcdPath},etcd,${c.ns},${c.address},${etcdPath},etcd`)
      }
      expect(expected).toContain(`TCP,${c.ns},127.0.0.1,2379,${etcdPath},etcd,${c.ns},127.0.0.1,${etcdPath},etcd`)
    }
    expect(rows).toEqual([...rows].sort((a, b) => {
      const [x, y] = [a.split(','), b.split(',')]
      for (let i = 0; i < x.length; i++) {
        if (x[i] === y[i]) continue
        if (i === 3) return Number(x[i]) - Number(y[i])
        return x[i]! < y[i]! ? -1 : 1
      }
      return 0
    }))
  }, 120_000)

  it('renders the matrix to SVG in process, naming all three hosts', async () => {
    const svgFile = join(dir!, 'matrix.svg')
    const r = await flowMatrix('--format', 'render', '--output', svgFile)
    expect(r.code, r.stderr).toBe(0)
    const texts = [...readFileSync(svgFile, 'utf8').matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
      .map((m) => (m[1] ?? '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))))
    for (const m of LAB.members) expect(texts).toContain(m.ns)
    expect(texts.some((t) => /^TCP : 10\.199\.71\.\d:2380$/.test(t))).toBe(true)
  }, 60_000)
})
