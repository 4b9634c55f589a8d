/**
 * The Skydive flow table (spec/flows.md §3): packets in, flows out. Decodes each frame,
 * optionally defragments IPv4, cuts the frame into sub-packets, finds or creates one flow per
 * sub-packet and counts the packet; update and expire ticks produce LastUpdateMetric, expiry
 * and the hold of finished flows on the injected Clock.
 */
import { DecodedFrame } from './decoded-frame.js'
import { PacketDecoder, firstLayerOf } from './decoder.js'
import { initFlow } from './flow-create.js'
import { FlowEntry } from './flow-entry.js'
import { FlowIndex } from './flow-index.js'
import { FlowKeyWriter } from './flow-key.js'
import { type FlowTableOptions, type ResolvedFlowTableOptions, resolveFlowTableOptions } from './flow-options.js'
import { accountPacket, completeStream } from './flow-update.js'
import { IPv4Defragmenter } from './ip-defrag.js'
import { L } from './layer-types.js'
import { SubPacketSplit, SubPacketView } from './sub-packet.js'
import { toWireFlow } from './to-wire.js'
import type { WireFlow, WireFlowStats, WireIPMetric } from '../../wire/index.js'

/** Hold time of finished flows before removal (upstream HoldTimeoutMilliseconds). */
export const HOLD_MS = 15_000

/** Counters of a table (upstream Stats plus decoding counters). */
export interface FlowTableStats extends WireFlowStats {
  /** frames with neither a link nor a network layer */
  FramesIgnored: number
  /** IPv4 fragments held until their datagram completes */
  FragmentsHeld: number
  FragmentErrors: number
}

/**
 * A flow table.
 * @example
 * const table = new FlowTable({ hash64: await loadXxhash64(), clock: fakeClock(0) })
 * table.addPacket(bytes, 0, bytes.length, bytes.length, 1490086703, 768977000, 1)
 * for (const flow of table.flows()) console.log(flow.LayersPath)
 */
