/**
 * Password checks for the `basic` backend: htpasswd files (bcrypt `$2y$`/`$2a$`/`$2b$`,
 * `{SHA}`) and inline users (plain text, or a bcrypt hash).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import bcrypt from 'bcryptjs'
import { SkydiveError } from '../../core/errors.js'

/** Parses an htpasswd file into user -> hash; unsupported hash kinds are `config-invalid`. */
export function parseHtpasswd(text: string, file: string): Map<string, string> {
  const users = new Map<string, string>()
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const colon = line.indexOf(':')
    if (colon <= 0) throw new SkydiveError('config-invalid', `Cannot read htpasswd file "${file}" at line ${i + 1}: expected user:hash`)
    const hash = line.slice(colon + 1)
    if (!/^\$2[aby]\$/.test(hash) && !hash.startsWith('{SHA}')) {
      throw new SkydiveError('config-invalid', `Cannot read htpasswd file "${file}" at line ${i + 1}: unsupported hash for user "${line.slice(0, colon)}"`,
        'create the file with  htpasswd -B  (bcrypt)')
    }
    users.set(line.slice(0, colon), hash)
  })
  return users
}

/** True when `password` matches `stored` (a bcrypt hash, a {SHA} hash, or plain text). */
export async function checkPassword(stored: string, password: string): Promise<boolean> {
  if (/^\$2[aby]\$/.test(stored)) {
    // bcryptjs knows $2a$/$2b$; Apache's $2y$ is the same algorithm.
    return bcrypt.compare(password, stored.replace(/^\$2y\$/, '$2b$'))
  }
  if (stored.startsWith('{SHA}')) return safeEqual(stored.slice(5), createHash('sha1').update(password).digest('base64'))
  return safeEqual(stored, password)
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
