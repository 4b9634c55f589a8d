/** Version reported by `skydive version` and `GET /api` (upstream clients only display it). */
export const VERSION = '0.28.0-ts.1'
