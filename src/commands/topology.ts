/**
 * `skydive topology query`: runs a Gremlin query on an analyzer and prints the result as
 * JSON (default, pipes to jq), a table, or Graphviz dot.
 */
import { Command, Option } from 'commander'
import { SkydiveError } from '../core/errors.js'
import { addClientFlags, type ClientFlags, clientOptions } from './client-flags.js'
import { runAction } from './run-action.js'

interface QueryFlags extends ClientFlags {
  format: 'json' | 'dot' | 'table'
  gremlin?: string
}

/** Builds the `topology` command and its `query` subcommand. */
export function topologyCommand(): Command {
  const topology = new Command('topology').description('Query the topology of an analyzer')
  const query = addClientFlags(new Command('query'))
    .description('Run a Gremlin query (spec: G.V().Has(...).Out()...) and print the result')
    .argument('[gremlin]', 'the query, e.g. "G.V().Has(\'Type\', \'host\')"')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'dot', 'table']).default('json'))
    .option('--gremlin <query>', 'the query, as upstream\'s deprecated flag (default "G")')
    .addHelpText('after', `
Examples:
  skydive topology query "G.V().Has('Type', 'host')"
  skydive topology query "G.V().Has('Type', 'host').Count()" --analyzer 10.0.0.1:8082
  skydive topology query G --format dot | dot -Tsvg > topology.svg
  skydive topology query "G.V().Has('Type', 'device')" --format table
`)
    .action(runAction(async (gremlinArg: string | undefined, flags: QueryFlags) => {
      const gremlin = gremlinArg ?? flags.gremlin ?? 'G'
      if (gremlinArg && flags.gremlin) throw new SkydiveError('bad-usage', 'Cannot take the query twice: give it as an argument or with --gremlin, not both')
      const { createAnalyzerClient } = await import('../client/index.js')
      const client = createAnalyzerClient(clientOptions(flags))
      if (flags.format === 'dot') {
        process.stdout.write(String(await client.query(gremlin, 'dot')) + '\n')
        return
      }
      const result = await client.query(gremlin)
      if (flags.format === 'table') {
        const color = process.stdout.isTTY === true && !process.env['NO_COLOR']
        const { formatResultTable } = await import('../render/index.js')
        process.stdout.write(await formatResultTable(result, color))
        return
      }
      if (result !== undefined) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
    }))
  return topology.addCommand(query)
}
