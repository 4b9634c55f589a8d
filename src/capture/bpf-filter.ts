/**
 * BPF filter check with libpcap's own compiler: `tcpdump -d` over an empty Ethernet trace on
 * stdin compiles the expression and stops. Node has no binding that compiles a filter without
 * opening a device (cap only compiles inside open(), which needs root and captures packets).
 */
import { spawn } from 'node:child_process'

/** What compiling a filter gave: ok, the compiler's complaint, or why it could not be checked. */
export type BpfCheck = { ok: true } | { ok: false; error: string } | { ok: 'unchecked'; reason: string }

/** A pcap file header with no packets: little-endian, v2.4, snaplen 65535, Ethernet. */
const EMPTY_ETHERNET_PCAP = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex')

/** Compiles `filter` for Ethernet (what upstream's agents check it against). */
export function compileBpf(filter: string, tcpdump = 'tcpdump', timeoutMs = 5000): Promise<BpfCheck> {
  return new Promise((resolve) => {
    const child = spawn(tcpdump, ['-d', '-r', '-', filter], { stdio: ['pipe', 'ignore', 'pipe'], timeout: timeoutMs })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 4096) stderr += d })
    child.stdin.on('error', () => {}) // tcpdump may exit before reading the header
    child.stdin.end(EMPTY_ETHERNET_PCAP)
    child.on('error', (err: NodeJS.ErrnoException) => {
      resolve({ ok: 'unchecked', reason: err.code === 'ENOENT' ? `${tcpdump} is not installed (Debian package tcpdump)` : err.message })
    })
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ ok: true })
      if (signal) return resolve({ ok: 'unchecked', reason: `${tcpdump} -d was stopped by ${signal}` })
      resolve({ ok: false, error: compilerMessage(stderr) })
    })
  })
}

/** tcpdump's last line without its prefix: "can't parse filter expression: syntax error" → "syntax error". */
function compilerMessage(stderr: string): string {
  const line = stderr.trim().split('\n').filter((l) => !l.startsWith('reading from file')).pop() ?? ''
  return line.replace(/^tcpdump: /, '').replace(/^can't parse filter expression: /, '') || 'the filter does not compile'
}
