// A client for tailscaled's LocalAPI over its unix socket: the status document and whois.
// I/O only; the documents are read by tailscale-status.ts and tailscale-whois.ts.
import { request } from 'node:http';
import { parseTailscaleStatus, type TailscaleStatus } from './tailscale-status';
import { parseTailscaleWhois, type TailscaleIdentity } from './tailscale-whois';

export const DEFAULT_TAILSCALED_SOCKET = '/var/run/tailscale/tailscaled.sock';
export const DEFAULT_LOCALAPI_TIMEOUT_MS = 5_000;
// tailscaled checks this Host on socket requests (a DNS-rebinding guard).
const LOCALAPI_HOST = 'local-tailscaled.sock';

export interface TailscaleLocalApiOptions {
  socketPath?: string;
  timeoutMs?: number;
}

export type TailscaleLocalApiErrorCode = 'TAILSCALED_UNAVAILABLE' | 'TAILSCALE_REQUEST_FAILED' | 'TAILSCALE_BAD_RESPONSE';

export class TailscaleLocalApiError extends Error {
  readonly code: TailscaleLocalApiErrorCode;
  readonly statusCode: number | undefined;

  constructor(code: TailscaleLocalApiErrorCode, message: string, statusCode?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TailscaleLocalApiError';
    this.code = code;
    this.statusCode = statusCode;
  }
}

interface LocalApiResponse {
  statusCode: number;
  body: string;
}

export class TailscaleLocalApi {
  readonly socketPath: string;
  readonly timeoutMs: number;

  constructor(options: TailscaleLocalApiOptions = {}) {
    this.socketPath = options.socketPath ?? DEFAULT_TAILSCALED_SOCKET;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LOCALAPI_TIMEOUT_MS;
  }

  /** GET /localapi/v0/status: what `tailscale status --json` prints. */
  async status(): Promise<TailscaleStatus> {
    const response = await this.get('/localapi/v0/status');
    if (response.statusCode !== 200) throw this.httpError('read the status', response);
    return wrapFormatError('status', () => parseTailscaleStatus(parseJson('status', response.body)));
  }

  /**
   * GET /localapi/v0/whois?addr=ip:port: who is calling from that tailnet address.
   * Undefined when the address is not on the tailnet (tailscaled answers 404).
   */
  async whois(addr: string): Promise<TailscaleIdentity | undefined> {
    const response = await this.get(`/localapi/v0/whois?addr=${encodeURIComponent(addr)}`);
    if (response.statusCode === 404) return undefined;
    if (response.statusCode !== 200) throw this.httpError(`look up ${addr}`, response);
    return wrapFormatError('whois', () => parseTailscaleWhois(parseJson('whois', response.body)));
  }

  private get(path: string): Promise<LocalApiResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        { socketPath: this.socketPath, path, method: 'GET', headers: { Host: LOCALAPI_HOST }, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (error) => reject(this.unavailable(error)));
        },
      );
      req.on('timeout', () => {
        req.destroy(
          new TailscaleLocalApiError(
            'TAILSCALED_UNAVAILABLE',
            `tailscaled did not answer GET ${path.split('?')[0]} on ${this.socketPath} within ${this.timeoutMs} ms; ` +
              "check it with 'tailscale status' (restart it with 'sudo systemctl restart tailscaled'), then retry.",
          ),
        );
      });
      req.on('error', (error) => reject(error instanceof TailscaleLocalApiError ? error : this.unavailable(error)));
      req.end();
    });
  }

  private unavailable(error: Error): TailscaleLocalApiError {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      return new TailscaleLocalApiError(
        'TAILSCALED_UNAVAILABLE',
        `tailscaled is not running or the socket is elsewhere (${code} at ${this.socketPath}). ` +
          "Start it ('sudo systemctl start tailscaled'), or set the Tailscale socket path to where tailscaled " +
          "listens (its --socket flag), or turn Tailscale discovery off.",
        undefined,
        { cause: error },
      );
    }
    if (code === 'EACCES') {
      return new TailscaleLocalApiError(
        'TAILSCALED_UNAVAILABLE',
        `No permission to open the tailscaled socket ${this.socketPath}. Run as root, or let this user in with ` +
          "'sudo tailscale set --operator=$USER', then retry.",
        undefined,
        { cause: error },
      );
    }
    return new TailscaleLocalApiError(
      'TAILSCALED_UNAVAILABLE',
      `tailscaled at ${this.socketPath} failed the request (${error.message}); check it with 'tailscale status', then retry.`,
      undefined,
      { cause: error },
    );
  }

  private httpError(operation: string, response: LocalApiResponse): TailscaleLocalApiError {
    const detail = response.body.trim().slice(0, 300) || '(empty body)';
    const hint =
      response.statusCode === 403
        ? " This user may not use that LocalAPI call; run as root or set 'sudo tailscale set --operator=$USER'."
        : " Check 'tailscale status' and the tailscaled logs.";
    return new TailscaleLocalApiError(
      'TAILSCALE_REQUEST_FAILED',
      `tailscaled refused to ${operation} (HTTP ${response.statusCode}): ${detail}.${hint}`,
      response.statusCode,
    );
  }
}

function parseJson(what: string, body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new TailscaleLocalApiError(
      'TAILSCALE_BAD_RESPONSE',
      `tailscaled answered the ${what} request with something that is not JSON (starts '${body.slice(0, 60)}'); ` +
        'check that the socket path points at tailscaled and not another service.',
      200,
      { cause: error },
    );
  }
}

function wrapFormatError<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof TailscaleLocalApiError) throw error;
    throw new TailscaleLocalApiError('TAILSCALE_BAD_RESPONSE', (error as Error).message, 200, { cause: error });
  }
}
