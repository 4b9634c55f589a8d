/** Metadata as a readable tree: scalars inline, objects and arrays as collapsible sections. */
import type { JSX } from 'preact'

const isScalar = (v: unknown) => v === null || typeof v !== 'object'

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span class="null">null</span>
  if (typeof value === 'string') return <span class="str">{value}</span>
  return <span class={typeof value}>{String(value)}</span>
}

/** Renders any JSON value; `depth` decides which sections start open. */
export function MetadataTree({ value, depth = 0 }: { value: unknown; depth?: number }): JSX.Element {
  if (isScalar(value)) return <Scalar value={value} />
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))
  if (Array.isArray(value) && value.every(isScalar) && value.length <= 8) {
    return <span>[{value.map((v, i) => <>{i > 0 && ', '}<Scalar value={v} /></>)}]</span>
  }
  return (
    <dl class="tree">
      {entries.map(([k, v]) => isScalar(v) || (Array.isArray(v) && v.every(isScalar) && v.length <= 8)
        ? <div class="kv" key={k}><dt>{k}</dt><dd><MetadataTree value={v} depth={depth + 1} /></dd></div>
        : (
          <details key={k} open={depth < 1 && JSON.stringify(v).length < 600}>
            <summary>{k} <span class="muted">{Array.isArray(v) ? `[${v.length}]` : `{${Object.keys(v as object).length}}`}</span></summary>
            <MetadataTree value={v} depth={depth + 1} />
          </details>
        ))}
    </dl>
  )
}
