/**
 * @module commands
 * The command registry: one line per subcommand, each built in its own file.
 * Only commands that really work are listed here.
 */
import type { Command } from 'commander'
import { agentCommand } from './agent.js'
import { allinoneCommand } from './allinone.js'
import { analyzerCommand } from './analyzer.js'
import { captureCommand } from './capture.js'
import { flowMatrixCommand } from './flow-matrix.js'
import { topologyCommand } from './topology.js'
import { versionCommand } from './version.js'

/** Factories of every registered subcommand, in `--help` order: servers first, then clients. */
export const COMMANDS: Array<() => Command> = [
  allinoneCommand,
  analyzerCommand,
  agentCommand,
  topologyCommand,
  captureCommand,
  flowMatrixCommand,
  versionCommand,
]
