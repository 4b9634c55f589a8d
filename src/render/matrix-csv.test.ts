import { describe, expect, it } from 'vitest'
import { SkydiveError } from '../core/errors.js'
import { matrixToCsv } from './matrix-csv.js'
import { parseMatrixCsv } from './parse-matrix-csv.js'
import { peerRow } from '../../test/fixtures/matrix/rows.js'

const HEADER = 'protocol,server,server_ip,port,server_proc,server_procname,client,client_ip,client_proc,client_procname'

describe('matrixToCsv', () => {
  it('prints the upstream header and one sorted line per row', () => {
    expect(matrixToCsv([peerRow(2, 1), peerRow(1, 2)])).toBe([
      HEADER,
      'TCP,etcd-1,10.0.0.1,2380,/usr/bin/etcd,etcd,etcd-2,10.0.0.2,/usr/bin/etcd,etcd',
      'TCP,etcd-2,10.0.0.2,2380,/usr/bin/etcd,etcd,etcd-1,10.0.0.1,/usr/bin/etcd,etcd',
      '',
    ].join('\n'))
  })

  it('prints byte-identical text whatever the row order', () => {
    const rows = [peerRow(1, 2), peerRow(3, 1), peerRow(2, 3), peerRow(1, 3)]
    expect(matrixToCsv([...rows].reverse())).toBe(matrixToCsv(rows))
  })

  it('prints only the header for an empty matrix', () => {
    expect(matrixToCsv([])).toBe(`${HEADER}\n`)
  })

  it('quotes a process path holding a comma, and reads it back', () => {
    const odd = { ...peerRow(1, 2), client_proc: '/opt/a,b/"x"' }
    const text = matrixToCsv([odd])
    expect(text.split('\n')[1]).toContain('"/opt/a,b/""x"""')
    expect(parseMatrixCsv(text, 'm.csv')).toEqual([odd])
  })
})

describe('parseMatrixCsv', () => {
  it('reads back what matrixToCsv wrote, in sorted order', () => {
    expect(parseMatrixCsv(matrixToCsv([peerRow(1, 2), peerRow(2, 1)]), 'm.csv')).toEqual([peerRow(2, 1), peerRow(1, 2)])
  })

  it('rejects a file without the flow-matrix header, naming it', () => {
    expect(() => parseMatrixCsv('a,b\n1,2\n', 'old.csv')).toThrow(SkydiveError)
    expect(() => parseMatrixCsv('a,b\n1,2\n', 'old.csv')).toThrow('Cannot read flow matrix "old.csv": the first line is not the flow-matrix CSV header')
  })

  it('rejects a row with a non-numeric port, naming the line', () => {
    const text = `${HEADER}\nTCP,a,1.1.1.1,http,p,p,b,2.2.2.2,q,q\n`
    expect(() => parseMatrixCsv(text, 'm.csv')).toThrow('line 2 is not a flow-matrix row')
  })

  it('rejects a row with a missing column', () => {
    expect(() => parseMatrixCsv(`${HEADER}\nTCP,a\n`, 'm.csv')).toThrow('Cannot read flow matrix "m.csv"')
  })
})
