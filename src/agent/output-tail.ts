import { closeSync, ftruncateSync, openSync, readSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { OUTPUT_CAP_BYTES } from '../contract/agents'
import type { Stream } from './command-journal'

const READ_SIZE = 64 * 1024

/**
 * Reads a command's output files as the process writes them (the process has them as stdout/stderr, so it
 * keeps writing while the agent restarts). Emits text once, capped at OUTPUT_CAP_BYTES in all; past the cap
 * the files are emptied on every poll so a chatty script cannot fill the disk.
 */
export class OutputTail {
  private readonly fds: Record<Stream, number>
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') }

  constructor(
    files: Record<Stream, string>,
    private readonly offsets: Record<Stream, number>,
    private bytes: number,
    public truncated: boolean,
    private readonly emit: (stream: Stream, text: string, offset: number, truncated: boolean) => void,
  ) {
    this.fds = { stdout: openSync(files.stdout, 'r+'), stderr: openSync(files.stderr, 'r+') }
  }

  /** Reads what is new in both files; `final` flushes the decoders (the process is gone). */
  poll(final = false) {
    for (const stream of ['stdout', 'stderr'] as const) {
      const fd = this.fds[stream]
      if (this.truncated) {
        ftruncateSync(fd, 0)
        continue
      }
      const buf = Buffer.allocUnsafe(READ_SIZE)
      let text = ''
      for (;;) {
        const n = readSync(fd, buf, 0, READ_SIZE, this.offsets[stream])
        if (n === 0) break
        this.offsets[stream] += n
        text += this.decoders[stream].write(buf.subarray(0, n))
        if (this.bytes + Buffer.byteLength(text) > OUTPUT_CAP_BYTES) break
      }
      if (final) text += this.decoders[stream].end()
      this.push(stream, text)
    }
  }

  push(stream: Stream, text: string) {
    if (!text) return
    const size = Buffer.byteLength(text)
    if (this.bytes + size > OUTPUT_CAP_BYTES) {
      text = Buffer.from(text)
        .subarray(0, OUTPUT_CAP_BYTES - this.bytes)
        .toString('utf8')
        .replace(/\uFFFD$/, '')
      this.truncated = true
    }
    this.bytes += Buffer.byteLength(text)
    this.emit(stream, text, this.offsets[stream], this.truncated)
  }

  close() {
    for (const fd of Object.values(this.fds)) closeSync(fd)
  }
}
