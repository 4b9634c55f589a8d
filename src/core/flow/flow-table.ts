/**
 * The Skydive flow table (spec/flows.md §3): packets in, flows out. Decodes each frame,
 * optionally defragments IPv4, cuts the frame into sub-packets, finds or creates one flow per
 * sub-packet and counts the packet; update and expire ticks produce LastUpdateMetric, expiry
 * and the hold of finished flows on the injected Clock.
 */
import { DecodedFrame } from './decoded-frame.js'
import { PacketDecoder, firstLayerOf } from './decoder.js'
import { type FlowContext, fastFlowIds, flowUuid, initFastFlow, initFlow } from './flow-create.js'
import { FlowExtras } from './flow-extras.js'
import { accountFastFrame, fastFrameKey } from './fast-path.js'
import { FlowIndex } from './flow-index.js'
import { flowJson, writeFlowJson } from './flow-json.js'
import { JsonBytes } from './json-bytes.js'
import { FlowKeyWriter } from './flow-key.js'
import { FlowLookupKey } from './flow-lookup-key.js'
import { type FlowTableOptions, type ResolvedFlowTableOptions, resolveFlowTableOptions } from './flow-options.js'
import { F, N, NUMBERS } from './flow-record.js'
import { type ExtrasStore, accountPacket, captureMs, completeStream } from './flow-update.js'
import { Interner } from './interner.js'
import { IPv4Defragmenter } from './ip-defrag.js'
import { L } from './layer-types.js'
import type { PcapBulk, PcapBulkResult } from './pcap-parser.js'
import { WasmFastPath } from './wasm-fast-path.js'
import { JSON_CHUNK } from './wasm-flow-json.js'
import { MAX_SUB_PACKETS, SubPacketSplit, SubPacketView } from './sub-packet.js'
import { S, skipFlush } from './tcp-reassembly.js'
import { toWireFlow } from './to-wire.js'
import type { WireFlow, WireFlowStats, WireIPMetric } from '../../wire/index.js'

/** Hold time of finished flows before removal (upstream HoldTimeoutMilliseconds). */
const HOLD_MS = 15_000

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
export class FlowTable implements ExtrasStore {
  readonly options: ResolvedFlowTableOptions
  /** per-slot objects of the flows that need one (ExtrasStore) */
  readonly extras: Array<FlowExtras | undefined> = []
  readonly #ctx: FlowContext
  readonly #decoder: PacketDecoder
  readonly #frame = new DecodedFrame()
  readonly #split = new SubPacketSplit()
  readonly #view = new SubPacketView()
  readonly #key = new FlowLookupKey()
  readonly #hashInput = new FlowKeyWriter()
  readonly #index: FlowIndex
  readonly #defrag: IPv4Defragmenter | undefined
  #nextId = 1
  /** packets counted by the fast path so far */
  fastPackets = 0
  /** JSON lines jsonLineChunks had the WebAssembly writer write (option fastWasm) */
  wasmJsonLines = 0
  /** of those, packets the WebAssembly fast path counted (option fastWasm) */
  wasmPackets = 0
  /** flows the WebAssembly fast path created */
  wasmFlows = 0
  /**
   * When >= 0: the number of the next packet in the whole trace. Flows it creates then get the
   * ids `creationOrder * MAX_SUB_PACKETS + k + 1` (k = sub-packet), so tables each fed one
   * shard of a trace list their flows in the order one table fed every packet would.
   */
  creationOrder = -1
  #linkType = -1
  #firstLayer = -1
  /** whether frames may take the fast path (fast-path.ts): not when raw packets are kept, which it does not do */
  readonly #fast: boolean
  /** the WebAssembly fast path (option fastWasm), for frames read into its memory */
  readonly #wasm: WasmFastPath | undefined
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
    const o = (this.options = resolveFlowTableOptions(options))
    this.#ctx = { o, strings: new Interner(), paths: new Map(), pathApp: [], nodeTid: new TextEncoder().encode(o.nodeTID) }
    this.#decoder = new PacketDecoder({ mplsUdpPorts: o.mplsUdpPorts })
    this.#fast = o.fastPath && o.rawPacketLimit === 0
    this.#wasm = o.fastWasm && this.#fast
      ? WasmFastPath.create({
        maxEntries: o.maxEntries, numbers: NUMBERS, udpPorts: this.#decoder.udpPorts,
        appPorts: { tcp: Object.keys(o.appPorts.tcp).map(Number), udp: Object.keys(o.appPorts.udp).map(Number) },
        l2: !o.l3, reassemble: o.reassembleTCP, extraTCPMetric: o.extraTCPMetric, ipDefrag: o.ipDefrag, ids: fastFlowIds(this.#ctx),
      })
      : undefined
    this.#index = new FlowIndex(o.maxEntries, NUMBERS, this.#wasm?.arena)
    this.#defrag = o.ipDefrag ? new IPv4Defragmenter() : undefined
    if (o.captureID) this.#stats.CaptureID = o.captureID
  }

