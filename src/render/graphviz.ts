/**
 * The one file that calls Graphviz: @hpcc-js/wasm-graphviz, compiled to WebAssembly, so
 * rendering needs no system `dot` binary and no display (STYLE.md §6: one wrapper per library).
 */
import { SkydiveError } from '../core/errors.js'

/** Graphviz layout engines flow-matrix offers (upstream's choices). */
export const GRAPHVIZ_ENGINES = ['dot', 'circo', 'neato'] as const

/** A layout engine name. */
export type GraphvizEngine = (typeof GRAPHVIZ_ENGINES)[number]

/** Lays out dot source with `engine` and returns SVG text. */
export async function dotToSvg(dot: string, engine: GraphvizEngine = 'dot'): Promise<string> {
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz')
  const graphviz = await Graphviz.load()
  try {
    return graphviz.layout(dot, 'svg', engine)
  } catch (err) {
    throw new SkydiveError('render-failed', `Cannot render the graph with Graphviz "${engine}": ${(err as Error).message}`,
      undefined, { cause: err })
  }
}
