/**
 * @module commands
 * The command registry: one line per subcommand, each built in its own file.
 * Only commands that really work are listed here.
 */
import type { Command } from 'commander'
import { analyzerCommand } from './analyzer.js'
import { versionCommand } from './version.js'

/** Factories of every registered subcommand, in `--help` order. */
export const COMMANDS: Array<() => Command> = [
  analyzerCommand,
  versionCommand,
]
