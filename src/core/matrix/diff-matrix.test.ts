import { describe, expect, it } from 'vitest'
import { diffMatrix } from './diff-matrix.js'
import type { MatrixRow } from './matrix-row.js'

const row = (client: string, port = 80): MatrixRow => ({
  protocol: 'TCP', server: 's', server_ip: '10.0.0.2', port, server_proc: '/bin/s', server_procname: 's',
  client, client_ip: '10.0.0.1', client_proc: '/bin/c', client_procname: 'c',
})

describe('diffMatrix', () => {
  it('reports rows added and removed, sorted', () => {
    const d = diffMatrix([row('a'), row('b'), row('z')], [row('z'), row('c', 443), row('b')])
    expect(d.added).toEqual([row('c', 443)])
    expect(d.removed).toEqual([row('a')])
  })
  it('finds no change between equal matrices listed in another order or with duplicates', () => {
    expect(diffMatrix([row('a'), row('b')], [row('b'), row('a'), row('a')])).toEqual({ added: [], removed: [] })
  })
})
