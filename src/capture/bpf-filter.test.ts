import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { compileBpf } from './bpf-filter.js'

const tcpdump = spawnSync('tcpdump', ['--version']).status === 0

describe.skipIf(!tcpdump)('compileBpf (libpcap through tcpdump -d; skipped when tcpdump is not installed)', () => {
  it('accepts filters libpcap compiles', async () => {
    for (const f of ['tcp port 80', 'vlan and udp', 'icmp6 or (ip6 and tcp[tcpflags] & tcp-syn != 0)', 'ether src 00:11:22:33:44:55']) {
      expect(await compileBpf(f), f).toEqual({ ok: true })
    }
  })

  it('gives the compiler\'s complaint without tcpdump\'s prefixes', async () => {
    expect(await compileBpf('tcp port')).toEqual({ ok: false, error: 'syntax error' })
    expect(await compileBpf('tcp and (')).toEqual({ ok: false, error: 'syntax error' })
    expect(await compileBpf('port 99999')).toEqual({ ok: false, error: 'illegal port number 99999 > 65535' })
    expect(await compileBpf('ether host zz')).toEqual({ ok: false, error: "unknown ether host 'zz'" })
  })
})

describe('compileBpf without a compiler', () => {
  it('says the filter is unchecked and why', async () => {
    expect(await compileBpf('tcp', '/nonexistent/tcpdump')).toEqual({ ok: 'unchecked', reason: '/nonexistent/tcpdump is not installed (Debian package tcpdump)' })
  })
})
