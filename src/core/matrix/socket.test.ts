import { describe, expect, it } from 'vitest'
import { isListening, toHostSockets, toSockets } from './socket.js'

const base = { Protocol: 'TCP', LocalAddress: '10.0.0.1', LocalPort: 80, RemoteAddress: '0.0.0.0', RemotePort: 0, State: 'LISTEN', Process: '/bin/x', Name: 'x' }

describe('isListening', () => {
  it('accepts TCP LISTEN and unconnected UDP in state CLOSE', () => {
    expect(isListening(base)).toBe(true)
    expect(isListening({ ...base, Protocol: 'UDP', State: 'CLOSE' })).toBe(true)
    expect(isListening({ ...base, Protocol: 'UDP', State: 'CLOSE', RemoteAddress: '::' })).toBe(true)
  })
  it('rejects connected UDP and TCP sockets in other states', () => {
    expect(isListening({ ...base, Protocol: 'UDP', State: 'CLOSE', RemoteAddress: '10.0.0.2' })).toBe(false)
    expect(isListening({ ...base, State: 'CLOSE' })).toBe(false)
    expect(isListening({ ...base, State: 'ESTABLISHED' })).toBe(false)
  })
})

describe('toSockets', () => {
  it('keeps well-formed sockets, drops malformed ones and blanks a missing process', () => {
    const { Process: _p, Name: _n, ...anonymous } = base
    expect(toSockets([base, { ...base, LocalPort: '80' }, null, anonymous])).toEqual([base, { ...anonymous, Process: '', Name: '' }])
    expect(toSockets('nope')).toEqual([])
  })
  it('reads a wire host node', () => {
    expect(toHostSockets({ ID: 'x', Host: 'h', Metadata: { Sockets: [base] } })).toEqual({ Host: 'h', Sockets: [base] })
    expect(toHostSockets({ ID: 'x' })).toEqual({ Host: '', Sockets: [] })
    expect(toHostSockets(3)).toBeUndefined()
  })
})
