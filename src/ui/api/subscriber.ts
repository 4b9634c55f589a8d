/**
 * Live graph stream: /ws/subscriber with the partial update policy (spec/api.md §4.2, §4.6).
 * Browsers cannot set WebSocket headers, so the handshake parameters go in the query string,
 * as upstream allows. Reconnects with back-off and asks for a fresh SyncReply every time.
 */
import type { GraphMessage } from '../../wire/index.js'
import { parseFrame } from '../model/parse-frame.js'

/** Connection state shown in the status bar. */
export type StreamState = 'connecting' | 'live' | 'down'

/** Callbacks of a subscriber stream. */
export interface StreamHandlers {
  onGraph(msg: GraphMessage): void
  /** messages of other namespaces (Alert, OnDemandCaptureNotification...) */
  onOther?(namespace: string, type: string): void
  onState(state: StreamState, detail?: string): void
}

/** Opens the stream; returns a function that closes it for good. */
export function openSubscriber(handlers: StreamHandlers): { close(): void; resync(): void } {
  let ws: WebSocket | undefined
  let closed = false
  let delay = 500
  let timer: ReturnType<typeof setTimeout> | undefined
  const clientId = `webui-${Math.random().toString(36).slice(2, 10)}`

  const syncRequest = () => ws?.readyState === WebSocket.OPEN && ws.send(JSON.stringify({
    Namespace: 'Graph', Type: 'SyncRequest', UUID: crypto.randomUUID?.() ?? clientId, Obj: { GremlinFilter: null },
  }))

  const connect = () => {
    handlers.onState('connecting')
    const proto = location.protocol === 'https:' ? 'wss' : 'ws'
    const params = new URLSearchParams({ 'x-client-type': 'webui', 'x-update-policy': 'partial', 'x-host-id': clientId })
    ws = new WebSocket(`${proto}://${location.host}/ws/subscriber?${params}`)
    ws.onopen = () => {
      delay = 500
      handlers.onState('live')
      syncRequest()
    }
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return
      const f = parseFrame(ev.data)
      if (f?.graph) handlers.onGraph(f.graph)
      else if (f?.other) handlers.onOther?.(f.other.namespace, f.other.type)
    }
    ws.onclose = (ev) => {
      ws = undefined
      if (closed) return
      handlers.onState('down', ev.reason || `connection closed (code ${ev.code}); retrying in ${Math.round(delay / 1000)} s`)
      timer = setTimeout(connect, delay)
      delay = Math.min(delay * 2, 10_000)
    }
  }
  connect()
  return {
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      ws?.close()
    },
    resync: syncRequest,
  }
}
