/** Compares two matrices row by row, for `flow-matrix --diff`. */
import { compareRows, rowKey, type MatrixRow } from './matrix-row.js'

/** Rows present only in the current matrix (added) or only in the previous one (removed), sorted. */
export interface MatrixDiff {
  added: MatrixRow[]
  removed: MatrixRow[]
}

/** The rows that differ between `previous` and `current`; both lists empty means equal. */
export function diffMatrix(previous: readonly MatrixRow[], current: readonly MatrixRow[]): MatrixDiff {
  const before = new Set(previous.map(rowKey))
  const after = new Set(current.map(rowKey))
  const uniq = (rows: readonly MatrixRow[], keep: (key: string) => boolean): MatrixRow[] => {
    const seen = new Set<string>()
    return rows.filter((r) => {
      const k = rowKey(r)
      if (seen.has(k) || !keep(k)) return false
      seen.add(k)
      return true
    }).sort(compareRows)
  }
  return {
    added: uniq(current, (k) => !before.has(k)),
    removed: uniq(previous, (k) => !after.has(k)),
  }
}
