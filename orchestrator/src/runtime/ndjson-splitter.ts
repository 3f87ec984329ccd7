// Splits a newline-delimited JSON stream (Docker's /events) into values. Network chunks cut
// lines anywhere, including inside a multi-byte UTF-8 character, so bytes are kept until a
// newline arrives and only whole lines are decoded.

const NEWLINE = 0x0a;

export class NdjsonSplitter {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds the next chunk; returns every value whose line it completes, in order. */
  push(chunk: Uint8Array): unknown[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const values: unknown[] = [];
    let start = 0;
    for (let end = this.pending.indexOf(NEWLINE); end !== -1; end = this.pending.indexOf(NEWLINE, start)) {
      const value = parseLine(this.pending.subarray(start, end));
      if (value !== undefined) values.push(value.parsed);
      start = end + 1;
    }
    this.pending = Buffer.from(this.pending.subarray(start));
    return values;
  }

  /** Call when the stream ended: a last line without a newline still counts. */
  end(): unknown[] {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    const value = parseLine(rest);
    return value === undefined ? [] : [value.parsed];
  }
}

function parseLine(bytes: Buffer): { parsed: unknown } | undefined {
  const text = bytes.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return { parsed: JSON.parse(text) };
  } catch (cause) {
    const excerpt = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    throw new Error(`a line of the JSON stream is not JSON: ${excerpt}`, { cause });
  }
}
