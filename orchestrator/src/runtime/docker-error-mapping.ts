import { EngineRequestError, EngineUnavailableError, ImageNotFoundError, OrchestratorError } from '../errors';

// Turns what dockerode/docker-modem throw (Node socket errors, or Errors carrying the engine's
// HTTP statusCode and JSON body) into our error family. Pure: it only reads the error.

export interface DockerErrorContext {
  /** Shown to people: unix:///var/run/docker.sock, tcp://host:2375. */
  endpoint: string;
  /** What we were doing, as a verb phrase: "create a container". */
  operation: string;
  /** The image involved, when a 404 can mean "no such image". */
  image?: string | undefined;
}

const CONNECTION_REASONS: Record<string, string> = {
  ENOENT: 'the socket does not exist',
  ECONNREFUSED: 'connection refused',
  EACCES: "permission denied; run as root or add your user to the 'docker' group",
  EPERM: "permission denied; run as root or add your user to the 'docker' group",
  ENOTSOCK: 'the path is not a socket',
  ECONNRESET: 'the engine closed the connection',
  EPIPE: 'the engine closed the connection',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
};

interface ErrorFields {
  code?: unknown;
  name?: unknown;
  statusCode?: unknown;
  json?: unknown;
  message?: unknown;
}

/** The reason the engine could not be reached, or undefined when the error came from a reachable engine. */
function connectionFailureReason(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const fields = error as ErrorFields;
  if (typeof fields.code === 'string') {
    const reason = CONNECTION_REASONS[fields.code];
    if (reason) return `${reason} [${fields.code}]`;
  }
  if (fields.name === 'AbortError' || fields.name === 'TimeoutError') return 'no answer before the timeout';
  if (fields.message === 'socket hang up') return 'the engine closed the connection';
  return undefined;
}

function engineMessage(fields: ErrorFields): string {
  const json = fields.json;
  if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message.trim();
  }
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  return typeof fields.message === 'string' ? fields.message.trim() : String(fields.message);
}

export function mapDockerError(error: unknown, context: DockerErrorContext): OrchestratorError {
  if (error instanceof OrchestratorError) return error;
  const unreachable = connectionFailureReason(error);
  if (unreachable !== undefined) {
    return new EngineUnavailableError(context.endpoint, unreachable, { cause: error });
  }
  if (typeof error !== 'object' || error === null) {
    return new EngineRequestError(context.operation, String(error), undefined, { cause: error });
  }
  const fields = error as ErrorFields;
  const statusCode = typeof fields.statusCode === 'number' ? fields.statusCode : undefined;
  const detail = engineMessage(fields);
  if (statusCode === 404 && context.image !== undefined && /no such image/i.test(detail)) {
    return new ImageNotFoundError(context.image, { cause: error });
  }
  return new EngineRequestError(context.operation, detail, statusCode, { cause: error });
}
