/**
 * Which Node TLS error codes mean the peer's certificate was refused (unknown CA, self-signed,
 * wrong name), as opposed to a connection or handshake failure: the REST client and the
 * agent's publisher both turn them into a hint naming the certificate setting.
 */

/** True when `code` is one of Node's certificate verification errors. */
export function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i.test(code)
}
