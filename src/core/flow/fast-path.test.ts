import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../test/fixtures/prng.js'
import { nearFastShapeFrame } from '../../../test/flow/frames.js'
import { DecodedFrame, PacketDecoder } from './decoder.js'
import { fastFrameKey } from './fast-path.js'
import { FlowLookupKey } from './flow-lookup-key.js'
import { L } from './layer-types.js'
import { SubPacketSplit, SubPacketView } from './sub-packet.js'

describe('fastFrameKey', () => {
  it('accepts exactly the frames the decoder reads as plain Ethernet/IPv4/TCP|UDP, with the key FlowLookupKey builds', () => {
    const r = mulberry32(0xfa57)
    const dec = new PacketDecoder({ mplsUdpPorts: [51234] })
    const f = new DecodedFrame(), split = new SubPacketSplit(), view = new SubPacketView(), key = new FlowLookupKey()
    const words = new Int32Array(18)
    let accepted = 0, refused = 0
    for (let i = 0; i < 20_000; i++) {
      const frame = nearFastShapeFrame(r)
      for (const l2 of [true, false]) {
        const n = fastFrameKey(frame, 0, frame.length, l2, dec.udpPorts, words)
        dec.decode(f, frame, 0, frame.length, L.ETHERNET)
        const types = [...f.types.subarray(0, f.count)]
        const plain = !f.failed && types[0] === L.ETHERNET && types[1] === L.IPV4 && (types[2] === L.TCP || types[2] === L.UDP) &&
          (f.count === 3 || (f.count === 4 && types[3] === L.PAYLOAD))
        const decodedPort = types[2] === L.UDP && (dec.udpPorts[(frame[34]! << 8) | frame[35]!] !== 0 || dec.udpPorts[(frame[36]! << 8) | frame[37]!] !== 0)
        if (n === 0) {
          refused++
          // refusing is always safe; it only costs time. Refused: frames that are not plain, IPv4
          // options and UDP on a port with a decoder (even when the payload is empty and nothing is decoded)
          expect(!plain || decodedPort || frame[14] !== 0x45, `frame ${i} refused: ${Buffer.from(frame).toString('hex')}`).toBe(true)
          continue
        }
        accepted++
        expect(plain, `frame ${i} accepted: ${Buffer.from(frame).toString('hex')} decodes as ${types}`).toBe(true)
        split.single(f, frame.length)
        view.load(f, 0, f.count, split.lengths[0]!)
        key.build(f, view, view.firstIp, l2, 0)
        expect([...words.subarray(0, n)], `key of frame ${i} (${l2 ? 'L2' : 'L3'})`).toEqual([...key.words.subarray(0, key.n)])
      }
    }
    // the generator reaches both sides often enough for the check to mean something
    expect(accepted).toBeGreaterThan(10_000)
    expect(refused).toBeGreaterThan(10_000)
  })

  it('takes TCP segments whatever their flags, and refuses UDP ports with a decoder', () => {
    const dec = new PacketDecoder()
    const words = new Int32Array(18)
    const frame = (proto: number, sp: number, dp: number, flags: number): Uint8Array => {
      const b = new Uint8Array(14 + 20 + 20)
      b[12] = 8; b[14] = 0x45; b[17] = 40; b[23] = proto
      b[34] = sp >> 8; b[35] = sp & 255; b[36] = dp >> 8; b[37] = dp & 255
      if (proto === 6) { b[46] = 0x50; b[47] = flags } else { b[39] = 20 }
      return b
    }
    const n = (b: Uint8Array): number => fastFrameKey(b, 0, b.length, true, dec.udpPorts, words)
    expect(n(frame(6, 5000, 80, 0x10))).toBe(10)
    for (const fl of [0x02, 0x12, 0x11, 0x04, 0x14]) expect(n(frame(6, 5000, 80, fl))).toBe(10)
    expect(n(frame(17, 5000, 5001, 0))).toBe(10)
    for (const port of [53, 4789, 6081, 67, 123]) {
      expect(n(frame(17, port, 5001, 0))).toBe(0)
      expect(n(frame(17, 5001, port, 0))).toBe(0)
    }
  })
})
