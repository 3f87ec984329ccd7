import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

/** 4 MB: far above any MCP message or API body we expect, far below what hurts the process. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** What a refused client may still send before the connection is cut: most oversize bodies end well before. */
const MAX_DISCARDED_BYTES = 16 * 1024 * 1024;

/**
 * Reads the whole body, refusing with 413 as soon as it passes `limit` bytes (or announces
 * more in Content-Length) so a huge upload never sits in memory.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  // Not destroyed when the limit is hit mid-body: the 413 still has to reach the client.
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * After a refusal sent before the body was read (413, 401, …) the client is usually still
 * sending. Closing at once would reset the connection, and a reset can destroy the answer before
 * the client reads it (RFC 9112 §9.6), so the rest is read and dropped: up to `limit` more bytes,
 * then the connection is cut.
 */
export function discardUnreadBody(req: IncomingMessage, limit = MAX_DISCARDED_BYTES): void {
  if (req.complete) return;
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit) req.destroy();
  });
  req.resume();
}

/** Undefined for an empty body; 415 for a non-JSON content type; 400 for malformed JSON. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return parseJsonBody(await readBody(req, limit), req.headers['content-type']);
}

/** The JSON of a body already read (readBody); same answers as readJsonBody. */
export function parseJsonBody(buffer: Buffer, contentType: string | undefined): unknown {
  if (buffer.length === 0) return undefined;
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    throw new HttpError(415, 'unsupported_media_type', `Content-Type '${contentType}' is not accepted; send JSON with Content-Type: application/json`);
  }
  const text = decodeUtf8Body(buffer);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `The body is not valid JSON (${(error as Error).message}); send a JSON document`);
  }
}

/**
 * The body as text. JSON is UTF-8 (RFC 8259): other bytes are refused, not turned into U+FFFD,
 * which would write a note or a task line other than the one that was sent.
 */
export function decodeUtf8Body(buffer: Uint8Array): string {
  try {
    return UTF8.decode(buffer);
  } catch {
    throw new HttpError(400, 'invalid_utf8', 'The body is not valid UTF-8; send JSON encoded as UTF-8 (no other encoding, no raw binary)');
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function isJsonContentType(value: string): boolean {
  const mediaType = value.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    'payload_too_large',
    `The request body is larger than ${limit} bytes; send less at once (split the note or the batch)`,
  );
}
