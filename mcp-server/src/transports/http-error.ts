/**
 * The HTTP error family. Guards, body reading and route handlers throw these; the server
 * turns any thrown value into a response in one place (`toHttpError` + `sendError`).
 */
import { ZodError, z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** Stable, machine-readable: `unauthorized`, `not_found`, `payload_too_large`, … */
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The body every non-MCP error response carries. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * Invalid input (a zod failure) is the caller's fault: 400; anything unknown is ours: 500.
 * Errors from parts that may not import this file (the orchestrator stands alone) keep their
 * status when they carry an HTTP `status` and a string `code`.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (hasHttpStatus(error)) return new HttpError(error.status, error.code, error.message);
  if (error instanceof ZodError) {
    return new HttpError(400, 'invalid_request', `Invalid request: ${z.prettifyError(error)}; fix the fields named and retry`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new HttpError(500, 'internal', `Internal error: ${message}; the server log has details`);
}

export function errorBody(error: HttpError): ErrorBody {
  return { error: { code: error.code, message: error.message } };
}

function hasHttpStatus(error: unknown): error is Error & { status: number; code: string } {
  if (!(error instanceof Error)) return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  return typeof code === 'string' && typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599;
}
