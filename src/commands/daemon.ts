/**
 * What the long-running commands (`analyzer`, `agent`, `allinone`) share: the repeatable
 * `--config` option, config resolution with its warnings logged once, and the wait for a
 * stop signal (STYLE.md §5: start, wait for SIGINT/SIGTERM, then stop).
 */
import type { Command } from 'commander'
import type { Logger } from '../core/ports.js'
import type { ResolvedConfig } from '../config/index.js'

/** Adds `-c, --config <file>` (repeatable) to a command. */
export function withConfigOption(cmd: Command): Command {
  return cmd.option('-c, --config <file>', 'skydive.yml with upstream key names; repeat to merge several',
    (v: string, prev: string[] = []) => [...prev, v])
}

/** Resolves the config from files, SKYDIVE_* env and `flags`, then logs its warnings under `component`. */
export async function loadDaemonConfig(component: string, files: string[] | undefined, flags: Record<string, unknown>):
  Promise<{ config: ResolvedConfig; log: Logger }> {
  const { loadConfig } = await import('../config/index.js')
  const { createStderrLogger } = await import('../runtime/index.js')
  const warnings: string[] = []
  const config = await loadConfig({ config: files, flags, onWarning: (w) => warnings.push(w) })
  const log = createStderrLogger(component, config.logging.level)
  for (const w of warnings) log.warn(w)
  return { config, log }
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
      resolve(sig)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}
