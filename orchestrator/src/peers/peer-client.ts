import { OrchestratorError } from '../errors';
import { signPeerRequest, type PeerSigner } from './peer-signing';

// Signed HTTP calls to another orchestrator's /peer routes. I/O only: which peer to call and
// what to do with a failure is decided in peer-cluster.ts.

export interface PeerEndpoint {
  /** As discovered, for messages. */
  name: string;
  /** Origin of its API, e.g. http://127.0.0.1:8081. */
  url: string;
}

/** The peer could not be reached, or did not answer in time. */
export class PeerUnavailableError extends OrchestratorError {
  /**
   * 'no': the request never reached the peer (refused, no route), so nothing happened there;
   * 'unknown': it may have been carried out and only the answer was lost.
   */
  readonly delivered: 'no' | 'unknown';
  readonly peer: string;

  constructor(peer: PeerEndpoint, detail: string, delivered: 'no' | 'unknown', options?: { cause?: unknown }) {
    super('PEER_UNAVAILABLE', `Peer '${peer.name}' at ${peer.url} did not answer (${detail}); check that it runs and is reachable, then retry.`, options);
    this.delivered = delivered;
    this.peer = peer.name;
  }
}

/** The peer answered with an error; its status and code are kept so they reach the caller as they were. */
export class PeerAnswerError extends Error {
  readonly status: number;
  readonly code: string;
  readonly peer: string;

  constructor(peer: PeerEndpoint, status: number, code: string, message: string) {
    super(`Peer '${peer.name}' answered: ${message}`);
    this.name = 'PeerAnswerError';
    this.status = status;
    this.code = code;
    this.peer = peer.name;
  }
}

export interface PeerClientOptions {
  /** Default 30 s. Streams (logs) are not cut by it once their headers arrived. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

// undici's codes for a connection that never opened: the peer cannot have seen the request.
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export class PeerClient {
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly signer: PeerSigner,
    options: PeerClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** A JSON request; resolves with the parsed body of a 2xx answer. */
  async json<T>(
    peer: PeerEndpoint,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<{ status: number; body: T }> {
    const response = await this.send(peer, method, path, body, options.headers ?? {}, undefined, options.timeoutMs);
    const text = await response.text().catch((error: unknown) => {
      throw new PeerUnavailableError(peer, `the answer broke off: ${describeFetchError(error)}`, 'unknown', { cause: error });
    });
    const parsed = parseJson(text);
    if (!response.ok) throw answerError(peer, response.status, parsed, text);
    if (parsed === undefined) throw new PeerAnswerError(peer, 502, 'peer_bad_response', `HTTP ${response.status} with a body that is not JSON; check that ${peer.url} is a vaultplane orchestrator`);
    return { status: response.status, body: parsed as T };
  }

  /** A request whose body the caller reads as a stream (SSE); an error answer is thrown. */
  async stream(peer: PeerEndpoint, path: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const response = await this.send(peer, 'GET', path, undefined, { accept: 'text/event-stream' }, signal, this.timeoutMs, 'headers');
    if (!response.ok || response.body === null) {
      const text = await response.text().catch(() => '');
      throw answerError(peer, response.status, parseJson(text), text);
    }
    return response.body;
  }

  private async send(
    peer: PeerEndpoint,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    headers: Record<string, string>,
    signal?: AbortSignal,
    timeoutMs = this.timeoutMs,
    /** 'headers': the timeout ends once the answer's headers are in, so a stream may run on. */
    timeoutCovers: 'whole' | 'headers' = 'whole',
  ): Promise<Response> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    // Signed over exactly the bytes sent, so the receiver can check the body hash.
    const signed = signPeerRequest({ method, path, body: text }, this.signer);
    // An aborted fetch signal also cuts the body being read, hence a timer that can be cleared.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    timer.unref();
    try {
      return await this.fetch(`${peer.url}${path}`, {
        method,
        headers: { ...headers, ...signed, ...(text === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(text === undefined ? {} : { body: text }),
        signal: signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.signal.aborted) throw new PeerUnavailableError(peer, `no answer within ${timeoutMs} ms`, 'unknown', { cause: error });
      const code = causeCode(error);
      throw new PeerUnavailableError(peer, describeFetchError(error), code !== undefined && NOT_DELIVERED.has(code) ? 'no' : 'unknown', { cause: error });
    } finally {
      if (timeoutCovers === 'headers') clearTimeout(timer);
    }
  }
}

function answerError(peer: PeerEndpoint, status: number, parsed: unknown, text: string): PeerAnswerError {
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (typeof error?.code === 'string' && typeof error.message === 'string') return new PeerAnswerError(peer, status, error.code, error.message);
  return new PeerAnswerError(peer, status >= 400 && status <= 599 ? status : 502, 'peer_bad_response', `HTTP ${status}: ${text.slice(0, 200) || '(empty body)'}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** A failed fetch in words; undici says "fetch failed" and puts the useful part (ECONNREFUSED …) in the cause. */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${error.message}: ${causeCode(error) ?? cause.message}`;
  return error.message;
}
