/**
 * REST calls of the web UI (spec/api.md §2.2, §3). Same origin, so the `authtoken` cookie set
 * by /login rides along. Errors carry the analyzer's own text (its error bodies are plain text).
 */
import type { MatrixRow } from '../../wire/index.js'

export type { MatrixRow }

/** A failed request: `status` is the HTTP status (0 when the analyzer was unreachable). */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(readonly status: number, message: string) { super(message) }
}

async function request(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  let res: Response
  try {
    res = await fetch(path, { method, body: body ?? null, headers, credentials: 'same-origin' })
  } catch (err) {
    throw new ApiError(0, `Cannot reach the analyzer at ${location.host}: ${(err as Error).message}`)
  }
  if (!res.ok && res.status !== 304) {
    const text = (await res.text()).trim()
    throw new ApiError(res.status, text || `${method} ${path} failed: HTTP ${res.status} ${res.statusText}`)
  }
  return res
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text()
  return (text.trim() ? JSON.parse(text) : null) as T
}

/** `GET /api`: who the analyzer is; a 401 here means the login page is needed. */
export async function getApiInfo(): Promise<{ Host: string; Version: string; Service: string }> {
  return json(await request('GET', '/api'))
}

/** `POST /api/topology`: runs a Gremlin query; the result shape depends on the query (§3.4). */
export async function queryTopology(query: string): Promise<unknown> {
  const res = await request('POST', '/api/topology', JSON.stringify({ GremlinQuery: query }), {
    'Content-Type': 'application/json', Accept: 'application/json',
  })
  return res.status === 204 ? null : json(res)
}

/** One permission entry of /login and of the `permissions` cookie (spec/api.md §2.2). */
export interface Permission { Object: string; Action: string; Allowed: boolean }

/** `POST /login` with the form fields; the analyzer sets the `authtoken` cookie. */
export async function login(username: string, password: string): Promise<{ Token: string; Permissions: Permission[] | null }> {
  const body = new URLSearchParams({ username, password })
  return json(await request('POST', '/login', body, { 'Content-Type': 'application/x-www-form-urlencoded' }))
}

/** Capture resource as listed by `/api/capture` (spec/api.md §3.2); only the fields the UI shows. */
export interface Capture {
  UUID: string
  GremlinQuery?: string
  BPFFilter?: string
  Name?: string
  Description?: string
  Type?: string
  Count?: number
  LayerKeyMode?: string
}

/** `GET /api/capture`: captures keyed by UUID. */
export async function listCaptures(): Promise<Record<string, Capture>> {
  return (await json<Record<string, Capture> | null>(await request('GET', '/api/capture'))) ?? {}
}

/** `POST /api/capture`. */
export async function createCapture(capture: Omit<Capture, 'UUID'>): Promise<Capture> {
  return json(await request('POST', '/api/capture', JSON.stringify(capture), { 'Content-Type': 'application/json' }))
}

/** `DELETE /api/capture/<uuid>`. */
export async function deleteCapture(uuid: string): Promise<void> {
  await request('DELETE', `/api/capture/${encodeURIComponent(uuid)}`)
}

/** `POST /api/pcap`: uploads a pcap/pcapng trace; its flows land in the analyzer's flow store. */
export async function uploadPcap(file: Blob): Promise<unknown> {
  const res = await request('POST', '/api/pcap', file, { 'Content-Type': 'application/vnd.tcpdump.pcap' })
  return json(res).catch(() => null)
}

/** `GET /api/flowmatrix`: the matrix computed by the analyzer with src/core/matrix. */
export async function getFlowMatrix(useFlows: boolean): Promise<{ rows: MatrixRow[]; noPeers?: unknown[] }> {
  return json(await request('GET', `/api/flowmatrix${useFlows ? '?use_flows=1' : ''}`))
}
