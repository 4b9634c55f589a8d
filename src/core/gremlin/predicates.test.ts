// Filters, value matching rules and predicates of spec/api.md §5.3 on the fixture topology.
import { describe, expect, it } from 'vitest'
import { errorOf, idSet, run } from '../../../test/fixtures/gremlin/run.js'

describe('Has() keys', () => {
  it('ANDs several key/value pairs and ORs them with HasEither', () => {
    expect(idSet("G.V().Has('Name', 'eth0', 'State', 'DOWN')")).toEqual(['h3-eth0'])
    expect(idSet("G.V().HasEither('Name', 'br0', 'Type', 'netns')")).toEqual(['h1-br0', 'h1-ns1', 'h2-ns2'])
  })

  it('tests key presence with one key, HasKey and HasNot', () => {
    expect(idSet("G.V().Has('PeerIntfMAC')")).toEqual(['h1-veth0', 'ns1-eth0'])
    expect(idSet("G.V().HasKey('Captures')")).toEqual(['h2-eth0'])
    expect(idSet("G.V().Has('Type', 'device').HasNot('IPV4')")).toEqual(['ns2-lo'])
  })

  it('walks nested objects and arrays of objects', () => {
    expect(idSet("G.V().Has('Sockets.LocalPort', 2379)")).toEqual(['host1'])
    expect(idSet("G.V().Has('Sockets.Name', 'ssh')")).toEqual(['host2'])
    expect(idSet("G.V().Has('Captures.State', 'active')")).toEqual(['h2-eth0'])
    expect(idSet("G.V().Has('LastUpdateMetric.RxBytes', 1000)")).toEqual(['h1-eth0'])
  })

  it('strips a Metadata. prefix', () => {
    expect(idSet("G.V().Has('Metadata.Type', 'bridge')")).toEqual(['h1-br0'])
  })

  it('reads element attributes @ID, @Host, @Origin, @Revision, @CreatedAt, @UpdatedAt, @DeletedAt', () => {
    expect(idSet("G.V().Has('@ID', 'host3')")).toEqual(['host3'])
    expect(idSet("G.V().Has('@Host', 'node3')")).toEqual(['h3-eth0', 'host3'])
    expect(idSet("G.V().Has('@Origin', 'analyzer.a1')")).toEqual(['tor1'])
    expect(idSet("G.V().Has('@Revision', 3)")).toEqual(['host2'])
    expect(idSet("G.V().Has('@CreatedAt', GT(1500))")).toEqual(['v2', 'v3', 'v4'])
    expect(idSet("G.V().Has('@UpdatedAt', 3000)")).toEqual(['host2'])
    expect(idSet("G.V().HasKey('@DeletedAt')")).toEqual([])
  })

  it('reads Parent and Child on edges', () => {
    expect(idSet("G.E().Has('Parent', 'h1-ns1')")).toEqual(['h1-ns1>ns1-eth0', 'h1-ns1>ns1-lo'])
    expect(idSet("G.E().Has('Child', 'h2-eth0')")).toEqual(['host2>h2-eth0', 'tor1~h2-eth0'])
  })

  it('fails on an odd number of parameters', () => {
    expect(errorOf("G.V().Has('Name', 'eth0', 'Type')")).toMatchObject({
      code: 'gremlin-eval', message: '1:7: Cannot run Has() with 3 parameters: params should be a list of key,value',
    })
    expect(errorOf("G.V().Out('Name', 'eth0', 'Type')").message).toMatch(/params should be a list of key,value/)
  })

  it('fails on a key that is not a string', () => {
    expect(errorOf("G.V().Has(1, 'a')").message).toBe('1:7: Cannot use 1 as a key in Has(): keys should be of string type')
  })
})

describe('value matching (spec/api.md §5.3)', () => {
  it('never matches a string against a number', () => {
    expect(idSet("G.V().Has('MTU', '1500')")).toEqual([])
    expect(idSet("G.V().Has('Value', '1')")).toEqual([])
  })

  it('matches an integer against numeric strings but not other strings', () => {
    expect(idSet("G.V().Has('Speed', 1000)")).toEqual(['h3-eth0'])
    expect(idSet("G.V().Has('Name', 1)")).toEqual([])
  })

  it('truncates floats on both sides', () => {
    expect(idSet("G.V().Has('MTU', 1500.7)")).toEqual(['h1-br0', 'h1-eth0', 'h2-eth0'])
    expect(idSet("G.V().Has('Weight', 2)")).toEqual(['v2'])
  })

  it('compares TRUE and FALSE as booleans', () => {
    expect(idSet("G.V().Has('Virtual', FALSE)")).toEqual(['h3-eth0'])
    expect(idSet("G.V().Has('Virtual', true)")).toEqual([])
  })

  it('rejects keywords and Metadata() as values', () => {
    expect(errorOf("G.V().Has('Name', NOW)").message).toBe("1:7: Cannot filter 'Name' with NOW: Has expects a string, a number, TRUE or FALSE")
    expect(errorOf("G.V().Has('Name', Metadata('a', 'b'))").code).toBe('gremlin-eval')
  })
})

