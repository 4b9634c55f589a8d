// Builders of synthetic frames and capture files for the flow tests: each header is written
// byte by byte from its RFC layout, so tests do not depend on the decoder they exercise.

export type Bytes = number[]

const hexBytes = (s: string): Bytes => s.split(/[:.]/).map((x) => Number.parseInt(x, 16))
const be16 = (v: number): Bytes => [(v >> 8) & 255, v & 255]
const be32 = (v: number): Bytes => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]

/** Ethernet II header. */
export function eth(src: string, dst: string, type: number): Bytes {
  return [...hexBytes(dst), ...hexBytes(src), ...be16(type)]
}

/** 802.1Q tag (TPID excluded: it is the previous EtherType). */
export function vlan(id: number, type: number): Bytes {
  return [...be16(id & 0x0fff), ...be16(type)]
}

/** IPv4 header for a payload of `payloadLen` bytes. */
export function ipv4(src: string, dst: string, proto: number, payloadLen: number, opts: { id?: number; flags?: number; fragOffset?: number; ttl?: number; totalLength?: number } = {}): Bytes {
  const total = opts.totalLength ?? 20 + payloadLen
  const fo = ((opts.flags ?? 0) << 13) | (opts.fragOffset ?? 0)
  return [0x45, 0, ...be16(total), ...be16(opts.id ?? 1), ...be16(fo), opts.ttl ?? 64, proto, 0, 0,
    ...src.split('.').map(Number), ...dst.split('.').map(Number)]
}

/** IPv6 header (addresses as 8 groups, no compression). */
export function ipv6(src: string, dst: string, next: number, payloadLen: number, hopLimit = 64): Bytes {
  const addr = (a: string): Bytes => a.split(':').flatMap((g) => be16(Number.parseInt(g, 16)))
  return [0x60, 0, 0, 0, ...be16(payloadLen), next, hopLimit, ...addr(src), ...addr(dst)]
}

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const

/** TCP header (20 bytes). */
export function tcp(sport: number, dport: number, flags: number, seq = 1, ack = 0): Bytes {
  return [...be16(sport), ...be16(dport), ...be32(seq), ...be32(ack), 0x50, flags, ...be16(65535), 0, 0, 0, 0]
}

/** UDP header for a payload of `payloadLen` bytes. */
export function udp(sport: number, dport: number, payloadLen: number): Bytes {
  return [...be16(sport), ...be16(dport), ...be16(8 + payloadLen), 0, 0]
}

/** ICMPv4 echo request (8) or reply (0). */
export function icmpEcho(type: 0 | 8, id: number, seq = 1): Bytes {
  return [type, 0, 0, 0, ...be16(id), ...be16(seq)]
}

/** ARP request over Ethernet/IPv4. */
export function arp(srcMac: string, srcIp: string, dstIp: string): Bytes {
  return [0, 1, 8, 0, 6, 4, 0, 1, ...hexBytes(srcMac), ...srcIp.split('.').map(Number), 0, 0, 0, 0, 0, 0, ...dstIp.split('.').map(Number)]
}

export const zeros = (n: number): Bytes => new Array<number>(n).fill(0)

/** A TCP/UDP/ICMP frame over Ethernet/IPv4 in one call. */
export function ethIpv4(o: { srcMac?: string; dstMac?: string; src: string; dst: string; l4: Bytes; proto: number; payload?: number; ipOpts?: Parameters<typeof ipv4>[4] }): Uint8Array {
  const payload = zeros(o.payload ?? 0)
  return Uint8Array.from([
    ...eth(o.srcMac ?? '02:00:00:00:00:01', o.dstMac ?? '02:00:00:00:00:02', 0x0800),
    ...ipv4(o.src, o.dst, o.proto, o.l4.length + payload.length, o.ipOpts), ...o.l4, ...payload,
  ])
}

/** A packet for a capture file: time in seconds and nanoseconds. */
export interface Packet { sec: number; nsec: number; data: Uint8Array; wireLen?: number; iface?: number }

/** Classic pcap, either byte order, micro- or nanosecond timestamps. */
export function pcapFile(packets: Packet[], o: { bigEndian?: boolean; nano?: boolean; linkType?: number; snapLen?: number } = {}): Uint8Array {
  const le = !o.bigEndian
  const out: number[] = []
  const u32 = (v: number): void => { const b = be32(v); out.push(...(le ? b.reverse() : b)) }
  const u16 = (v: number): void => { const b = be16(v); out.push(...(le ? b.reverse() : b)) }
  u32(o.nano ? 0xa1b23c4d : 0xa1b2c3d4); u16(2); u16(4); u32(0); u32(0); u32(o.snapLen ?? 262144); u32(o.linkType ?? 1)
  for (const p of packets) {
    u32(p.sec); u32(o.nano ? p.nsec : Math.floor(p.nsec / 1000)); u32(p.data.length); u32(p.wireLen ?? p.data.length)
    out.push(...p.data)
  }
  return Uint8Array.from(out)
}

/** An interface of a pcapng file: link type and timestamp resolution option (if_tsresol). */
export interface NgInterface { linkType: number; tsresol?: number; tsoffset?: number; snapLen?: number }

