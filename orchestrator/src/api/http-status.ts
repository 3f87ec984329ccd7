import { isOrchestratorError, type OrchestratorErrorCode } from '../errors';

// The one place where orchestrator errors become HTTP statuses. Codes in bodies are the error
// codes in lower case, like the MCP server's own HTTP errors.

const STATUS: Record<OrchestratorErrorCode, number> = {
  INVALID_REQUEST: 400,
  INVALID_RUN_SPEC: 400,
  UNKNOWN_NAMESPACE: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  POLICY_VIOLATION: 403,
  QUOTA_EXCEEDED: 403,
  SIGNATURE_REQUIRED: 403,
  UNKNOWN_SIGNING_KEY: 403,
  INVALID_SIGNATURE: 403,
  POD_NOT_FOUND: 404,
  CONTAINER_NOT_FOUND: 404,
  CONTAINER_NAME_CONFLICT: 409,
  // Understood, but cannot be done with what this engine has.
  IMAGE_NOT_FOUND: 422,
  UNSCHEDULABLE: 422,
  IDEMPOTENCY_CONFLICT: 422,
  INVALID_POLICY: 500,
  INVALID_DOCKER_HOST: 500,
  ENGINE_REQUEST_FAILED: 502,
  PEER_UNAVAILABLE: 502,
  ENGINE_UNAVAILABLE: 503,
  SWARM_NOT_MANAGER: 503,
};

export interface ErrorResponse {
  status: number;
  body: { error: { code: string; message: string } };
}

export function errorResponse(error: unknown): ErrorResponse {
  if (isOrchestratorError(error)) {
    return { status: STATUS[error.code] ?? 500, body: { error: { code: error.code.toLowerCase(), message: error.message } } };
  }
  // Errors from the host (the MCP server's Spec-Kit store) carry their own status and code.
  if (error instanceof Error && typeof (error as { status?: unknown }).status === 'number' && typeof (error as { code?: unknown }).code === 'string') {
    const { status, code } = error as Error & { status: number; code: string };
    if (status >= 400 && status <= 599) return { status, body: { error: { code: code.toLowerCase(), message: error.message } } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { error: { code: 'internal', message: `Internal error: ${message}; the server log has details` } } };
}
