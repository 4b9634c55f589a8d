/**
 * The WebAssembly fast path (fast-path.wat): the flow table's hash table, records and use
 * stamps live in the module's memory (a FlowArena), and a fast-shape frame read into that
 * memory is counted by compiled code instead of JavaScript that V8 first has to warm up. On the
 * benchmark trace (bench/RESULTS.md) it does the fast path's work in about half the time. It
 * also creates the flows of such frames, in never-used slots the table lets it have, and follows
 * TCP flags and streams as long as no segment has to wait out of order; every other frame is the
 * JavaScript path's.
 */
import { FAST_PATH_WASM } from './fast-path-wasm.js'
import type { FlowContext } from './flow-create.js'
import { type FlowArena, flowArenaLayout } from './flow-index.js'
import { WASM_JSON_BYTES, WasmFlowJson } from './wasm-flow-json.js'
import { type WasmMemory, instantiate, wasmMemory } from './wasm-module.js'

/** Memory for the reader's buffers: four of (1 MiB head room + 1 MiB chunk), readPcapFile's default. */
const PACKET_BYTES = 4 * 2 * 1024 * 1024
/** A byte per port: 1 a UDP port with a decoder, 2 a TCP application port, 4 a UDP one. */
const PORTS = 65536
/** After the ports: scratch for the key words and for a new flow's hash input, then the arena. */
const KEY_WORDS = PORTS, HASH_INPUT = PORTS + 64, ARENA = PORTS + 128
/** Above this the table keeps its flows in arrays (wasm32 memories stop at 4 GiB). */
const MAX_BYTES = 2 ** 31

/** An exported mutable global of the module. */
interface Global { value: number }

interface Exports {
  fast(o: number, cap: number, wire: number, sec: number, nsec: number, stamp: number, updv: number): number
  run(p: number, end: number, le: number, nano: number, maxCap: number, stamp0: number, updv: number): number
  next: Global
  tab: Global; mask: Global; recs: Global; stride: Global; stamps: Global; udp: Global; l2: Global; reasm: Global; kw: Global; hin: Global
  room: Global; slot0: Global; created: Global; id: Global; ipm: Global; tcpm: Global
  pathTcp: Global; appTcp: Global; pathUdp: Global; appUdp: Global
}

/** What the module does as the table's options say. */
export interface WasmFastPathSettings {
  maxEntries: number
  /** Float64 numbers per flow (NUMBERS) */
  numbers: number
  /** the decoder's UDP ports (non-zero: a port with a decoder, whose frames are not of the fast shape) */
  udpPorts: Uint8Array
  /** ports with an application name (appPorts): flows on them are created by JavaScript */
  appPorts: { tcp: readonly number[]; udp: readonly number[] }
  l2: boolean
  reassemble: boolean
  extraTCPMetric: boolean
  ipDefrag: boolean
  /** interned LayersPath and Application of Ethernet/IPv4/TCP and Ethernet/IPv4/UDP flows */
  ids: { pathTcp: number; appTcp: number; pathUdp: number; appUdp: number }
}

/** A module instance over its own memory, with the arena a FlowIndex keeps the flows in. */
export class WasmFastPath {
  readonly arena: FlowArena
  readonly memory: ArrayBuffer
  readonly fast: Exports['fast']
  /** counts a run of classic-pcap records (fast-path.wat `run`); next() is where it stopped */
  readonly run: Exports['run']
  readonly next: () => number
  readonly #x: Exports
  readonly #packets: number
  readonly #memory: WasmMemory
  #json: WasmFlowJson | undefined | null = null

  private constructor(o: WasmFastPathSettings) {
    const layout = flowArenaLayout(ARENA, o.maxEntries, o.numbers)
    this.#packets = layout.end
    // the JSON writer's texts and output after the packet buffers, untouched until flows are printed
    const memory = (this.#memory = wasmMemory(this.#packets + PACKET_BYTES + WASM_JSON_BYTES))
    const x = (this.#x = instantiate<Exports>(FAST_PATH_WASM, memory))
    this.memory = memory.buffer
    const ports = new Uint8Array(this.memory, 0, PORTS)
    for (let p = 0; p < PORTS; p++) if (o.udpPorts[p]) ports[p] = 1
    for (const p of o.appPorts.tcp) ports[p]! |= 2
    for (const p of o.appPorts.udp) ports[p]! |= 4
    x.udp.value = 0
    x.kw.value = KEY_WORDS
    x.hin.value = HASH_INPUT
    x.recs.value = layout.recs
    x.stride.value = layout.stride
    x.stamps.value = layout.stamps
    x.l2.value = o.l2 ? 1 : 0
    x.reasm.value = o.reassemble ? 1 : 0
    x.tcpm.value = o.extraTCPMetric ? 1 : 0
    x.ipm.value = o.ipDefrag ? 1 : 0
    x.pathTcp.value = o.ids.pathTcp
    x.appTcp.value = o.ids.appTcp
    x.pathUdp.value = o.ids.pathUdp
    x.appUdp.value = o.ids.appUdp
    this.fast = x.fast
    this.run = x.run
    this.next = () => x.next.value
    this.arena = { buffer: this.memory, layout, onTable: (at, mask) => { x.tab.value = at; x.mask.value = mask } }
  }

  /** An instance for a table of `maxEntries` flows, or undefined when that would not fit a module's memory. */
  static create(o: WasmFastPathSettings): WasmFastPath | undefined {
    if (flowArenaLayout(ARENA, o.maxEntries, o.numbers).end + PACKET_BYTES + WASM_JSON_BYTES > MAX_BYTES) return undefined
    try {
      return new WasmFastPath(o)
    } catch {
      return undefined // no memory that large here (e.g. ulimit -v): the JavaScript path does the same
    }
  }

  /**
   * Lets the next calls create up to `room` flows, in the slots from `slot0` on (FlowIndex's
   * never-used ones), numbered from `id`; created() then says how many they made.
   */
  allow(room: number, slot0: number, id: number): void {
    const x = this.#x
    x.room.value = room
    x.slot0.value = slot0
    x.id.value = id
    x.created.value = 0
  }

  /** Flows created since allow(). */
  created(): number {
    return this.#x.created.value
  }

  /** `count` buffers of `size` bytes in the module's memory, or undefined when they do not fit. */
  packetBuffers(count: number, size: number): Uint8Array[] | undefined {
    if (count * size > PACKET_BYTES) return undefined
    return Array.from({ length: count }, (_, i) => new Uint8Array(this.memory, this.#packets + i * size, size))
  }

  /** The JSON writer over this memory for the flows of `ctx` (made on first use), or undefined when it does not apply. */
  json(ctx: FlowContext): WasmFlowJson | undefined {
    if (this.#json === null) this.#json = WasmFlowJson.create(this.#memory, this.#packets + PACKET_BYTES, ctx)
    return this.#json
  }
}
