/**
 * Pure parsers for the host facts upstream's hardware probe reads from /proc, /sys and
 * /etc (spec/topology.md §2.2): per-CPU entries, the kernel command line, CPU lists, os-release.
 */
import type { Metadata } from '../../wire/index.js'

/**
 * `CPU` entries from /proc/cpuinfo, one per logical CPU, in gopsutil's shape: ints for CPU,
 * Stepping, Cores, Mhz, CacheSize; zero or empty fields omitted.
 */
export function parseCpuInfo(text: string): Metadata[] {
  const out: Metadata[] = []
  for (const block of text.split(/\n\s*\n/)) {
    const f = new Map<string, string>()
    for (const line of block.split('\n')) {
      const i = line.indexOf(':')
      if (i > 0) f.set(line.slice(0, i).trim(), line.slice(i + 1).trim())
    }
    if (!f.has('processor')) continue
    const cpu: Metadata = {}
    const int = (key: string, name: string) => {
      const v = parseInt(f.get(key) ?? '', 10)
      if (Number.isFinite(v) && (v !== 0 || name === 'CPU')) cpu[name] = v
    }
    const str = (key: string, name: string) => {
      const v = f.get(key)
      if (v) cpu[name] = v
    }
    int('processor', 'CPU')
    str('vendor_id', 'VendorID')
    str('cpu family', 'Family')
    str('model', 'Model')
    int('stepping', 'Stepping')
    str('physical id', 'PhysicalID')
    str('core id', 'CoreID')
    int('cpu cores', 'Cores')
    str('model name', 'ModelName')
    int('cpu MHz', 'Mhz')
    int('cache size', 'CacheSize')
    str('microcode', 'Microcode')
    out.push(cpu)
  }
  return out
}

/** `KernelCmdLine`: `k=v` → "v", bare `k` → true. */
export function parseCmdLine(text: string): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {}
  for (const word of text.trim().split(/\s+/)) {
    if (!word) continue
    const i = word.indexOf('=')
    if (i < 0) out[word] = true
    else out[word.slice(0, i)] = word.slice(i + 1)
  }
  return out
}

/** A kernel CPU list (`"1-3,7"`) as numbers (`[1,2,3,7]`); [] when empty or malformed. */
export function parseCpuList(text: string): number[] {
  const out: number[] = []
  for (const part of text.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim())
    if (!m) continue
    const a = Number(m[1])
    const b = m[2] === undefined ? a : Number(m[2])
    for (let i = a; i <= b && i - a < 4096; i++) out.push(i)
  }
  return out
}

/** Fields of /etc/os-release. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim())
    if (m) out[m[1]!] = m[2]!.replace(/^["']|["']$/g, '')
  }
  return out
}

/** gopsutil's PlatformFamily for an os-release ID. */
export function platformFamily(id: string, idLike = ''): string {
  if (['debian', 'ubuntu', 'linuxmint', 'raspbian', 'pop'].includes(id)) return 'debian'
  if (['rhel', 'centos', 'redhat', 'rocky', 'almalinux', 'oracle', 'ol', 'scientific'].includes(id)) return 'rhel'
  if (id === 'fedora') return 'fedora'
  if (['suse', 'opensuse', 'opensuse-leap', 'opensuse-tumbleweed', 'sles'].includes(id)) return 'suse'
  if (id === 'alpine') return 'alpine'
  if (id === 'arch' || id === 'manjaro') return 'arch'
  return idLike.split(/\s+/)[0] ?? ''
}
