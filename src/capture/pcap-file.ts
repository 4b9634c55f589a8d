/**
 * Reads a pcap or pcapng file in fixed-size chunks and hands every packet to a sink, so a
 * file of any size is read in the memory of a few buffers (the file is never loaded whole).
 * The next chunks are read while the current one is parsed. Parsing is core's PcapParser; this
 * file only does the I/O.
 */
import { open } from 'node:fs/promises'
import { SkydiveError } from '../core/errors.js'
import { MAX_RECORD, type PacketSink, type PcapBulk, type PcapBulkResult, PcapInvalidError, PcapParser } from '../core/flow/index.js'

/** Options of readPcapFile. */
export interface ReadPcapOptions {
  /** bytes per read (default 1 MiB) */
  chunkSize?: number
  /** called after each read with the bytes read so far and the file size */
  onProgress?: (bytesRead: number, fileSize: number) => void
  /**
   * Supplies the buffer of each read, of `size` bytes (default: two buffers used in turn). A
   * buffer may be handed out again once onChunk has seen the next one (sharded reads share them).
   */
  buffer?: (size: number) => Uint8Array | Promise<Uint8Array>
  /** called with the buffer of each chunk after its packets were delivered */
  onChunk?: (buf: Uint8Array) => void
  /**
   * Reads in flight while a chunk is parsed (default READ_AHEAD with the reader's own buffers,
   * 1 with `buffer`). Regular files only: a pipe or device is read one chunk at a time.
   */
  readAhead?: number
  /**
   * Supplies the reader's own `count` buffers of `size` bytes, used in turn (e.g. in a flow
   * table's WebAssembly memory); undefined: the reader allocates them.
   */
  buffers?: (count: number, size: number) => Uint8Array[] | undefined
  /** takes over runs of classic-pcap records (PcapParser's bulk; a flow table's WebAssembly loop) */
  bulk?: { bulk: PcapBulk; result: PcapBulkResult }
}

/**
 * Reads are copied by libuv's thread pool, on the other core: with one in flight the parser
 * waited 17–27 ms a run of the 1M-packet benchmark file for a late copy (that core is shared);
 * with three it does not wait.
 */
const READ_AHEAD = 3

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
  const reads: Array<{ buf: Uint8Array; done: Promise<{ bytesRead: number }> }> = []
  try {
    const st = await fh.stat()
    if (st.isDirectory()) throw new SkydiveError('not-found', `Cannot read "${path}": it is a directory`, 'give a .pcap or .pcapng file')
    const chunk = opts.chunkSize ?? 1024 * 1024
    // Each buffer keeps head room before the chunk, where the previous chunk's unfinished
    // record is copied, so records spanning two reads are parsed in place.
    const room = Math.min(chunk, 1024 * 1024)
    // reads at explicit offsets run ahead; a pipe or device is read where it stands
    const seekable = st.isFile()
    const depth = seekable ? Math.max(1, opts.readAhead ?? (opts.buffer ? 1 : READ_AHEAD)) : 1
    // the reads in flight and the chunk being parsed each hold a buffer, handed out in turn
    const own: Uint8Array[] = opts.buffers?.(depth + 1, room + chunk) ?? []
    let turn = 0
    const next = opts.buffer ?? ((size: number): Uint8Array => {
      turn = (turn + 1) % (depth + 1)
      if (own[turn]?.length !== size) own[turn] = new Uint8Array(size)
      return own[turn]!
    })
    const parser = new PcapParser(opts.bulk?.bulk, opts.bulk?.result)
    let ahead = depth > 1, at = 0
    const issue = async (): Promise<void> => {
      const buf = await next(room + chunk)
      reads.push({ buf, done: fh.read(buf, room, chunk, seekable ? at : null) })
      at += chunk
    }
    let read = 0
    let left: Uint8Array = new Uint8Array(0)
    for (let i = 0; i < depth; i++) await issue()
    for (;;) {
      const { buf: cur, done } = reads.shift()!
      const { bytesRead } = await done
      read += bytesRead
      const eof = bytesRead === 0
      if (ahead && bytesRead < chunk) {
        // a short read: the end of the file, or it grew meanwhile and the reads issued past
        // this one may have skipped bytes; drop them and read one chunk at a time from here
        for (const r of reads.splice(0)) await r.done.catch(() => {})
        ahead = false
      }
      let buf = cur, start = room - left.length, end = room + bytesRead
      if (left.length > room) {
        // an unfinished record larger than the head room (rare): join it to the new bytes
        if (left.length + bytesRead > MAX_RECORD + 64 + chunk) throw new PcapInvalidError(`Cannot read "${path}": a record at byte ${parser.position} is larger than ${MAX_RECORD} bytes`, parser.position)
        const joined = new Uint8Array(left.length + bytesRead)
        joined.set(left)
        joined.set(buf.subarray(room, room + bytesRead), left.length)
        buf = joined
        start = 0
        end = joined.length
      } else {
        buf.set(left, start)
      }
      // `left` is copied: the next read may go to the buffer that held it
      if (!eof) {
        if (!ahead) at = read
        await issue()
      }
      const used = parseOrName(parser, buf, start, end, sink, eof, path)
      left = buf.subarray(start + used, end)
      opts.onChunk?.(buf)
      opts.onProgress?.(read, st.size)
      if (eof) break
    }
    return { format: parser.format ?? 'pcap', packets: parser.packets, bytes: read }
  } finally {
    // a damaged record stops the parser with reads still in flight: let them land first
    for (const r of reads) await r.done.catch(() => {})
    await fh.close()
  }
}

function parseOrName(parser: PcapParser, buf: Uint8Array, start: number, end: number, sink: PacketSink, eof: boolean, path: string): number {
  try {
    return parser.parse(buf, start, end, sink, eof)
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
