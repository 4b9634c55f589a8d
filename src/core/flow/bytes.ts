/**
 * Big-endian reads of capture bytes, shared by the decoder-side modules of the flow table, and
 * 64-bit ids split into and joined from 32-bit halves (how flow records keep them).
 */

/** The unsigned 32-bit big-endian number at `b[o]`. */
export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0
}

// 64-bit ids as two 32-bit halves through one shared 8-byte view: BigInt shifts and masks
// allocate a BigInt each, several per flow created or printed.
const U64 = new BigUint64Array(1)
const U32 = new Uint32Array(U64.buffer)
const HI = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0, LO = 1 - HI

/** High 32 bits of the unsigned 64-bit `v`. */
export function hiOf(v: bigint): number {
  U64[0] = v
  return U32[HI]!
}

/** Low 32 bits of the unsigned 64-bit `v`. */
export function loOf(v: bigint): number {
  U64[0] = v
  return U32[LO]!
}

/** The unsigned 64-bit value `hi·2^32 + lo`. */
export function u64(hi: number, lo: number): bigint {
  U32[HI] = hi
  U32[LO] = lo
  return U64[0]!
}
