import { describe, expect, it } from 'vitest'
import { flowSocketsQuery, hostByAddressQuery, hostsQuery, matrixContext } from './queries.js'

describe('flow-matrix queries', () => {
  it('match upstream texts without a time context', () => {
    expect(hostsQuery()).toBe("G.V().Has('Type', 'host').HasKey('Sockets')")
    expect(hostByAddressQuery('10.0.0.2')).toBe("G.V().Has('IPV4', IPV4Range('10.0.0.2/32')).In('Type', 'host')")
    expect(flowSocketsQuery({ at: '' })).toBe("G.Flows().Has('Transport', NE('')).Sockets()")
  })

  it('prefix Context with the time point, and the duration when one is given', () => {
    expect(hostsQuery({ at: '-10m' })).toBe("G.Context('-10m').V().Has('Type', 'host').HasKey('Sockets')")
    expect(flowSocketsQuery({ at: '-10m', duration: 60 })).toBe("G.Context('-10m', 60).Flows().Has('Transport', NE('')).Sockets()")
  })

  it('reject a time holding a quote and a fractional duration', () => {
    expect(() => matrixContext({ at: "x') .V(" })).toThrow('Cannot use --at')
    expect(() => matrixContext({ at: '-1m', duration: 1.5 })).toThrow('Cannot use --duration "1.5"')
  })
})
