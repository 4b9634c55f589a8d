/**
 * DHCPv4 and VRRPv2 extra layers (spec/flows.md §1.3): only the fields upstream fills, with
 * gogo-protobuf's omitempty JSON (zero numbers and empty bytes omitted, bytes in base64).
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Standard base64 with padding (Go's encoding of []byte in JSON). */
export function base64(b: Uint8Array): string {
  let s = ''
  let i = 0
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!
    s += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!
  }
  const rest = b.length - i
  if (rest === 1) {
    const n = b[i]! << 16
    s += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}==`
  } else if (rest === 2) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8)
    s += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`
  }
  return s
}

/** DHCPv4 of a message validated by the decoder (at least 240 bytes at `o`). */
export function dhcpv4Json(b: Uint8Array, o: number): Record<string, unknown> {
  const j: Record<string, unknown> = {}
  if (b[o + 2]) j['hardware_len'] = b[o + 2]
  if (b[o + 3]) j['hardware_opts'] = b[o + 3]
  const secs = (b[o + 8]! << 8) | b[o + 9]!
  const flags = (b[o + 10]! << 8) | b[o + 11]!
  if (secs) j['secs'] = secs
  if (flags) j['flags'] = flags
  j['server_name'] = base64(b.subarray(o + 44, o + 108))
  j['file'] = base64(b.subarray(o + 108, o + 236))
  return j
}

/** VRRPv2 of an advertisement validated by the decoder (at least 8 bytes at `o`). */
export function vrrpJson(b: Uint8Array, o: number): Record<string, unknown> {
  const j: Record<string, unknown> = {}
  if (b[o]! >> 4) j['version'] = b[o]! >> 4
  if (b[o + 1]) j['VirtualRtrID'] = b[o + 1]
  if (b[o + 2]) j['priority'] = b[o + 2]
  if (b[o + 5]) j['adver_int'] = b[o + 5]
  return j
}
