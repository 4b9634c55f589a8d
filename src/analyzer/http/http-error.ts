/**
 * An HTTP answer other than success, raised by route handlers and turned into a plain-text
 * response (spec/api.md §2: error bodies are the message plus a newline).
 */
export class HttpError extends Error {
  override name = 'HttpError'
  /** `body` null sends an empty body (upstream answers some errors with a bare status). */
  constructor(readonly status: number, readonly body: string | null, options?: ErrorOptions) {
    super(body ?? `HTTP ${status}`, options)
  }
}