/** pcapng with one section; `simple` writes Simple Packet Blocks (interface 0, no time), `obsolete` Packet Blocks. */
export function pcapngFile(ifaces: NgInterface[], packets: Packet[], o: { bigEndian?: boolean; simple?: boolean; obsolete?: boolean } = {}): Uint8Array {
  const le = !o.bigEndian
  const out: number[] = []
  const u32 = (v: number): void => { const b = be32(v); out.push(...(le ? b.reverse() : b)) }
  const u16 = (v: number): void => { const b = be16(v); out.push(...(le ? b.reverse() : b)) }
  const block = (type: number, body: () => void): void => {
    const at = out.length
    u32(type); u32(0)
    body()
    while ((out.length - at) % 4) out.push(0)
    const len = out.length - at + 4
    u32(len)
    const l = le ? be32(len).reverse() : be32(len)
    out.splice(at + 4, 4, ...l)
  }
  block(0x0a0d0d0a, () => { u32(0x1a2b3c4d); u16(1); u16(0); u32(0xffffffff); u32(0xffffffff) })
  for (const i of ifaces) {
    block(1, () => {
      u16(i.linkType); u16(0); u32(i.snapLen ?? 0)
      if (i.tsresol !== undefined) { u16(9); u16(1); out.push(i.tsresol, 0, 0, 0) }
      if (i.tsoffset !== undefined) { u16(14); u16(8); const b = [...be32(0), ...be32(i.tsoffset)]; out.push(...(le ? b.reverse() : b)) }
      u16(0); u16(0)
    })
  }
  for (const p of packets) {
    const iface = ifaces[p.iface ?? 0]!
    const units = iface.tsresol === undefined ? 1e6 : iface.tsresol & 0x80 ? 2 ** (iface.tsresol & 0x7f) : 10 ** iface.tsresol
    const ts = BigInt(p.sec - (iface.tsoffset ?? 0)) * BigInt(units) + BigInt(Math.floor((p.nsec * units) / 1e9))
    const hi = Number(ts >> 32n), lo = Number(ts & 0xffffffffn)
    if (o.simple) block(3, () => { u32(p.wireLen ?? p.data.length); out.push(...p.data) })
    else if (o.obsolete) block(2, () => { u16(p.iface ?? 0); u16(0); u32(hi); u32(lo); u32(p.data.length); u32(p.wireLen ?? p.data.length); out.push(...p.data) })
    else block(6, () => { u32(p.iface ?? 0); u32(hi); u32(lo); u32(p.data.length); u32(p.wireLen ?? p.data.length); out.push(...p.data) })
  }
  return Uint8Array.from(out)
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!

/**
 * A random frame near the flow table's fast shape (core/flow/fast-path.ts): Ethernet/IPv4/
 * TCP|UDP with, now and then, each thing that must send it to the general path (options,
 * fragments, other protocols, decoded UDP ports, SYN/FIN/RST, bad lengths, truncation, VLAN
 * tags, padding), and few distinct addresses so equal
 * MACs, IPs and ports (the direction tie-breaks) come up often.
 */
export function nearFastShapeFrame(r: () => number): Uint8Array {
  const b = new Uint8Array(128)
  const macs = [[2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2], [0xfe, 0xff, 0, 0, 0, 1]]
  b.set(pick(r, macs), 0)
  b.set(pick(r, macs), 6)
  b[12] = 0x08; b[13] = r() < 0.95 ? 0x00 : pick(r, [0x06, 0xdd])
  if (r() < 0.03) { b[12] = 0x81; b[13] = 0x00 }
  b[14] = r() < 0.9 ? 0x45 : pick(r, [0x46, 0x44, 0x65, 0x4f])
  const proto = r() < 0.9 ? pick(r, [6, 17]) : pick(r, [1, 47, 132, 4])
  const l4 = proto === 6 ? 20 : 8
  const payload = Math.floor(r() * 30)
  let ipLen = 20 + l4 + payload
  if (r() < 0.05) ipLen = pick(r, [0, 10, 20, 24, 300])
  b[16] = ipLen >> 8; b[17] = ipLen & 255
  if (r() < 0.1) { b[20] = pick(r, [0x20, 0x40, 0x01, 0x60]); b[21] = pick(r, [0, 8]) }
  b[22] = 64; b[23] = proto
  const ips = [[10, 0, 0, 1], [10, 0, 0, 2], [192, 168, 1, 200]]
  b.set(pick(r, ips), 26)
  b.set(pick(r, ips), 30)
  const ports = [80, 5000, 5000, 40000, 53, 4789, 6081, 67, 123, 51234]
  const sp = pick(r, ports), dp = pick(r, ports)
  b[34] = sp >> 8; b[35] = sp & 255; b[36] = dp >> 8; b[37] = dp & 255
  if (proto === 6) {
    b[38] = Math.floor(r() * 256); b[41] = Math.floor(r() * 256)
    b[46] = r() < 0.9 ? 0x50 : pick(r, [0x40, 0x60, 0xf0])
    b[47] = r() < 0.7 ? pick(r, [0x10, 0x18]) : Math.floor(r() * 256)
  } else {
    const ulen = r() < 0.9 ? 8 + payload : pick(r, [0, 4, 200])
    b[38] = ulen >> 8; b[39] = ulen & 255
  }
  // truncated now and then, or with trailing bytes past the IP datagram (Ethernet padding)
  const len = r() < 0.1 ? Math.floor(r() * (34 + l4 + payload)) : 34 + l4 + payload + (r() < 0.2 ? Math.floor(r() * 20) : 0)
  for (let i = 34 + l4 + payload; i < len; i++) b[i] = Math.floor(r() * 256)
  return b.slice(0, len)
}
