/**
 * The error of a corrupt or truncated capture file: it names the byte offset where reading
 * stopped, so a user can cut the file there (editcap, dd) and keep what precedes.
 */
import { SkydiveError } from '../errors.js'

/** A pcap/pcapng byte stream that cannot be read further. */
export class PcapInvalidError extends SkydiveError {
  override name = 'PcapInvalidError'
  /**
   * @param message what is wrong, already naming the offset
   * @param offset byte offset in the file of the record or block that could not be read
   */
  constructor(message: string, readonly offset: number, hint?: string) {
    super('pcap-invalid', message, hint)
  }
}