  /**
   * `count` buffers of `size` bytes for reading frames into when the table has the WebAssembly
   * fast path (option fastWasm) and they fit its memory; frames from elsewhere take the
   * JavaScript path, with the same results.
   */
  packetBuffers(count: number, size: number): Uint8Array[] | undefined {
    return this.#wasm?.packetBuffers(count, size)
  }

  /**
   * A PcapBulk that counts runs of classic-pcap records read into packetBuffers() with the
   * WebAssembly fast path, as addPacket would one by one (undefined without that path), and
   * the result object the parser reads its end from.
   */
  pcapBulk(): { bulk: PcapBulk; result: PcapBulkResult } | undefined {
    const w = this.#wasm
    if (w === undefined) return undefined
    const result: PcapBulkResult = { next: 0 }
    const bulk: PcapBulk = (buf, p, end, le, nano, maxCap, linkType) => {
      const index = this.#index
      if (buf.buffer !== w.memory || linkType !== this.#linkType || this.#firstLayer !== L.ETHERNET || !index.stamping) return 0
      const at = buf.byteOffset
      this.#allowCreation(w)
      const n = w.run(at + p, at + end, le ? 1 : 0, nano ? 1 : 0, maxCap, index.nextUse(), this.#updateVersion + 1)
      this.#adoptCreated(w)
      if (n > 0) {
        index.skipUses(n - 1)
        this.#stats.PacketsReceived += n
        this.fastPackets += n
        this.wasmPackets += n
        result.next = w.next() - at
      }
      return n
    }
    return { bulk, result }
  }

  /** Number of flows in the table. */
  get size(): number {
    return this.#index.size
  }

  /** Most IPv4 datagrams the defragmenter held at once so far (0 without IPDefrag). */
  get defragHighWater(): number {
    return this.#defrag?.highWater ?? 0
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
    if (linkType !== this.#linkType) {
      this.#linkType = linkType
      this.#firstLayer = firstLayerOf(linkType) ?? -1
    }
    const first = this.#firstLayer
    this.#stats.PacketsReceived++
    if (first === L.ETHERNET && this.#fast) {
      const w = this.#wasm, index = this.#index
      if (w !== undefined && buf.buffer === w.memory && index.stamping) {
        this.#allowCreation(w)
        const counted = w.fast(buf.byteOffset + off, capLen, wireLen, tsSec, tsNsec, index.nextUse(), this.#updateVersion + 1)
        this.#adoptCreated(w)
        if (counted === 1) {
          this.fastPackets++
          this.wasmPackets++
          return
        }
      }
      if (this.#fastPacket(buf, off, capLen, wireLen, tsSec, tsNsec)) return
    }
    if (first < 0) {
      this.#stats.FramesIgnored++
      return
    }
    const f = this.#frame
    f.wireLen = wireLen
    f.tsSec = tsSec
    f.tsNsec = tsNsec
    f.ms = captureMs(tsSec, tsNsec)
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

  /** Lets the WebAssembly path create flows as #insert and #newId would (not for a shard's table, whose ids come from creationOrder). */
  #allowCreation(w: WasmFastPath): void {
    const index = this.#index
    w.allow(this.creationOrder < 0 ? index.freshRoom() : 0, index.freshSlot, this.#nextId)
  }

  #adoptCreated(w: WasmFastPath): void {
    const n = w.created()
    if (n > 0) {
      this.#index.adoptFresh(n)
      this.#nextId += n
      this.wasmFlows += n
    }
  }

  /** Counts a frame on the fast path, creating its flow if needed, when it has the fast shape; false otherwise, having changed nothing. */
  #fastPacket(buf: Uint8Array, off: number, capLen: number, wireLen: number, tsSec: number, tsNsec: number): boolean {
    const words = this.#key.words, index = this.#index
    const n = fastFrameKey(buf, off, off + capLen, !this.options.l3, this.#decoder.udpPorts, words)
    if (n === 0) return false
    const h = FlowIndex.hash(words, n)
    let slot = index.get(words, n, h)
    if (slot < 0) {
      // what #packetToFlow does for the decoder's one sub-packet of such a frame
      slot = this.#insert(words, n, h)
      this.#hashInput.writeFast(buf, off, !this.options.l3)
      initFastFlow(this.#ctx, index.f64(slot), index.num(slot), this.#newId(0), buf, off, captureMs(tsSec, tsNsec), this.#hashInput,
        this.#defrag !== undefined)
      this.extras[slot] = undefined
    }
    const m = index.f64(slot), at = index.num(slot)
    accountFastFrame(this.options, this, slot, m, at, buf, off, off + capLen, wireLen > 0 ? wireLen : capLen, tsSec, tsNsec)
    m[at + N.UPDATE_VERSION] = this.#updateVersion + 1
    this.fastPackets++
    return true
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
    let linkOrNet = false, firstTransport = -1, tunnel = false
    for (let i = 0; i < f.count; i++) {
      const t = types[i]
      if (t === L.ETHERNET || t === L.LINUX_SLL || t === L.LOOPBACK || t === L.IPV4 || t === L.IPV6) linkOrNet = true
      else if ((t === L.TCP || t === L.UDP || t === L.SCTP) && firstTransport < 0) firstTransport = i
      else if (t === L.GRE || t === L.VXLAN || t === L.GENEVE || t === L.MPLS) tunnel = true
    }
    if (!linkOrNet) {
      this.#stats.FramesIgnored++
      return
    }
    const split = this.#split, p = this.#view
    if (tunnel) split.split(f, capLen)
    else split.single(f, capLen)
    let parent = -1
    const last = split.count - 1
    for (let k = 0; k <= last; k++) {
      p.load(f, split.starts[k]!, split.ends[k]!, split.lengths[k]!)
      // Quirk (flows spec §6.9): a sub-packet with neither Ethernet nor IP (stacked MPLS labels)
      // is skipped; the next one hangs off the last flow made (upstream dereferences nil here)
      if (k > 0 && p.link < 0 && p.net < 0) continue
      parent = this.#packetToFlow(f, p, k === 0 ? p.firstIp : p.net, parent, k === last ? ipMetric : null, firstTransport, k)
    }
  }

  /** Finds or creates the flow of a sub-packet, counts the packet; returns the flow's slot. */
  #packetToFlow(f: DecodedFrame, p: SubPacketView, keyNet: number, parent: number, ipMetric: WireIPMetric | null, firstTransport: number, k: number): number {
    const key = this.#key, index = this.#index
    const parentId = parent < 0 ? 0 : index.f64(parent)[index.num(parent) + N.ID]!
    key.build(f, p, keyNet, !this.options.l3, parentId)
    const h = FlowIndex.hash(key.words, key.n)
    let slot = index.get(key.words, key.n, h)
    if (slot < 0) {
      // the parent's UUID is read first: eviction may reuse the parent's record
      const parentUuid = parent < 0 ? null : flowUuid(this.#ctx, index.f64(parent), index.num(parent))
      slot = this.#insert(key.words, key.n, h)
      this.#hashInput.write(f, p, keyNet, !this.options.l3)
      this.extras[slot] = initFlow(this.#ctx, index.f64(slot), index.num(slot), this.#newId(k), f, p, this.#hashInput, parentUuid, ipMetric)
    }
    const m = index.f64(slot), n = index.num(slot)
    accountPacket(this.options, this, slot, m, n, f, p, key, firstTransport)
    m[n + N.UPDATE_VERSION] = this.#updateVersion + 1
    return slot
  }

  /** A slot for a new flow's key, the least recently used flow evicted first when the table is full. */
  #insert(words: Int32Array, n: number, h: number): number {
    if (this.#index.size >= this.options.maxEntries) this.#evictOldest()
    return this.#index.insert(words, n, h)
  }

  /** Id of a flow created now by sub-packet `k` of the frame (see creationOrder). */
  #newId(k: number): number {
    return this.creationOrder < 0 ? this.#nextId++ : this.creationOrder * MAX_SUB_PACKETS + k + 1
  }

  #evictOldest(): void {
    // upstream's LRU drops the least recently used flow silently and counts it
    this.#remove(this.#index.oldest)
    this.#stats.FlowDropped++
  }

  /** The page store of a flow (its extras object, created on first use). */
  pageStore(slot: number): FlowExtras {
    return (this.extras[slot] ??= new FlowExtras())
  }

  #remove(slot: number): void {
    this.#index.remove(slot)
    this.extras[slot] = undefined
  }

  #wire(slot: number): WireFlow {
    return toWireFlow(this.#ctx, this.#index.f64(slot), this.#index.num(slot), this.extras[slot])
  }

  /**
   * The flows as JSON objects (a snapshot): least recently updated first (upstream's LRU
   * order), or in creation order.
   */
  *flows(order: 'lru' | 'created' = 'lru'): IterableIterator<WireFlow> {
    const slots = order === 'created' ? this.#createdSlots() : [...this.#index.slots()]
    for (const s of slots) yield this.#wire(s)
  }

  /** The flows in creation order as JSON text (that of JSON.stringify(flow)), each with its creation id (see creationOrder). */
  *jsonWithIds(): IterableIterator<[number, string]> {
    const index = this.#index
    for (const s of this.#createdSlots()) yield [this.#id(s), flowJson(this.#ctx, index.f64(s), index.num(s), this.extras[s])]
  }

  /**
   * The flows in creation order as JSON lines (UTF-8, the text of jsonWithIds), in chunks of
   * about `chunkBytes`. One buffer serves every chunk: a chunk is valid until the next one is
   * asked for (printing a million flows through fresh buffers left ~500 MB of them to the
   * garbage collector).
   */
  *jsonLineChunks(chunkBytes = 1 << 20): IterableIterator<Uint8Array> {
    const index = this.#index
    // with the WebAssembly fast path its JSON writer writes what it can, in its memory
    const fast = chunkBytes <= JSON_CHUNK ? this.#wasm?.json(this.#ctx) : undefined
    const w = new JsonBytes(fast ? fast.out : chunkBytes + 4096)
    fast?.sync(this.#ctx.strings)
    for (const s of this.#createdSlots()) {
      const x = this.extras[s]
      let end = -1
      if (fast && x === undefined && w.buf === fast.out) end = fast.line(index.numbersAt(s), w.pos)
      if (end >= 0) {
        w.pos = end
        this.wasmJsonLines++
      } else {
        writeFlowJson(w, this.#ctx, index.f64(s), index.num(s), x)
        w.byte(10)
      }
      if (w.pos >= chunkBytes) {
        yield w.view()
        w.reset()
        if (fast) {
          // a flow written by JavaScript may have outgrown the module's buffer
          w.buf = fast.out
          fast.sync(this.#ctx.strings)
        }
      }
    }
    if (w.pos > 0) yield w.view()
  }

  #id(slot: number): number {
    return this.#index.f64(slot)[this.#index.num(slot) + N.ID]!
  }

  /** The slots of the flows, by ascending creation id. */
  #createdSlots(): number[] {
    return this.#index.slotsBy((s) => this.#id(s))
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
      const m = this.#index.f64(s), n = this.#index.num(s)
      const timeout = (this.options.appTimeouts[this.#ctx.strings.str(m[n + N.APP]!)] ?? 0) * 1000
      let removed = false
      if (m[n + N.UPDATE_VERSION]! > this.#updateVersion) {
        lastUpdateMetric(m, n, from, now)
        sent.push(this.#send(s))
      } else if (timeout > 0 && now - m[n + N.LAST]! > timeout) {
        m[n + N.FINISH_TYPE] = 1
        sent.push(this.#send(s))
        this.#remove(s)
        removed = true
      } else {
        m[n + N.FLAGS] = m[n + N.FLAGS]! | F.LAST_UPDATE
        m[n + N.LU_AB_PACKETS] = m[n + N.LU_AB_BYTES] = m[n + N.LU_BA_PACKETS] = m[n + N.LU_BA_BYTES] = 0
        m[n + N.LU_START] = from
        m[n + N.LU_LAST] = now
      }
      m[n + N.SNAP_AB_PACKETS] = m[n + N.AB_PACKETS]!
      m[n + N.SNAP_AB_BYTES] = m[n + N.AB_BYTES]!
      m[n + N.SNAP_BA_PACKETS] = m[n + N.BA_PACKETS]!
      m[n + N.SNAP_BA_BYTES] = m[n + N.BA_BYTES]!
      if (!removed && m[n + N.FINISH_TYPE] !== 0 && now - m[n + N.LAST]! >= HOLD_MS) this.#remove(s)
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
    if (this.options.reassembleTCP) {
      for (const slot of [...this.#index.slots()]) {
        const m = this.#index.f64(slot), n = this.#index.num(slot)
        for (const ab of [true, false]) {
          const s = n + (ab ? N.STREAM_AB : N.STREAM_BA)
          if (m[s + S.OPEN] === 0) continue
          while (!skipFlush(m, s, this, slot, ab));
          completeStream(m, n, this, slot, ab)
        }
      }
    }
    return this.#expireBefore(Number.MAX_SAFE_INTEGER)
  }

  #expireBefore(before: number): WireFlow[] {
    const sent: WireFlow[] = []
    for (const s of [...this.#index.slots()]) {
      const m = this.#index.f64(s), n = this.#index.num(s)
      const last = m[n + N.LAST]!
      if (last >= before) continue
      if (m[n + N.UPDATE_VERSION]! > this.#updateVersion) lastUpdateMetric(m, n, this.#lastUpdate, last)
      if (m[n + N.FINISH_TYPE] === 0) {
        m[n + N.FINISH_TYPE] = 1
        sent.push(this.#send(s))
      }
      this.#remove(s)
    }
    if (sent.length) this.options.onFlows?.(sent)
    return sent
  }

  /** Serialises a flow being sent; its stored raw packets are cleared (§3.7). */
  #send(slot: number): WireFlow {
    const w = this.#wire(slot)
    const x = this.extras[slot]
    if (x) x.rawPackets.length = 0
    return w
  }

  #now(): number {
    if (!this.options.clock) throw new TypeError('FlowTable needs a clock for ticks without an explicit time')
    return this.options.clock.now()
  }
}

/** LastUpdateMetric = Metric minus the counters at the previous tick (§3.7 step 1). */
function lastUpdateMetric(m: Float64Array, n: number, start: number, last: number): void {
  const flags = m[n + N.FLAGS]!
  if ((flags & F.LAST_UPDATE) === 0) {
    m[n + N.FLAGS] = flags | F.LAST_UPDATE
    start = m[n + N.START]!
  }
  m[n + N.LU_AB_PACKETS] = m[n + N.AB_PACKETS]! - m[n + N.SNAP_AB_PACKETS]!
  m[n + N.LU_AB_BYTES] = m[n + N.AB_BYTES]! - m[n + N.SNAP_AB_BYTES]!
  m[n + N.LU_BA_PACKETS] = m[n + N.BA_PACKETS]! - m[n + N.SNAP_BA_PACKETS]!
  m[n + N.LU_BA_BYTES] = m[n + N.BA_BYTES]! - m[n + N.SNAP_BA_BYTES]!
  m[n + N.LU_RTT] = m[n + N.RTT]!
  m[n + N.LU_START] = start
  m[n + N.LU_LAST] = last
}
