import type { ServerResponse } from 'node:http';
import { errorBody, toHttpError } from './http-error';

/** Writes `body` as JSON with `status`; a response that already started is left alone. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Any thrown value as `{ error: { code, message } }` with the matching status. */
export function sendError(res: ServerResponse, error: unknown): void {
  const httpError = toHttpError(error);
  sendJson(res, httpError.status, errorBody(httpError), httpError.headers);
}
