/**
 * The WebAssembly JSON writer (flow-json.wat) over a WasmFastPath's memory: writes a flow's
 * JSON line straight from its record, as writeFlowJson does. Printing 10,000 flows with the
 * JavaScript writer took ~80 ms, most of it before V8 had optimised it (bench/RESULTS.md);
 * compiled WebAssembly runs at full speed from the first flow. Flows it does not write (see
 * the .wat) are written by writeFlowJson into the same buffer.
 */
import { FLOW_JSON_WASM } from './flow-json-wasm.js'
import { JSON_KEYS, TCP_JSON_KEYS } from './flow-json.js'
import type { FlowContext } from './flow-create.js'
import type { Interner } from './interner.js'
import { type WasmMemory, instantiate } from './wasm-module.js'
import { FLOW_PROTOCOLS } from '../../wire/index.js'

/**
 * Texts by the index flow-json.wat uses: constants 0–28, TCPMetric keys 29–50, transport
 * protocol names 51–58, the base64 alphabet 59; interned strings follow from FIRST_STRING.
 */
const TEXTS: readonly string[] = [
  JSON_KEYS.UUID, JSON_KEYS.PATH, JSON_KEYS.APP, JSON_KEYS.LINK, JSON_KEYS.B, JSON_KEYS.ID, JSON_KEYS.NET4,
  JSON_KEYS.TRANS, JSON_KEYS.TA, JSON_KEYS.TB, JSON_KEYS.T_END, JSON_KEYS.LU, JSON_KEYS.METRIC, JSON_KEYS.TCP,
  JSON_KEYS.ABP, JSON_KEYS.ABB, JSON_KEYS.BAP, JSON_KEYS.BAB, JSON_KEYS.START, JSON_KEYS.LAST, JSON_KEYS.RTT,
  JSON_KEYS.IPM, JSON_KEYS.IPM_ERR, JSON_KEYS.TID, JSON_KEYS.L3TID, JSON_KEYS.PARENT,
  // without extras a flow has captured no raw packets
  `${JSON_KEYS.RAW}0`, JSON_KEYS.FINISH, `${JSON_KEYS.CID}"1:`,
  ...TCP_JSON_KEYS, ...FLOW_PROTOCOLS,
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
]
const FIRST_STRING = 60
/** Interned strings placed at most; a flow with a later one is written by JavaScript. */
const MAX_STRINGS = 2048
/** Longest quoted string placed (the .wat's bound is 2048). */
const MAX_STRING_BYTES = 1024
const ENTRIES = (FIRST_STRING + MAX_STRINGS) * 8
const TEXT_BYTES = 48 * 1024
const SCRATCH = 512
/** A line is at most two strings and ~2 KB of the rest: the room `line` may write into past a chunk. */
export const LINE_ROOM = 8 * 1024
/** The largest chunk the writer takes (FlowTable.jsonLineChunks' default). */
export const JSON_CHUNK = 1024 * 1024
/** Bytes of memory the writer needs from `at` on. */
export const WASM_JSON_BYTES = ENTRIES + TEXT_BYTES + SCRATCH + JSON_CHUNK + LINE_ROOM

/** xxHash64 of 00 00 01 8a bc de f0 12 seeded with 0x0123456789abcdef (reference implementation). */
const XXH64_VECTOR = 0x1db41960d00df4d6n

interface Exports {
  line(m: number, out: number): number
  texts: { value: number }; ntexts: { value: number }; scratch: { value: number }; seed: { value: number }
}

const encoder = new TextEncoder()

export class WasmFlowJson {
  /** The output buffer: a JsonBytes over it is written by `line` and by writeFlowJson. */
  readonly out: Uint8Array
  readonly #x: Exports
  readonly #bytes: Uint8Array
  readonly #entries: Int32Array
  readonly #base: number
  #textEnd: number
  #strings = 0

  private constructor(memory: WasmMemory, at: number, seed: number) {
    this.#x = instantiate<Exports>(FLOW_JSON_WASM, memory)
    const buffer = memory.buffer
    this.#bytes = new Uint8Array(buffer)
    this.#entries = new Int32Array(buffer, at, ENTRIES / 4)
    this.#base = at
    this.#textEnd = at + ENTRIES
    this.#x.texts.value = at
    this.#x.scratch.value = at + ENTRIES + TEXT_BYTES
    this.#x.seed.value = ((seed >> 8) & 255) << 8 | (seed & 255)
    for (let i = 0; i < TEXTS.length; i++) this.#place(i, encoder.encode(TEXTS[i]))
    this.#x.ntexts.value = FIRST_STRING
    this.out = new Uint8Array(buffer, at + ENTRIES + TEXT_BYTES + SCRATCH, JSON_CHUNK + LINE_ROOM)
  }

  /**
   * A writer over `WASM_JSON_BYTES` of `memory` from `at` (8-aligned) for the flows of `ctx`,
   * or undefined when its lines would differ from writeFlowJson's: a NodeTID or CaptureID
   * (not written by the module), or a hash that is not xxHash64.
   */
  static create(memory: WasmMemory, at: number, ctx: FlowContext): WasmFlowJson | undefined {
    const o = ctx.o
    if (o.nodeTID || o.captureID) return undefined
    if (o.hash64(Uint8Array.of(0, 0, 1, 0x8a, 0xbc, 0xde, 0xf0, 0x12), 0x0123456789abcdefn) !== XXH64_VECTOR) return undefined
    return new WasmFlowJson(memory, at, o.communityIdSeed)
  }

  /** Places the strings interned since the last call (LayersPath, Application). */
  sync(strings: Interner): void {
    const n = Math.min(strings.size, MAX_STRINGS)
    for (; this.#strings < n; this.#strings++) {
      const b = encoder.encode(JSON.stringify(strings.str(this.#strings)))
      const i = FIRST_STRING + this.#strings
      if (b.length > MAX_STRING_BYTES || !this.#place(i, b)) this.#entries[2 * i + 1] = -1
    }
    this.#x.ntexts.value = FIRST_STRING + this.#strings
  }

  /**
   * Writes the JSON line (with its newline) of the record whose first number is at byte `m`
   * to `out[pos…]`; returns the position after it, or -1 when writeFlowJson must write it.
   */
  line(m: number, pos: number): number {
    const at = this.out.byteOffset
    const end = this.#x.line(m, at + pos)
    return end === 0 ? -1 : end - at
  }

  #place(i: number, b: Uint8Array): boolean {
    const padded = (b.length + 7) & ~7
    if (this.#textEnd + padded > this.#base + ENTRIES + TEXT_BYTES) return false
    this.#bytes.set(b, this.#textEnd)
    this.#entries[2 * i] = this.#textEnd
    this.#entries[2 * i + 1] = b.length
    this.#textEnd += padded
    return true
  }
}
