/**
 * One decoded frame as a list of layers over the capture buffer. Reused for every packet:
 * the decoder writes into typed arrays, nothing is allocated per packet, and layer fields are
 * read from `buf` at the stored offsets only when needed.
 */

/** Most layers kept per frame; deeper stacks end with a Payload layer. */
export const MAX_LAYERS = 48

const EMPTY = new Uint8Array(0)

/** A decoded frame: layer codes (layer-types.ts) with their offsets into `buf`. */
export class DecodedFrame {
  /** bytes the offsets point into (the capture buffer, or a defragmentation copy) */
  buf: Uint8Array = EMPTY
  count = 0
  /** layer code of each layer */
  readonly types = new Uint8Array(MAX_LAYERS)
  /** offset of each layer's header in `buf` */
  readonly offsets = new Int32Array(MAX_LAYERS)
  /** header length (gopacket LayerContents length) of each layer */
  readonly lens = new Int32Array(MAX_LAYERS)
  /** end (exclusive) of the bytes the layer covers, header and payload */
  readonly ends = new Int32Array(MAX_LAYERS)
  /** per-layer number: VLAN id, VXLAN/Geneve VNI, GRE key, MPLS label, IPv4/IPv6 length field */
  readonly values = new Float64Array(MAX_LAYERS)
  /** the frame ended with a DecodeFailure layer */
  failed = false
  /** original (wire) length of the frame */
  wireLen = 0
  /** capture time: whole seconds and nanoseconds within the second */
  tsSec = 0
  tsNsec = 0
  /** capture time in Unix milliseconds (Go's UnixNano()/1e6), set with tsSec/tsNsec */
  ms = 0

  /** Index of the first layer of `type` in [from, to), or -1. */
  find(type: number, from = 0, to = this.count): number {
    const types = this.types
    for (let i = from; i < to; i++) if (types[i] === type) return i
    return -1
  }

  /** Appends a layer; returns its index. */
  push(type: number, offset: number, len: number, end: number, value = 0): number {
    const i = this.count++
    this.types[i] = type
    this.offsets[i] = offset
    this.lens[i] = len
    this.ends[i] = end
    this.values[i] = value
    return i
  }

}
