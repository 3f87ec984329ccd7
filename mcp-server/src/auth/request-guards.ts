/**
 * The checks every HTTP request passes before it reaches a route: Host and Origin against
 * DNS rebinding, then the bearer token. Pure functions over header values; the HTTP server
 * turns a refusal into a response.
 */
import { readBearerToken, tokensMatch } from './bearer';

/** The Obsidian desktop app's origin: the plugin's fetches carry it. */
export const OBSIDIAN_ORIGIN = 'app://obsidian.md';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);

export interface AccessPolicy {
  /** Normalised `host:port` values the Host header may carry. */
  readonly hosts: ReadonlySet<string>;
  /** Normalised origins a browser may call from. */
  readonly origins: ReadonlySet<string>;
}

export interface AccessPolicyOptions {
  /** The address the server listens on. */
  bindHost: string;
  /** The port actually bound (never 0). */
  port: number;
  /** Extra Host values, e.g. a Tailscale name; without a port they mean this server's port. */
  allowedHosts?: readonly string[];
  /** Extra browser origins, e.g. `https://my-dashboard.example`. */
  allowedOrigins?: readonly string[];
}

export type GuardVerdict =
  | { ok: true }
  | { ok: false; status: 401 | 403; code: string; message: string; headers?: Record<string, string> };

/**
 * Hosts: loopback names at our port, the bind address when it is not a wildcard, and the
 * configured ones. Origins: http and https on each allowed host (a page served by this very
 * server, or a tunnel to it), the Obsidian app, and the configured ones. A page on another
 * localhost port is another origin and is refused: localhost dev servers are exactly what a
 * hostile page can be served from.
 */
export function buildAccessPolicy(options: AccessPolicyOptions): AccessPolicy {
  const hosts = new Set<string>();
  for (const name of LOOPBACK_NAMES) hosts.add(`${name}:${options.port}`);
  const bind = options.bindHost.trim().toLowerCase();
  if (!WILDCARD_HOSTS.has(bind)) {
    const bracketed = bind.includes(':') && !bind.startsWith('[') ? `[${bind}]` : bind;
    hosts.add(`${stripTrailingDot(bracketed)}:${options.port}`);
  }
  for (const entry of options.allowedHosts ?? []) {
    const normalised = normaliseHost(entry, options.port);
    if (!normalised) throw new Error(`Allowed host '${entry}' is not a host name or host:port; fix the setting`);
    hosts.add(normalised);
  }

  const origins = new Set<string>([OBSIDIAN_ORIGIN]);
  for (const host of hosts) {
    for (const scheme of ['http', 'https']) {
      const origin = normaliseOrigin(`${scheme}://${host}`);
      if (origin) origins.add(origin);
    }
  }
  for (const entry of options.allowedOrigins ?? []) {
    const normalised = normaliseOrigin(entry);
    if (!normalised) throw new Error(`Allowed origin '${entry}' is not an origin like https://example.com; fix the setting`);
    origins.add(normalised);
  }
  return { hosts, origins };
}

export function checkHost(policy: AccessPolicy, hostHeader: string | undefined): GuardVerdict {
  const host = hostHeader === undefined ? undefined : normaliseHost(hostHeader, 80);
  if (host !== undefined && policy.hosts.has(host)) return { ok: true };
  return {
    ok: false,
    status: 403,
    code: 'forbidden_host',
    message:
      `Host '${hostHeader ?? ''}' is not allowed (DNS-rebinding protection). ` +
      `Use one of ${[...policy.hosts].join(', ')}, or add this name to the allowed hosts setting.`,
  };
}

/** A request without Origin is not from a browser page and passes; one with Origin must be allowed. */
export function checkOrigin(policy: AccessPolicy, originHeader: string | undefined): GuardVerdict {
  if (originHeader === undefined) return { ok: true };
  const origin = normaliseOrigin(originHeader);
  if (origin !== undefined && policy.origins.has(origin)) return { ok: true };
  return {
    ok: false,
    status: 403,
    code: 'forbidden_origin',
    message:
      `Origin '${originHeader}' may not call this server (DNS-rebinding and cross-site protection). ` +
      'Add it to the allowed origins setting if this page should have access.',
  };
}

export function checkBearer(expectedToken: string, authorization: string | undefined): GuardVerdict {
  const presented = readBearerToken(authorization);
  if (presented === undefined) {
    return {
      ok: false,
      status: 401,
      code: 'unauthorized',
      message:
        'Missing bearer token: set Authorization: Bearer <token>; the token is in <data>/token ' +
        '(default <vault>/.vaultplane/token) or VAULTPLANE_TOKEN.',
      headers: { 'WWW-Authenticate': 'Bearer realm="vaultplane"' },
    };
  }
  if (!tokensMatch(presented, expectedToken)) {
    return {
      ok: false,
      status: 401,
      code: 'invalid_token',
      message:
        'Invalid bearer token: use the token in <data>/token (default <vault>/.vaultplane/token) ' +
        'or the VAULTPLANE_TOKEN the server was started with.',
      headers: { 'WWW-Authenticate': 'Bearer realm="vaultplane", error="invalid_token"' },
    };
  }
  return { ok: true };
}

/**
 * `Host` value → lowercase `name:port` (IPv6 in brackets, trailing dot dropped), or
 * undefined when it is not a plain host. `defaultPort` fills a missing port.
 */
export function normaliseHost(value: string, defaultPort: number): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return undefined;
  const name = stripTrailingDot(match[1]!.toLowerCase());
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  if (name === '' || port > 65535) return undefined;
  return `${name}:${port}`;
}

/**
 * An Origin → its canonical form (`http://localhost:8080`, default ports dropped), or
 * undefined for `null` and anything that is not an origin. Non-web schemes such as
 * `app://obsidian.md` are compared as lowercase text.
 */
export function normaliseOrigin(value: string): string | undefined {
  const text = value.trim().replace(/\/$/, '').toLowerCase();
  if (text === '' || text === 'null') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.pathname !== '' && url.pathname !== '/') return undefined;
  if (url.search || url.hash || url.username || url.password) return undefined;
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  return text;
}

function stripTrailingDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
