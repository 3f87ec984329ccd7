// One error family for everything the client reports; views show `message` as is.

export type ApiErrorKind = 'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'invalid' | 'unavailable' | 'server';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export function apiErrorFromStatus(status: number, serverMessage: string | undefined, what: string, code?: string): ApiError {
  const said = serverMessage ?? `HTTP ${status}`;
  if (status === 401) return new ApiError('unauthorized', 'The server refused the token; set the right one in the vaultplane settings', status, code);
  if (status === 403) return new ApiError('forbidden', `${what}: ${said}`, status, code);
  if (status === 404) return new ApiError('not-found', `${what}: ${said}`, status, code);
  if (status === 400 || status === 409 || status === 422) return new ApiError('invalid', `${what}: ${said}`, status, code);
  if (status === 503) return new ApiError('unavailable', `${what}: ${said}`, status, code);
  return new ApiError('server', `${what}: ${said}`, status, code);
}

export function unreachable(serverUrl: string, cause: unknown): ApiError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ApiError('unreachable', `The vaultplane server at ${serverUrl} does not answer (${reason}); start it or check the URL in settings`);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
