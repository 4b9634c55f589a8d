/**
 * Entry point of the `skydive` binary: builds the commander program from the registry.
 */
import { Command, CommanderError } from 'commander'
import { COMMANDS } from './commands/index.js'
import { VERSION } from './version.js'

/** Builds the program; exported so tests can parse argv with exitOverride(). */
export function createProgram(): Command {
  const program = new Command('skydive')
    .description('Real-time network topology and protocol analyzer (TypeScript successor to Skydive)')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(str) })
  for (const make of COMMANDS) program.addCommand(make())
  return program
}

/** Runs the CLI; usage errors exit 2 as DESIGN.md's contract says. */
export async function main(argv: string[]): Promise<void> {
  // `skydive … | head` closes the pipe early: that ends the output, it is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0)
    process.stderr.write(`Error: Cannot write to standard output: ${err.message}\n`)
    process.exit(1)
  })
  const program = createProgram()
  program.exitOverride()
  // Nested subcommands (topology query, capture create…) too, so their usage errors exit 2.
  const override = (c: Command): void => { c.exitOverride(); c.commands.forEach(override) }
  program.commands.forEach(override)
  try {
    await program.parseAsync(argv)
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return
      process.exitCode = 2
      return
    }
    throw err
  }
}
