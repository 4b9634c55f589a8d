/**
 * SVG → PNG through resvg (Rust, shipped as a prebuilt Node addon in @resvg/resvg-js): in
 * process, no browser, no display, no system library. The one file that imports it.
 */
import { SkydiveError } from '../core/errors.js'

/** Rasterises SVG text to PNG bytes on a white background, text in the system's fonts. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  let Resvg: typeof import('@resvg/resvg-js').Resvg
  try {
    ({ Resvg } = await import('@resvg/resvg-js'))
  } catch (err) {
    throw new SkydiveError('render-failed', 'Cannot render PNG: the @resvg/resvg-js addon does not load on this platform',
      'write SVG instead (--output FILE.svg)', { cause: err })
  }
  // Graphviz names fonts like "Times,serif"; DejaVu (Debian fonts-dejavu-core) is the fallback
  const resvg = new Resvg(svg, { background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
  return resvg.render().asPng()
}
