/** Runs buildMatrix against an asynchronous address → host lookup (an analyzer query per address). */
import { createMatrixBuilder, type HostByAddress, type Matrix, type MatrixInput } from './build-matrix.js'
import type { HostSockets } from './socket.js'

/** Resolves addresses to their host (undefined when no host owns the address). */
export type ResolveHosts = (addresses: string[]) => Promise<Map<string, HostSockets | undefined>>

/**
 * Builds the matrix, asking `resolve` only for the addresses the algorithm actually looks
 * up: probe passes record the addresses they miss and resolve them in one batch each, until
 * nothing is missing (at most three: UDP/flow servers, then flow clients); then one full build.
 */
export async function resolveMatrix(input: Omit<MatrixInput, 'hostByAddress'>, resolve: ResolveHosts): Promise<Matrix> {
  const builder = createMatrixBuilder(input)
  const known = new Map<string, HostSockets | undefined>()
  const lookup: HostByAddress = (address) => known.get(address)
  for (;;) {
    const missing = new Set<string>()
    builder.build((address) => {
      if (!known.has(address)) missing.add(address)
      return known.get(address)
    }, { probe: true })
    if (missing.size === 0) return builder.build(lookup)
    const found = await resolve([...missing])
    for (const address of missing) known.set(address, found.get(address))
  }
}
