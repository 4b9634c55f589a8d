/**
 * The flags every client command takes (DESIGN.md): --analyzer, --username, --password,
 * --ssl, --insecure, --cacert, with SKYDIVE_ANALYZER / SKYDIVE_USERNAME / SKYDIVE_PASSWORD.
 */
import type { Command } from 'commander'
import type { ClientOptions } from '../client/index.js'

/** Flag values as commander gives them. */
export interface ClientFlags {
  analyzer?: string
  username?: string
  password?: string
  ssl?: boolean
  insecure?: boolean
  cacert?: string
}

/** Adds the client flags to a command. */
export function addClientFlags(cmd: Command): Command {
  return cmd
    .option('--analyzer <host:port>', 'analyzer address (env SKYDIVE_ANALYZER, default 127.0.0.1:8082)')
    .option('--username <user>', 'user name when the analyzer has auth on (env SKYDIVE_USERNAME)')
    .option('--password <password>', 'password (env SKYDIVE_PASSWORD)')
    .option('--ssl', 'talk HTTPS to the analyzer')
    .option('--insecure', 'with --ssl: do not verify the server certificate')
    .option('--cacert <file>', 'with --ssl: CA certificate to verify the server with')
}

/** Client options from flags, falling back to the environment. */
export function clientOptions(flags: ClientFlags, env: NodeJS.ProcessEnv = process.env): ClientOptions {
  return {
    analyzer: flags.analyzer ?? env['SKYDIVE_ANALYZER'] ?? '127.0.0.1:8082',
    username: flags.username ?? env['SKYDIVE_USERNAME'] ?? undefined,
    password: flags.password ?? env['SKYDIVE_PASSWORD'] ?? undefined,
    ssl: flags.ssl ?? false,
    insecure: flags.insecure ?? false,
    caCert: flags.cacert,
  }
}
