/**
 * The analyzer's BPF filter check for captures (spec/api.md §3.2: BPFFilter must compile).
 */
import type { Logger } from '../core/ports.js'

/** checkBpf for the resource routes: the compiler's complaint, or undefined; says once when it cannot check. */
export function createBpfCheck(log: Logger): (filter: string) => Promise<string | undefined> {
  let warned = false
  return async (filter) => {
    // loaded on the first capture, as pcap-routes loads capture/ on the first upload
    const { compileBpf } = await import('../capture/index.js')
    const r = await compileBpf(filter)
    if (r.ok === true) return undefined
    if (r.ok === false) return r.error
    if (!warned) log.warn(`Capture BPF filters are stored unchecked: ${r.reason}`)
    warned = true
    return undefined
  }
}
