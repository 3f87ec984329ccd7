// Reads text/event-stream frames (the plugin's own copy: it may share only types with the
// orchestrator). Chunks may cut anywhere; lines end in \n, \r\n or \r. Pure.

export interface SseFrame {
  event: string;
  data: string;
}

export class SseFrameParser {
  private pending = '';
  private eventName = '';
  private dataLines: string[] = [];

  /** Frames completed by this chunk. */
  push(chunk: string): SseFrame[] {
    this.pending += chunk;
    const frames: SseFrame[] = [];
    for (;;) {
      const end = /\r\n|\r|\n/.exec(this.pending);
      // A \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (end === null || (end[0] === '\r' && end.index === this.pending.length - 1)) break;
      const line = this.pending.slice(0, end.index);
      this.pending = this.pending.slice(end.index + end[0].length);
      const frame = this.takeLine(line);
      if (frame !== undefined) frames.push(frame);
    }
    return frames;
  }

  /** The stream ended: a held-back \r still ends its line; an unterminated frame is dropped, as the spec says. */
  finish(): SseFrame[] {
    const frames = this.pending.endsWith('\r') ? this.push('\n') : [];
    this.pending = '';
    return frames;
  }

  private takeLine(line: string): SseFrame | undefined {
    if (line === '') {
      const frame = this.dataLines.length === 0 ? undefined : { event: this.eventName || 'message', data: this.dataLines.join('\n') };
      this.eventName = '';
      this.dataLines = [];
      return frame;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const raw = colon === -1 ? '' : line.slice(colon + 1);
    const value = raw.startsWith(' ') ? raw.slice(1) : raw;
    if (field === 'event') this.eventName = value;
    else if (field === 'data') this.dataLines.push(value);
    return undefined;
  }
}

/** Every complete frame of a whole response body (an MCP reply sent as an event stream). */
export function parseSseText(text: string): SseFrame[] {
  const parser = new SseFrameParser();
  return [...parser.push(text), ...parser.finish()];
}
