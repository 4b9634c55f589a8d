import { Command } from 'commander'
import { VERSION } from '../version.js'

/** `skydive version`: prints the version string. */
export function versionCommand(): Command {
  return new Command('version').description('Print the skydive version').action(() => {
    process.stdout.write(`skydive ${VERSION}\n`)
  })
}
