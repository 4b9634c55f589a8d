import { createHash } from 'node:crypto'
import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { checkPassword, parseHtpasswd } from './htpasswd.js'

describe('htpasswd', () => {
  it('checks bcrypt hashes in their $2y$, $2a$ and $2b$ spellings', async () => {
    const h = bcrypt.hashSync('pw', 4)
    for (const prefix of ['$2y$', '$2a$', '$2b$']) {
      expect(await checkPassword(h.replace(/^\$2[aby]\$/, prefix), 'pw')).toBe(true)
      expect(await checkPassword(h.replace(/^\$2[aby]\$/, prefix), 'nope')).toBe(false)
    }
  })

  it('checks {SHA} hashes and plain inline passwords', async () => {
    const sha = '{SHA}' + createHash('sha1').update('pw').digest('base64')
    expect(await checkPassword(sha, 'pw')).toBe(true)
    expect(await checkPassword(sha, 'px')).toBe(false)
    expect(await checkPassword('plain', 'plain')).toBe(true)
    expect(await checkPassword('plain', 'plain2')).toBe(false)
  })

  it('parses users and names the line of an unsupported hash', () => {
    const users = parseHtpasswd(`# comment\nalice:${bcrypt.hashSync('a', 4)}\n\nbob:{SHA}x\n`, 'f')
    expect([...users.keys()]).toEqual(['alice', 'bob'])
    expect(() => parseHtpasswd('carol:$apr1$abc$def\n', 'users.htpasswd')).toThrow(/"users.htpasswd" at line 1: unsupported hash for user "carol"/)
    expect(() => parseHtpasswd('no-colon\n', 'f')).toThrow(/line 1: expected user:hash/)
  })
})
