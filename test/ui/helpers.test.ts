// Pure helpers of the web UI: frame validation, query results, permissions, table sorting, label fitting.
import { describe, expect, it } from 'vitest'
import { colorForType, isDown } from '../../src/ui/model/colors.js'
import { cutLabel } from '../../src/ui/model/label-fit.js'
import { clampPanelWidth, storedPanelWidth } from '../../src/ui/model/panel-width.js'
import { parseFrame } from '../../src/ui/model/parse-frame.js'
import { nodeIdsOf } from '../../src/ui/model/query-result.js'
import { can, permissionsFromCookie } from '../../src/ui/model/session.js'
import { sortFilterRows, type Column } from '../../src/ui/model/table-sort.js'
import { edge, node } from './fixtures.js'

describe('parseFrame', () => {
  it('accepts graph messages and reports other namespaces by name', () => {
    expect(parseFrame(JSON.stringify({ Namespace: 'Graph', Type: 'NodeAdded', Obj: node('a', { Name: 'a' }) }))?.graph?.Type).toBe('NodeAdded')
    expect(parseFrame(JSON.stringify({ Namespace: 'Graph', Type: 'EdgeAdded', Obj: edge('e', 'a', 'b', 'layer2') }))?.graph?.Type).toBe('EdgeAdded')
    expect(parseFrame(JSON.stringify({ Namespace: 'Alert', Type: 'Alert', Obj: {} }))?.other).toEqual({ namespace: 'Alert', type: 'Alert' })
  })

  it('drops malformed frames instead of letting them into the store', () => {
    expect(parseFrame('not json')).toBeUndefined()
    expect(parseFrame(JSON.stringify({ Namespace: 'Graph', Type: 'NodeAdded', Obj: { Metadata: {} } }))).toBeUndefined()
    expect(parseFrame(JSON.stringify({ Namespace: 'Graph', Type: 'EdgeAdded', Obj: { ID: 'e', Metadata: {} } }))).toBeUndefined()
    expect(parseFrame(JSON.stringify({ Namespace: 'Graph', Type: 'Bogus', Obj: {} }))).toBeUndefined()
    expect(parseFrame(JSON.stringify({ Namespace: 'Graph', Type: 'SyncReply', Obj: { Nodes: 3 } }))).toBeUndefined()
  })

  it('passes an error SyncReply through so the store can ignore it by Status', () => {
    expect(parseFrame(JSON.stringify({ Namespace: 'Graph', Type: 'SyncReply', Status: 400, Obj: 'bad filter' }))?.graph?.Status).toBe(400)
  })
})

describe('nodeIdsOf', () => {
  it('finds nodes in node lists and in graph results, never edges', () => {
    expect(nodeIdsOf([node('a', {}), node('b', {}), edge('e', 'a', 'b', 'layer2')])).toEqual(['a', 'b'])
    expect(nodeIdsOf([{ Nodes: [node('c', {})], Edges: [] }])).toEqual(['c'])
    expect(nodeIdsOf(42)).toEqual([])
  })
})

describe('permissions', () => {
  const perms = [{ Object: 'capture', Action: 'write', Allowed: false }, { Object: 'topology', Action: 'read', Allowed: true }]
  it('reads the base64 JSON permissions cookie', () => {
    const cookie = `authtoken=x; permissions=${encodeURIComponent(Buffer.from(JSON.stringify(perms)).toString('base64'))}`
    expect(permissionsFromCookie(cookie)).toEqual(perms)
    expect(permissionsFromCookie('authtoken=x')).toBeUndefined()
    expect(permissionsFromCookie('permissions=%%%')).toBeUndefined()
  })

  it('denies what the list denies or omits, allows everything without a list (noauth)', () => {
    expect(can(perms, 'capture', 'write')).toBe(false)
    expect(can(perms, 'pcap', 'write')).toBe(false)
    expect(can(perms, 'topology', 'read')).toBe(true)
    expect(can(undefined, 'capture', 'write')).toBe(true)
  })
})

describe('sortFilterRows', () => {
  const rows = [{ n: 'b', v: 10 }, { n: 'a', v: 2 }, { n: 'c', v: 30 }]
  const cols: Column<(typeof rows)[number]>[] = [{ key: 'n', title: 'N', value: (r) => r.n }, { key: 'v', title: 'V', value: (r) => r.v, numeric: true }]
  it('sorts numbers numerically in both directions', () => {
    expect(sortFilterRows(rows, cols, {}, { key: 'v', dir: 1 }).map((r) => r.v)).toEqual([2, 10, 30])
    expect(sortFilterRows(rows, cols, {}, { key: 'v', dir: -1 }).map((r) => r.v)).toEqual([30, 10, 2])
  })
  it('filters by substring and by numeric comparison', () => {
    expect(sortFilterRows(rows, cols, { n: 'B' }).map((r) => r.n)).toEqual(['b'])
    expect(sortFilterRows(rows, cols, { v: '>5' }).map((r) => r.n)).toEqual(['b', 'c'])
    expect(sortFilterRows(rows, cols, { v: '<5' }).map((r) => r.n)).toEqual(['a'])
  })
})

describe('colorForType', () => {
  it('gives each kind of node its own colour, and an unknown type the same hex colour every time', () => {
    const kinds = ['host', 'netns', 'device', 'veth', 'bridge', 'ovsbridge', 'ovsport', 'switch']
    expect(new Set(kinds.map(colorForType)).size).toBe(kinds.length)
    expect(colorForType('sdt-made-up-type')).toBe(colorForType('sdt-made-up-type'))
    expect(colorForType('sdt-made-up-type')).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('calls an interface down unless its State is UP or UNKNOWN (lo reports UNKNOWN)', () => {
    expect([{ State: 'DOWN' }, { State: 'UP' }, { State: 'UNKNOWN' }, {}].map(isDown)).toEqual([true, false, false, false])
  })
})

describe('side panel width', () => {
  it('keeps the panel between 360 px and 75 % of the window', () => {
    expect(clampPanelWidth(200, 1500)).toBe(360)
    expect(clampPanelWidth(700.4, 1500)).toBe(700)
    expect(clampPanelWidth(1400, 1500)).toBe(1125)
    // a window too narrow for 360 px beside a graph: 75 % wins
    expect(clampPanelWidth(480, 400)).toBe(300)
  })

  it('reads the remembered width, falling back to 480 px when absent or garbled', () => {
    expect(storedPanelWidth('900', 1500)).toBe(900)
    expect(storedPanelWidth('5000', 1500)).toBe(1125)
    expect(storedPanelWidth(null, 1500)).toBe(480)
    expect(storedPanelWidth('wide', 1500)).toBe(480)
    expect(storedPanelWidth('-3', 1500)).toBe(480)
  })
})

describe('cutLabel', () => {
  // 6 px a character; an interface of radius 10 px has 2.3 / 0.38 * 10 ≈ 60 px: 10 characters
  const mono = { measureText: (t: string) => ({ width: 6 * t.length }) }

  it('keeps a label that fits, drops a state suffix before cutting the name, and cuts a long name with an ellipsis', () => {
    expect(cutLabel(mono, 'eth0', 10)).toBe('eth0')
    expect(cutLabel(mono, 'lo (DOWN)', 10)).toBe('lo (DOWN)')
    expect(cutLabel(mono, 'ifb0 (DOWN)', 10)).toBe('ifb0')
    expect(cutLabel(mono, 'veth1234567890 (DOWN)', 10)).toBe('veth12345…')
    expect(cutLabel(mono, 'enp0s31f6-long', 10)).toBe('enp0s31f6…')
  })
})
