/**
 * ICMP wire types → Skydive ICMPType values (upstream flow/icmp.go, spec/flows.md §1.2).
 * Request and reply map to the same value.
 */

/** ICMPType value of an ICMPv4 type. */
export function icmpv4FlowType(t: number): number {
  switch (t) {
    case 0: case 8: return 2 // ECHO
    case 3: return 1 // DESTINATION_UNREACHABLE
    case 4: return 9 // SOURCE_QUENCH
    case 5: return 7 // REDIRECT
    case 9: case 10: return 8 // ROUTER
    case 11: return 10 // TIME_EXCEEDED
    case 12: return 6 // PARAMETER_PROBLEM
    case 13: case 14: return 11 // TIMESTAMP
    case 15: case 16: return 5 // INFO
    case 17: case 18: return 4 // ADDRESS_MASK
    default: return 0 // UNKNOWN
  }
}

/** ICMPType value of an ICMPv6 type. */
export function icmpv6FlowType(t: number): number {
  switch (t) {
    case 128: case 129: return 2 // ECHO
    case 1: return 1 // DESTINATION_UNREACHABLE
    case 2: return 12 // PACKET_TOO_BIG
    case 3: return 10 // TIME_EXCEEDED
    case 4: return 6 // PARAMETER_PROBLEM
    case 133: case 134: return 8 // ROUTER
    case 135: case 136: return 3 // NEIGHBOR
    case 137: return 7 // REDIRECT
    default: return 0 // UNKNOWN
  }
}
