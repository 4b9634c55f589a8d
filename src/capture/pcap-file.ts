/**
 * Reads a pcap or pcapng file in fixed-size chunks and hands every packet to a sink, so a
 * file of any size is read in the memory of one buffer (the file is never loaded whole).
 * Parsing is core's PcapParser; this file only does the I/O.
 */
import { open } from 'node:fs/promises'
import { SkydiveError } from '../core/errors.js'
import { MAX_RECORD, type PacketSink, PcapInvalidError, PcapParser } from '../core/flow/index.js'

/** Options of readPcapFile. */
export interface ReadPcapOptions {
  /** bytes per read (default 4 MiB) */
  chunkSize?: number
  /** called after each read with the bytes read so far and the file size */
  onProgress?: (bytesRead: number, fileSize: number) => void
}

/** What was read. */
export interface ReadPcapResult {
  format: 'pcap' | 'pcapng'
  packets: number
  bytes: number
}

/**
 * Streams `path` into `sink`. Throws PcapInvalidError (code 'pcap-invalid') naming the byte
 * offset of a corrupt or truncated record after every packet before it was delivered.
 */
export async function readPcapFile(path: string, sink: PacketSink, opts: ReadPcapOptions = {}): Promise<ReadPcapResult> {
  const fh = await openFile(path)
  try {
    const st = await fh.stat()
    if (st.isDirectory()) throw new SkydiveError('not-found', `Cannot read "${path}": it is a directory`, 'give a .pcap or .pcapng file')
    const size = st.size
    const parser = new PcapParser()
    let buf = new Uint8Array(opts.chunkSize ?? 4 * 1024 * 1024)
    let filled = 0, read = 0
    for (;;) {
      if (filled === buf.length) {
        // one record is larger than the buffer: grow up to the parser's own limit
        const bigger = new Uint8Array(Math.min(buf.length * 2, MAX_RECORD + 64))
        if (bigger.length <= buf.length) throw new PcapInvalidError(`Cannot read "${path}": a record at byte ${parser.position} is larger than ${MAX_RECORD} bytes`, parser.position)
        bigger.set(buf)
        buf = bigger
      }
      const { bytesRead } = await fh.read(buf, filled, buf.length - filled, null)
      filled += bytesRead
      read += bytesRead
      const eof = bytesRead === 0
      const used = parseOrName(parser, buf, filled, sink, eof, path)
      if (used > 0) {
        buf.copyWithin(0, used, filled)
        filled -= used
      }
      opts.onProgress?.(read, size)
      if (eof) break
    }
    return { format: parser.format ?? 'pcap', packets: parser.packets, bytes: read }
  } finally {
    await fh.close()
  }
}

function parseOrName(parser: PcapParser, buf: Uint8Array, filled: number, sink: PacketSink, eof: boolean, path: string): number {
  try {
    return parser.parse(buf, 0, filled, sink, eof)
  } catch (err) {
    if (err instanceof PcapInvalidError) throw new PcapInvalidError(`Cannot read "${path}": ${err.message}`, err.offset, err.hint)
    throw err
  }
}

async function openFile(path: string): Promise<Awaited<ReturnType<typeof open>>> {
  try {
    return await open(path, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? err)
    throw new SkydiveError('not-found', `Cannot read "${path}": ${why}`, undefined, { cause: err })
  }
}
