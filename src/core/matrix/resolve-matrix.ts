/** Runs buildMatrix against an asynchronous address → host lookup (an analyzer query per address). */
import { buildMatrix, type Matrix, type MatrixInput } from './build-matrix.js'
import type { HostSockets } from './socket.js'

/** Resolves addresses to their host (undefined when no host owns the address). */
export type ResolveHosts = (addresses: string[]) => Promise<Map<string, HostSockets | undefined>>

/**
 * Builds the matrix, asking `resolve` only for the addresses the algorithm actually looks
 * up: each pass records the addresses it missed, resolves them in one batch, and runs
 * again until nothing is missing (at most three passes: UDP/flow servers, then flow clients).
 */
export async function resolveMatrix(input: Omit<MatrixInput, 'hostByAddress'>, resolve: ResolveHosts): Promise<Matrix> {
  const known = new Map<string, HostSockets | undefined>()
  for (;;) {
    const missing = new Set<string>()
    const matrix = buildMatrix({
      ...input,
      hostByAddress: (address) => {
        if (known.has(address)) return known.get(address)
        missing.add(address)
        return undefined
      },
    })
    if (missing.size === 0) return matrix
    const found = await resolve([...missing])
    for (const address of missing) known.set(address, found.get(address))
  }
}
