/**
 * Which probes an agent runs (spec/topology.md §2.1, adapted): netlink always; then
 * `agent.topology.probes`, or netns + socketinfo when that list is empty.
 */
import { SkydiveError } from '../core/errors.js'
import { isProbeName, type ProbeName, TOPOLOGY_PROBES, UNPORTED_PROBES } from '../probes/index.js'

/** Probes run when `agent.topology.probes` is empty. */
export const DEFAULT_PROBES: readonly ProbeName[] = ['netns', 'socketinfo']

/** Resolved probe list plus the names skipped (upstream probes not ported yet). */
export interface ProbeSelection {
  probes: ProbeName[]
  skipped: string[]
}

/**
 * Resolves configured probe names. `hardware` is built in (the host node). An unknown name
 * fails: upstream aborts the agent too.
 */
export function selectProbes(configured: readonly string[]): ProbeSelection {
  const wanted = configured.length ? configured : DEFAULT_PROBES
  const probes: ProbeName[] = ['netlink']
  const skipped: string[] = []
  for (const raw of wanted) {
    const name = raw.trim()
    if (name === '' || name === 'hardware') continue
    if (isProbeName(name)) {
      if (!probes.includes(name)) probes.push(name)
    } else if ((UNPORTED_PROBES as readonly string[]).includes(name)) {
      skipped.push(name)
    } else {
      throw new SkydiveError('config-invalid', `Unknown probe "${name}" in agent.topology.probes`,
        `available probes: ${Object.keys(TOPOLOGY_PROBES).join(', ')}`)
    }
  }
  return { probes, skipped }
}