describe('predicates', () => {
  it('NE needs the key and a different value; NEE also accepts a missing key', () => {
    expect(idSet("G.V().Has('State', NE('UP'))")).toEqual(['h3-eth0', 'ns1-lo', 'ns2-lo'])
    expect(run("G.V().Has('State', NEE('UP')).Count()").json).toBe(13)
    expect(idSet("G.V().Has('MTU', NE(1500)).Has('Type', 'device')")).toEqual(['h1-lo', 'h3-eth0', 'ns1-lo', 'ns2-lo'])
  })

  it('LT, GT, LTE, GTE compare integers', () => {
    expect(idSet("G.V().Has('MTU', LT(1500))")).toEqual(['h1-veth0', 'ns1-eth0'])
    expect(idSet("G.V().Has('MTU', GT(1500))")).toEqual(['h1-lo', 'h3-eth0', 'ns1-lo', 'ns2-lo'])
    expect(idSet("G.V().Has('MTU', LTE(1450))")).toEqual(['h1-veth0', 'ns1-eth0'])
    expect(idSet("G.V().Has('MTU', GTE(9000))")).toEqual(['h1-lo', 'h3-eth0', 'ns1-lo', 'ns2-lo'])
    expect(idSet("G.V().Has('Sockets.LocalPort', GT(1024))")).toEqual(['host1', 'host2'])
    expect(idSet("G.V().Has('Speed', GTE('1000'))")).toEqual(['h3-eth0'])
  })

  it('Inside is exclusive, Between includes its start, Outside means x < a or x > b', () => {
    expect(idSet("G.V().Has('MTU', Inside(1450, 9000))")).toEqual(['h1-br0', 'h1-eth0', 'h2-eth0'])
    expect(idSet("G.V().Has('MTU', Between(1450, 1500))")).toEqual(['h1-veth0', 'ns1-eth0'])
    expect(idSet("G.V().Has('MTU', Outside(1450, 9000))")).toEqual(['h1-lo', 'ns1-lo', 'ns2-lo'])
  })

  it('Within matches any listed value, Without none of them', () => {
    expect(idSet("G.V().Has('Type', Within('bridge', 'veth'))")).toEqual(['h1-br0', 'h1-veth0', 'ns1-eth0'])
    expect(idSet("G.V().Has('Value', Within(1, 3))")).toEqual(['v1', 'v3'])
    expect(idSet("G.V().Has('Type', Without('device', 'host', 'test', 'netns'))")).toEqual(['h1-br0', 'h1-veth0', 'ns1-eth0', 'tor1'])
  })

  it('Regex is a full match', () => {
    expect(idSet("G.V().Has('Name', Regex('br.*'))")).toEqual(['h1-br0'])
    expect(idSet("G.V().Has('Name', Regex('eth'))")).toEqual([])
    expect(idSet("G.V().Has('Name', Regex('lo|br0'))")).toEqual(['h1-br0', 'h1-lo', 'ns1-lo', 'ns2-lo'])
  })

  it('Regex rejects ^ and $ anchors and invalid patterns', () => {
    expect(errorOf("G.V().Has('Name', Regex('^eth'))")).toMatchObject({
      code: 'gremlin-eval', message: "1:7: Invalid regex '^eth': regexes are anchored by default, ^ and $ must not be given",
    })
    expect(errorOf("G.V().Has('Name', Regex('eth$'))").code).toBe('gremlin-eval')
    expect(errorOf("G.V().Has('Name', Regex('('))").message).toMatch(/^1:7: Invalid regex '\(': /)
  })

  it('IPV4Range matches addresses with or without prefix length, any list element', () => {
    expect(idSet("G.V().Has('IPV4', IPV4Range('10.0.0.0/8'))")).toEqual(['h1-br0', 'ns1-eth0'])
    expect(idSet("G.V().Has('IPV4', IPV4Range('192.168.1.0/24'))")).toEqual(['h2-eth0'])
    expect(idSet("G.V().Has('Sockets.LocalAddress', IPV4Range('192.168.0.0/30'))")).toEqual(['host1', 'host2'])
    expect(idSet("G.V().Has('IPV4', IPV4Range('0.0.0.0/0'))")).toEqual(['h1-br0', 'h1-eth0', 'h1-lo', 'h2-eth0', 'h3-eth0', 'ns1-eth0', 'ns1-lo'])
  })

  it('IPV4Range rejects a bad CIDR', () => {
    expect(errorOf("G.V().Has('IPV4', IPV4Range('10.0.0.0'))")).toMatchObject({
      code: 'gremlin-eval', message: "1:7: Invalid CIDR '10.0.0.0': expected an IPv4 network such as '192.168.0.0/24'",
    })
    expect(errorOf("G.V().Has('IPV4', IPV4Range('300.0.0.0/8'))").code).toBe('gremlin-eval')
    expect(errorOf("G.V().Has('IPV4', IPV4Range(10))").code).toBe('gremlin-eval')
  })

  it('rejects non-integer bounds for comparisons', () => {
    expect(errorOf("G.V().Has('MTU', LT('abc'))").message).toBe("1:7: Cannot use 'abc' in LT(): it expects an integer")
  })
})
