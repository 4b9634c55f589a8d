import { describe, expect, it } from 'vitest'
import { edgeSchemaError, nodeSchemaError } from './element-schema.js'

describe('node and edge schema (spec/api.md §1.4)', () => {
  it('accepts the three kinds of node metadata', () => {
    expect(nodeSchemaError({ ID: 'a', Metadata: { Type: 'device', Name: 'eth0' } })).toBeUndefined()
    expect(nodeSchemaError({ ID: 'a', Metadata: { Type: 'netns', Name: 'ns', Path: '/run/netns/ns' } })).toBeUndefined()
    expect(nodeSchemaError({ ID: 'a', Metadata: { Type: 'ovsport', Name: 'p', UUID: 'u' }, Host: null, CreatedAt: 5 })).toBeUndefined()
  })

  it('names what is wrong with a node', () => {
    expect(nodeSchemaError({ Metadata: {} })).toBe('ID must be a non-empty string')
    expect(nodeSchemaError({ ID: 'a' })).toBe('Metadata must be an object')
    expect(nodeSchemaError({ ID: 'a', Metadata: { Type: 'device' } })).toBe('Metadata.Name must be a non-empty string')
    expect(nodeSchemaError({ ID: 'a', Metadata: { Type: 'netns', Name: 'n' } })).toBe('a netns node needs a string Metadata.Path')
    expect(nodeSchemaError({ ID: 'a', Metadata: { Type: 'device', Name: 'x' }, CreatedAt: 1.5 })).toBe('CreatedAt must be an integer (ms) or null')
  })

  it('needs Parent, Child and RelationType on edges', () => {
    expect(edgeSchemaError({ ID: 'e', Metadata: { RelationType: 'layer2' }, Parent: 'a', Child: 'b' })).toBeUndefined()
    expect(edgeSchemaError({ ID: 'e', Metadata: {}, Parent: 'a', Child: 'b' })).toBe('Metadata.RelationType must be a non-empty string')
    expect(edgeSchemaError({ ID: 'e', Metadata: { RelationType: 'x' }, Parent: 'a' })).toBe('Child must be a non-empty string')
  })
})
