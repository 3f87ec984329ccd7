// Splits Docker's multiplexed attach/logs stream (non-TTY containers) into stdout and stderr.
// Each frame is an 8-byte header — stream type (0 stdin, 1 stdout, 2 stderr), three zero
// bytes, payload length as uint32 big-endian — then the payload. Network chunks cut frames
// anywhere, headers included, so partial input is carried over to the next push.

export type OutputStream = 'stdout' | 'stderr';

export interface OutputFrame {
  stream: OutputStream;
  data: Buffer;
}

const HEADER_BYTES = 8;

export class FrameDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds the next chunk; returns every frame it completes, in order. */
  push(chunk: Uint8Array): OutputFrame[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const frames: OutputFrame[] = [];
    let offset = 0;
    while (this.pending.length - offset >= HEADER_BYTES) {
      const type = this.pending.readUInt8(offset);
      if (type > 2) {
        throw new Error(
          `output is not a multiplexed Docker stream (stream type ${type} at byte ${offset}); ` +
            'was the container created with Tty: true?',
        );
      }
      const length = this.pending.readUInt32BE(offset + 4);
      const end = offset + HEADER_BYTES + length;
      if (this.pending.length < end) break;
      // Docker writes stdin echoes to stdout, so type 0 counts as stdout.
      frames.push({ stream: type === 2 ? 'stderr' : 'stdout', data: this.pending.subarray(offset + HEADER_BYTES, end) });
      offset = end;
    }
    // Copy the remainder so returned frames do not pin or alias it.
    this.pending = Buffer.from(this.pending.subarray(offset));
    return frames;
  }

  /** Call when the stream ended; a stream that stops inside a frame lost output. */
  end(): void {
    if (this.pending.length > 0) {
      throw new Error(`output stream ended inside a frame (${this.pending.length} bytes left over)`);
    }
  }
}
