import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

/** 4 MB: far above any MCP message or API body we expect, far below what hurts the process. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Reads the whole body, refusing with 413 as soon as it passes `limit` bytes (or announces
 * more in Content-Length) so a huge upload never sits in memory.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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
  try {
    return JSON.parse(buffer.toString('utf8')) as unknown;
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `The body is not valid JSON (${(error as Error).message}); send a JSON document`);
  }
}

export function isJsonContentType(value: string): boolean {
  const mediaType = value.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    'payload_too_large',
    `The request body is larger than ${limit} bytes; send less at once (split the note or the batch)`,
    { Connection: 'close' },
  );
}
