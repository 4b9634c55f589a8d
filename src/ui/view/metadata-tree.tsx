/** Metadata as a readable tree: scalars inline, objects and arrays as collapsible sections. */
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'

const isScalar = (v: unknown) => v === null || typeof v !== 'object'
const isShortList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length <= 8 && v.every(isScalar)
const SHOW_MAX = 200

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span class="null">null</span>
  if (typeof value === 'string') return <span class="str">{value}</span>
  return <span class={typeof value}>{String(value)}</span>
}

/** A collapsible entry whose content is built only once opened (Sockets can hold 10,000+ entries). */
function Section({ name, value, depth }: { name: string; value: object; depth: number }) {
  const size = Array.isArray(value) ? value.length : Object.keys(value).length
  const [open, setOpen] = useState(depth < 1 && size <= 12)
  return (
    <details open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{name} <span class="muted">{Array.isArray(value) ? `[${size}]` : `{${size}}`}</span></summary>
      {open && <MetadataTree value={value} depth={depth + 1} />}
    </details>
  )
}

/** Renders any JSON value; `depth` decides which sections start open. */
export function MetadataTree({ value, depth = 0 }: { value: unknown; depth?: number }): JSX.Element {
  if (isScalar(value)) return <Scalar value={value} />
  if (isShortList(value)) return <span>[{value.map((v, i) => <>{i > 0 && ', '}<Scalar value={v} /></>)}]</span>
  const all: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))
  const entries = all.slice(0, SHOW_MAX)
  return (
    <dl class="tree">
      {entries.map(([k, v]) => isScalar(v) || isShortList(v)
        ? <div class="kv" key={k}><dt>{k}</dt><dd><MetadataTree value={v} depth={depth + 1} /></dd></div>
        : <Section key={k} name={k} value={v as object} depth={depth} />)}
      {all.length > entries.length && <p class="muted">… {all.length - entries.length} more (the tables above list them all)</p>}
    </dl>
  )
}
