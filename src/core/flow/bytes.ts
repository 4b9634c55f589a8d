/** Big-endian reads of capture bytes, shared by the decoder-side modules of the flow table. */

/** The unsigned 32-bit big-endian number at `b[o]`. */
export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0
}