export class FlowTable {
  readonly options: ResolvedFlowTableOptions
  readonly #decoder: PacketDecoder
  readonly #frame = new DecodedFrame()
  readonly #split = new SubPacketSplit()
  readonly #view = new SubPacketView()
  readonly #key = new FlowKeyWriter()
  readonly #index: FlowIndex
  readonly #entries: Array<FlowEntry | undefined> = []
  readonly #defrag: IPv4Defragmenter | undefined
  #nextId = 1
  #updateVersion = 0
  #lastUpdate = 0
  #lastExpire = 0
  #nextUpdateAt = -1
  #nextExpireAt = -1
  readonly #stats: FlowTableStats = {
    FlowCount: 0, FlowDropped: 0, KernelFlowDropped: 0, PacketsDropped: 0, PacketsReceived: 0,
    DecodeFailures: 0, FramesIgnored: 0, FragmentsHeld: 0, FragmentErrors: 0,
  }

  constructor(options: FlowTableOptions) {
    this.options = resolveFlowTableOptions(options)
    this.#decoder = new PacketDecoder({ mplsUdpPorts: this.options.mplsUdpPorts })
    this.#index = new FlowIndex(this.options.maxEntries)
    this.#defrag = this.options.ipDefrag ? new IPv4Defragmenter() : undefined
    if (this.options.captureID) this.#stats.CaptureID = this.options.captureID
  }

  /** Number of flows in the table. */
  get size(): number {
    return this.#index.size
  }

  /** A copy of the counters. */
  get stats(): FlowTableStats {
    return { ...this.#stats, FlowCount: this.#index.size }
  }

  /**
   * Processes one captured frame: `buf[off, off + capLen)` with its wire length, capture time
   * (seconds and nanoseconds) and pcap LINKTYPE_*. Unknown link types count as ignored frames.
   */
  addPacket(buf: Uint8Array, off: number, capLen: number, wireLen: number, tsSec: number, tsNsec: number, linkType: number): void {
    const first = firstLayerOf(linkType)
    this.#stats.PacketsReceived++
    if (first === undefined) {
      this.#stats.FramesIgnored++
      return
    }
    const f = this.#frame
    f.wireLen = wireLen
    f.tsSec = tsSec
    f.tsNsec = tsNsec
    this.#decoder.decode(f, buf, off, off + capLen, first)
    if (f.failed) this.#stats.DecodeFailures!++
    let ipMetric: WireIPMetric | null = null
    if (this.#defrag) {
      const r = this.#defrag.process(f)
      if (r.kind === 'held') { this.#stats.FragmentsHeld++; return }
      if (r.kind === 'error') { this.#stats.FragmentErrors++; return }
      // Quirk (flows spec §6.6): the datagram counts once, with the completing fragment's wire length
      if (r.kind === 'complete') this.#continueReassembled(f, r.payload, r.fragLen)
      ipMetric = r.kind === 'complete' || r.kind === 'whole' ? r.metric : null
    }
    this.#processFrame(f, capLen, ipMetric)
  }

  /** Rebuilds the frame over a copy holding the reassembled datagram and decodes the rest. */
  #continueReassembled(f: DecodedFrame, payload: Uint8Array, fragLen: number): void {
    const ip = f.find(L.IPV4)
    const base = f.offsets[0]!
    const fragAt = f.offsets[ip]! + f.lens[ip]! - base
    const copy = new Uint8Array(fragAt + payload.length)
    copy.set(f.buf.subarray(base, base + fragAt))
    copy.set(payload, fragAt)
    for (let i = 0; i < f.count; i++) {
      f.offsets[i] = f.offsets[i]! - base
      f.ends[i] = copy.length
    }
    f.buf = copy
    f.count = ip // IPv4 is decoded again, marked as the reassembled datagram's header
    this.#decoder.continue(f, f.offsets[ip]!, copy.length, L.IPV4, fragLen)
  }

  #processFrame(f: DecodedFrame, capLen: number, ipMetric: WireIPMetric | null): void {
    const types = f.types
    let hasLink = false, hasNet = false
    for (let i = 0; i < f.count; i++) {
      const t = types[i]
      if (t === L.ETHERNET || t === L.LINUX_SLL || t === L.LOOPBACK) hasLink = true
      else if (t === L.IPV4 || t === L.IPV6) { hasNet = true; break }
    }
    if (!hasLink && !hasNet) {
      this.#stats.FramesIgnored++
      return
    }
    let firstTransport = -1
    for (let i = 0; i < f.count; i++) {
      const t = types[i]
      if (t === L.TCP || t === L.UDP || t === L.SCTP) { firstTransport = i; break }
    }
    const split = this.#split, p = this.#view
    split.split(f, capLen)
    let parent: FlowEntry | null = null
    const last = split.count - 1
    for (let k = 0; k <= last; k++) {
      p.load(f, split.starts[k]!, split.ends[k]!, split.lengths[k]!)
      // Quirk (flows spec §6.9): a sub-packet with neither Ethernet nor IP (stacked MPLS labels)
      // is skipped; the next one hangs off the last flow made (upstream dereferences nil here)
      if (k > 0 && p.link < 0 && p.net < 0) continue
      parent = this.#packetToFlow(f, p, k === 0 ? p.firstIp : p.net, parent, k === last ? ipMetric : null, firstTransport)
    }
  }

  #packetToFlow(
    f: DecodedFrame, p: SubPacketView, keyNet: number, parent: FlowEntry | null, ipMetric: WireIPMetric | null, firstTransport: number,
  ): FlowEntry {
    const key = this.#key
    key.write(f, p, keyNet, !this.options.l3, parent ? parent.id : 0)
    const h = FlowIndex.hash(key.words, key.wordLen)
    let slot = this.#index.get(key.words, key.wordLen, h)
    let e: FlowEntry
    if (slot >= 0) {
      e = this.#entries[slot]!
    } else {
      if (this.#index.size >= this.options.maxEntries) this.#evictOldest()
      slot = this.#index.insert(key.words, key.wordLen, h)
      e = new FlowEntry()
      e.id = this.#nextId++
      e.slot = slot
      this.#entries[slot] = e
      initFlow(this.options, e, f, p, key, parent, ipMetric)
    }
    accountPacket(this.options, e, f, p, firstTransport)
    e.updateVersion = this.#updateVersion + 1
    return e
  }

  #evictOldest(): void {
    // upstream's LRU drops the least recently used flow silently and counts it
    this.#remove(this.#entries[this.#index.oldest]!)
    this.#stats.FlowDropped++
  }

  #remove(e: FlowEntry): void {
    this.#index.remove(e.slot)
    this.#entries[e.slot] = undefined
  }

  /**
   * The flows as JSON objects (a snapshot): least recently updated first (upstream's LRU
   * order), or in creation order.
   */
  *flows(order: 'lru' | 'created' = 'lru'): IterableIterator<WireFlow> {
    const slots = [...this.#index.slots()]
    if (order === 'created') slots.sort((a, b) => this.#entries[a]!.id - this.#entries[b]!.id)
    for (const s of slots) yield toWireFlow(this.#entries[s]!)
  }

  /** Runs the update and expire ticks that are due at `now` (call it every second or so). */
  tick(now = this.#now()): WireFlow[] {
    const sent: WireFlow[] = []
    if (this.#nextUpdateAt < 0) this.#nextUpdateAt = now + this.options.updateSeconds * 1000
    if (this.#nextExpireAt < 0) this.#nextExpireAt = now + this.options.expireSeconds * 1000
    if (now >= this.#nextUpdateAt) {
      sent.push(...this.update(now))
      this.#nextUpdateAt = now + this.options.updateSeconds * 1000
    }
    if (now >= this.#nextExpireAt) {
      sent.push(...this.expire(now))
      this.#nextExpireAt = now + this.options.expireSeconds * 1000
    }
    return sent
  }

  /**
   * Update tick (§3.7): flows updated since the previous tick get LastUpdateMetric and are
   * sent; idle flows past their application timeout finish with TIMEOUT and are sent and
   * removed; finished flows idle for HOLD_MS are removed.
   */
  update(now = this.#now()): WireFlow[] {
    const from = this.#lastUpdate
    const sent: WireFlow[] = []
    for (const s of [...this.#index.slots()]) {
      const e = this.#entries[s]!
      const timeout = (this.options.appTimeouts[e.application] ?? 0) * 1000
      if (e.updateVersion > this.#updateVersion) {
        this.#lastUpdateMetric(e, from, now)
        sent.push(this.#send(e))
      } else if (timeout > 0 && now - e.last > timeout) {
        e.finishType = 1
        sent.push(this.#send(e))
        this.#remove(e)
      } else if (e.hasLastUpdate) {
        e.luABPackets = e.luABBytes = e.luBAPackets = e.luBABytes = 0
        e.luStart = from
        e.luLast = now
      } else {
        e.hasLastUpdate = true
        e.luABPackets = e.luABBytes = e.luBAPackets = e.luBABytes = e.luRtt = 0
        e.luStart = from
        e.luLast = now
      }
      e.snapABPackets = e.abPackets
      e.snapABBytes = e.abBytes
      e.snapBAPackets = e.baPackets
      e.snapBABytes = e.baBytes
      if (e.finishType !== 0 && now - e.last >= HOLD_MS && this.#entries[s] === e) this.#remove(e)
    }
    this.#lastUpdate = now
    this.#updateVersion++
    if (sent.length) this.options.onFlows?.(sent)
    return sent
  }

  /** Expire tick (§3.7): flows idle since before the previous expire tick are removed. */
  expire(now = this.#now()): WireFlow[] {
    const sent = this.#expireBefore(this.#lastExpire)
    this.#lastExpire = now
    return sent
  }

  /**
   * Flushes TCP reassembly and expires every flow (table flush/stop): unfinished flows are
   * sent with TIMEOUT, finished ones removed silently.
   */
  flush(): WireFlow[] {
    for (const s of [...this.#index.slots()]) {
      const e = this.#entries[s]!
      for (const ab of [true, false]) {
        const st = ab ? e.streamAB : e.streamBA
        if (!st) continue
        while (!st.closed) st.skipFlush()
        completeStream(e, st, ab)
      }
    }
    return this.#expireBefore(Number.MAX_SAFE_INTEGER)
  }

  #expireBefore(before: number): WireFlow[] {
    const sent: WireFlow[] = []
    for (const s of [...this.#index.slots()]) {
      const e = this.#entries[s]!
      if (e.last >= before) continue
      if (e.updateVersion > this.#updateVersion) this.#lastUpdateMetric(e, this.#lastUpdate, e.last)
      if (e.finishType === 0) {
        e.finishType = 1
        sent.push(this.#send(e))
      }
      this.#remove(e)
    }
    if (sent.length) this.options.onFlows?.(sent)
    return sent
  }

  /** LastUpdateMetric = Metric minus the counters at the previous tick. */
  #lastUpdateMetric(e: FlowEntry, start: number, last: number): void {
    if (!e.hasLastUpdate) {
      e.hasLastUpdate = true
      start = e.start
    }
    e.luABPackets = e.abPackets - e.snapABPackets
    e.luABBytes = e.abBytes - e.snapABBytes
    e.luBAPackets = e.baPackets - e.snapBAPackets
    e.luBABytes = e.baBytes - e.snapBABytes
    e.luRtt = e.rtt
    e.luStart = start
    e.luLast = last
  }

  #send(e: FlowEntry): WireFlow {
    const w = toWireFlow(e)
    e.rawPackets.length = 0
    return w
  }

  #now(): number {
    if (!this.options.clock) throw new TypeError('FlowTable needs a clock for ticks without an explicit time')
    return this.options.clock.now()
  }
}
