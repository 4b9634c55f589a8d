import { describe, expect, it } from 'vitest'
import { SkydiveError } from '../core/errors.js'
import { dotToSvg, GRAPHVIZ_ENGINES } from './graphviz.js'
import { matrixToDot } from './matrix-dot.js'
import { svgToPng } from './svg-to-png.js'
import { peerRow } from '../../test/fixtures/matrix/rows.js'

/** Text of the SVG's <text> elements, numeric entities decoded (Graphviz writes "-" as &#45;). */
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
  .map((m) => (m[1] ?? '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))))

const dot = matrixToDot([peerRow(1, 2), peerRow(2, 3), peerRow(3, 1)])

describe('dotToSvg', () => {
  it.each(GRAPHVIZ_ENGINES)('lays the matrix out with %s and names every host and edge label', async (engine) => {
    const svg = await dotToSvg(dot, engine)
    expect(svg).toContain('<svg')
    expect(texts(svg)).toEqual(expect.arrayContaining(['etcd-1', 'etcd-2', 'etcd-3', 'TCP : 10.0.0.2:2380']))
  })

  it('reports malformed dot as a render error', async () => {
    await expect(dotToSvg('digraph { a -> }')).rejects.toThrow(SkydiveError)
  })
})

describe('svgToPng', () => {
  it('rasterises the SVG to a PNG image', async () => {
    const png = await svgToPng(await dotToSvg(dot))
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    // IHDR width/height are big-endian at bytes 16..23: a real picture, not an empty canvas
    const view = new DataView(png.buffer, png.byteOffset)
    expect(view.getUint32(16)).toBeGreaterThan(100)
    expect(view.getUint32(20)).toBeGreaterThan(100)
  })
})
