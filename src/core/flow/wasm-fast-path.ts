/**
 * The WebAssembly fast path (fast-path.wat): the flow table's hash table, records and use
 * stamps live in the module's memory (a FlowArena), and a fast-shape frame read into that
 * memory is counted by compiled code instead of JavaScript that V8 first has to warm up. On the
 * benchmark trace (bench/RESULTS.md) it does the fast path's work in about half the time. The
 * module leaves every other frame, new flows and TCP flags to the JavaScript path.
 */
import { FAST_PATH_WASM } from './fast-path-wasm.js'
import type { FlowContext } from './flow-create.js'
import { type FlowArena, flowArenaLayout } from './flow-index.js'
import { WASM_JSON_BYTES, WasmFlowJson } from './wasm-flow-json.js'

/** Memory for the reader's buffers: four of (1 MiB head room + 1 MiB chunk), readPcapFile's default. */
const PACKET_BYTES = 4 * 2 * 1024 * 1024
const UDP_PORTS = 65536
/** Above this the table keeps its flows in arrays (wasm32 memories stop at 4 GiB). */
const MAX_BYTES = 2 ** 31

/** The parts of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer }
  Module: new (bytes: Uint8Array) => object
  Instance: new (m: object, imports: object) => { exports: unknown }
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

let compiled: object | undefined

/** An exported mutable global of the module. */
interface Global { value: number }

interface Exports {
  fast(o: number, cap: number, wire: number, sec: number, nsec: number, stamp: number, updv: number): number
  run(p: number, end: number, le: number, nano: number, maxCap: number, stamp0: number, updv: number): number
  next: Global
  tab: Global; mask: Global; recs: Global; stride: Global; stamps: Global; udp: Global; l2: Global; reasm: Global; kw: Global
}

/** A module instance over its own memory, with the arena a FlowIndex keeps the flows in. */
export class WasmFastPath {
  readonly arena: FlowArena
  readonly memory: ArrayBuffer
  readonly fast: Exports['fast']
  /** counts a run of classic-pcap records (fast-path.wat `run`); next() is where it stopped */
  readonly run: Exports['run']
  readonly next: () => number
  readonly #packets: number
  readonly #memory: object
  #json: WasmFlowJson | undefined | null = null

  private constructor(maxEntries: number, numbers: number, udpPorts: Uint8Array, l2: boolean, reassemble: boolean) {
    const kw = UDP_PORTS, layout = flowArenaLayout(kw + 64, maxEntries, numbers)
    this.#packets = layout.end
    // the JSON writer's texts and output after the packet buffers, untouched until flows are printed
    const memory = new wasm.Memory({ initial: Math.ceil((this.#packets + PACKET_BYTES + WASM_JSON_BYTES) / 65536) })
    this.#memory = memory
    compiled ??= new wasm.Module(Uint8Array.from(atob(FAST_PATH_WASM), (c) => c.charCodeAt(0)))
    const x = new wasm.Instance(compiled, { env: { mem: memory } }).exports as Exports
    this.memory = memory.buffer
    new Uint8Array(this.memory, 0, UDP_PORTS).set(udpPorts)
    x.udp.value = 0
    x.kw.value = kw
    x.recs.value = layout.recs
    x.stride.value = layout.stride
    x.stamps.value = layout.stamps
    x.l2.value = l2 ? 1 : 0
    x.reasm.value = reassemble ? 1 : 0
    this.fast = x.fast
    this.run = x.run
    this.next = () => x.next.value
    this.arena = { buffer: this.memory, layout, onTable: (at, mask) => { x.tab.value = at; x.mask.value = mask } }
  }

  /** An instance for a table of `maxEntries` flows, or undefined when that would not fit a module's memory. */
  static create(maxEntries: number, numbers: number, udpPorts: Uint8Array, l2: boolean, reassemble: boolean): WasmFastPath | undefined {
    if (flowArenaLayout(UDP_PORTS + 64, maxEntries, numbers).end + PACKET_BYTES + WASM_JSON_BYTES > MAX_BYTES) return undefined
    try {
      return new WasmFastPath(maxEntries, numbers, udpPorts, l2, reassemble)
    } catch {
      return undefined // no memory that large here (e.g. ulimit -v): the JavaScript path does the same
    }
  }

  /** `count` buffers of `size` bytes in the module's memory, or undefined when they do not fit. */
  packetBuffers(count: number, size: number): Uint8Array[] | undefined {
    if (count * size > PACKET_BYTES) return undefined
    return Array.from({ length: count }, (_, i) => new Uint8Array(this.memory, this.#packets + i * size, size))
  }

  /** The JSON writer over this memory for the flows of `ctx` (made on first use), or undefined when it does not apply. */
  json(ctx: FlowContext): WasmFlowJson | undefined {
    if (this.#json === null) this.#json = WasmFlowJson.create(this.#memory, this.memory, this.#packets + PACKET_BYTES, ctx)
    return this.#json
  }
}
