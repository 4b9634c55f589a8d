/**
 * Capture resources (spec/api.md §3.2). Stored here; agents run them (a later issue).
 */
import { getPathValues } from '../../core/graph/index.js'
import { HttpError } from '../http/http-error.js'
import { asObject, fields, omitEmpty } from './fields.js'
import { checkGremlin, queryNodes } from './gremlin-field.js'
import type { Resource, ResourceKind } from './resource-kind.js'

/** Capture types upstream knows; "" lets the agent choose. */
export const CAPTURE_TYPES = ['ovssflow', 'pcapsocket', 'ovsmirror', 'dpdk', 'afpacket', 'pcap', 'ebpf', 'sflow', 'ovsnetflow'] as const

/** The capture resource kind. */
export const captureKind: ResourceKind = {
  name: 'capture',
  updatable: false,
  build(body, uuid, ctx) {
    const o = asObject(body, 'capture')
    const f = fields(o, 'capture')
    const query = f.str('GremlinQuery')
    if (!query) throw new HttpError(400, 'Invalid capture field "GremlinQuery": a Gremlin query selecting the interfaces is required')
    checkGremlin(query, 'GremlinQuery', 'capture')
    const type = f.str('Type')
    if (type && !(CAPTURE_TYPES as readonly string[]).includes(type)) {
      throw new HttpError(400, `Invalid capture field "Type": "${type}" is not one of ${CAPTURE_TYPES.join(', ')}`)
    }
    const headerSize = f.int('HeaderSize', 0, 0, 262_144)
    if (headerSize !== 0 && headerSize < 14) throw new HttpError(400, 'Invalid capture field "HeaderSize": expected 0 or at least 14 bytes')
    const layerKeyMode = f.str('LayerKeyMode', ctx.config.flow.default_layer_key_mode)
    if (layerKeyMode !== 'L2' && layerKeyMode !== 'L3') throw new HttpError(400, `Invalid capture field "LayerKeyMode": expected "L2" or "L3", got "${layerKeyMode}"`)
    const c = {
      UUID: uuid, GremlinQuery: query, BPFFilter: f.str('BPFFilter'), Name: f.str('Name'), Description: f.str('Description'),
      Type: type, Count: 0, Port: f.int('Port', 0, 0, 65535),
      SamplingRate: f.int('SamplingRate', 1), PollingInterval: f.int('PollingInterval', 10),
      RawPacketLimit: f.int('RawPacketLimit'), HeaderSize: headerSize,
      ExtraTCPMetric: f.bool('ExtraTCPMetric'), IPDefrag: f.bool('IPDefrag'), ReassembleTCP: f.bool('ReassembleTCP'),
      LayerKeyMode: layerKeyMode, ExtraLayers: f.int('ExtraLayers'), Target: f.str('Target'), TargetType: f.str('TargetType'),
    }
    return omitEmpty(c, ['BPFFilter', 'Name', 'Description', 'Type', 'Port', 'RawPacketLimit', 'HeaderSize', 'LayerKeyMode', 'ExtraLayers', 'Target', 'TargetType'])
  },
  async check(r, ctx) {
    const filter = r['BPFFilter']
    if (typeof filter !== 'string' || filter === '') return
    const error = await ctx.checkBpf(filter)
    if (error !== undefined) throw new HttpError(400, `Invalid capture field "BPFFilter": "${filter}" does not compile: ${error}`)
  },
  checkCreate(r, store) {
    for (const other of store.list()) {
      if (other['GremlinQuery'] === r['GremlinQuery'] && (other['Type'] ?? '') === (r['Type'] ?? '') && (other['BPFFilter'] ?? '') === (r['BPFFilter'] ?? '')) {
        throw new HttpError(409, 'duplicated resource')
      }
    }
  },
  decorate(r, ctx): Resource {
    // Count: interfaces selected by the query on which this capture is active (upstream Decorate).
    let count = 0
    for (const n of queryNodes(String(r['GremlinQuery']), ctx)) {
      count += getPathValues(n.Metadata, 'Captures').flatMap((c) => (Array.isArray(c) ? c : [c]))
        .filter((c) => c !== null && typeof c === 'object' && (c as Record<string, unknown>)['State'] === 'active').length
    }
    return { ...r, Count: count }
  },
}
