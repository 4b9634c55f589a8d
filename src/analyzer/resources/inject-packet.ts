/**
 * Packet injection resources (spec/api.md §3.2). Checked and stored here, with the source and
 * destination addresses resolved from the graph; agents inject (a later issue).
 */
import { isIP } from 'node:net'
import type { Node } from '../../core/graph/index.js'
import { HttpError } from '../http/http-error.js'
import { asObject, fields } from './fields.js'
import { checkGremlin, queryNodes } from './gremlin-field.js'
import type { ResourceKind } from './resource-kind.js'

const TYPES = ['icmp4', 'icmp6', 'tcp4', 'tcp6', 'udp4', 'udp6'] as const
const MAC = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/

/** The injectpacket resource kind. */
export const injectPacketKind: ResourceKind = {
  name: 'injectpacket',
  updatable: false,
  build(body, uuid, ctx) {
    const o = asObject(body, 'injectpacket')
    const f = fields(o, 'injectpacket')
    const type = f.str('Type')
    if (!(TYPES as readonly string[]).includes(type)) throw new HttpError(400, `Invalid injectpacket field "Type": "${type}" is not one of ${TYPES.join(', ')}`)
    const v6 = type.endsWith('6')
    const src = f.str('Src')
    if (!src) throw new HttpError(400, 'Invalid injectpacket field "Src": a Gremlin query selecting the source interface is required')
    checkGremlin(src, 'Src', 'injectpacket')
    const srcNode = queryNodes(src, ctx)[0]
    if (!srcNode) throw new HttpError(400, `Cannot create injectpacket: Src "${src}" matches no node`)
    const dst = f.str('Dst')
    let dstNode: Node | undefined
    if (dst) {
      checkGremlin(dst, 'Dst', 'injectpacket')
      dstNode = queryNodes(dst, ctx)[0]
      if (!dstNode) throw new HttpError(400, `Cannot create injectpacket: Dst "${dst}" matches no node`)
    }
    const srcIP = f.str('SrcIP') || firstIP(srcNode, v6)
    const dstIP = f.str('DstIP') || (dstNode ? firstIP(dstNode, v6) : '')
    for (const [k, ip] of [['SrcIP', srcIP], ['DstIP', dstIP]] as const) {
      if (!ip) throw new HttpError(400, `Cannot create injectpacket: no ${k} given and the ${k === 'SrcIP' ? 'Src' : 'Dst'} node has no ${v6 ? 'IPV6' : 'IPV4'} address`)
      if (isIP(ip.split('/')[0]!) !== (v6 ? 6 : 4)) throw new HttpError(400, `Invalid injectpacket field "${k}": "${ip}" is not an IPv${v6 ? 6 : 4} address or CIDR`)
    }
    const srcMAC = f.str('SrcMAC') || macOf(srcNode)
    const dstMAC = f.str('DstMAC') || (dstNode ? macOf(dstNode) : '')
    for (const [k, mac] of [['SrcMAC', srcMAC], ['DstMAC', dstMAC]] as const) {
      if (mac && !MAC.test(mac)) throw new HttpError(400, `Invalid injectpacket field "${k}": "${mac}" is not a MAC address`)
    }
    if (!srcMAC) throw new HttpError(400, 'Cannot create injectpacket: no SrcMAC given and the Src node has no MAC')
    const mode = f.str('Mode')
    if (mode && mode !== 'unique' && mode !== 'random') throw new HttpError(400, `Invalid injectpacket field "Mode": expected "unique" or "random", got "${mode}"`)
    return {
      UUID: uuid, Src: src, Dst: dst, SrcIP: srcIP, DstIP: dstIP, SrcMAC: srcMAC, DstMAC: dstMAC,
      SrcPort: f.int('SrcPort', 0, 0, 65535), DstPort: f.int('DstPort', 0, 0, 65535), Type: type, Payload: f.str('Payload'),
      ICMPID: f.int('ICMPID', 0, 0, 65535), Count: f.int('Count', 1), Interval: f.int('Interval'), Mode: mode,
      IncrementPayload: f.int('IncrementPayload'), StartTime: new Date(ctx.now()).toISOString(), Pcap: f.str('Pcap'),
      TTL: f.int('TTL', 64, 0, 255),
    }
  },
}

function firstIP(n: Node, v6: boolean): string {
  const list = n.Metadata[v6 ? 'IPV6' : 'IPV4']
  return Array.isArray(list) && typeof list[0] === 'string' ? list[0].split('/')[0]! : ''
}

function macOf(n: Node): string {
  const mac = n.Metadata['MAC'] ?? n.Metadata['PeerIntfMAC']
  return typeof mac === 'string' ? mac : ''
}
