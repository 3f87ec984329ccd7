import { objectOrUndefined } from './json-value';
import { checkServerVersion } from './version-compat';

// What "Test connection" says, from what two requests got back: GET /health (no token needed)
// and GET /pods (token needed). One sentence naming the problem and what to do. Pure.

export type Probe =
  | { kind: 'unreachable'; message: string }
  | { kind: 'answered'; status: number; json: unknown };

export interface Diagnosis {
  ok: boolean;
  /** e.g. "Server down", "Wrong token", "Version mismatch", "Connected". */
  title: string;
  detail: string;
}

export function diagnoseConnection(serverUrl: string, token: string, health: Probe, pods: Probe | undefined, pluginVersion: string): Diagnosis {
  if (health.kind === 'unreachable') {
    return {
      ok: false,
      title: 'Server down',
      detail: `Nothing answers at ${serverUrl} (${health.message}). Start it with "npm start" or "vaultplane serve", or fix the server URL.`,
    };
  }
  const body = objectOrUndefined(health.json);
  if (health.status === 403) return { ok: false, title: 'Refused', detail: `The server refused this app: ${errorMessage(body) ?? 'forbidden'}.` };
  if (body === undefined || typeof body.version !== 'string') {
    return { ok: false, title: 'Not a vaultplane server', detail: `GET ${serverUrl}/health answered ${health.status} without a version; check the server URL and port.` };
  }
  const version = checkServerVersion(body.version, pluginVersion);
  if (!version.ok) return { ok: false, title: 'Version mismatch', detail: capitalize(version.reason) + '.' };
  if (token === '') {
    return { ok: false, title: 'No token', detail: 'Set the token: VAULTPLANE_TOKEN, or the token file the server wrote into its data dir (the server log names it).' };
  }
  if (pods === undefined || pods.kind === 'unreachable') {
    return { ok: false, title: 'Server down', detail: `The server answered /health but then stopped answering${pods ? ` (${pods.message})` : ''}; try again.` };
  }
  const podsBody = objectOrUndefined(pods.json);
  if (pods.status === 401) return { ok: false, title: 'Wrong token', detail: 'The server refused the token (401). Copy it again from VAULTPLANE_TOKEN or the token file in the data dir.' };
  if (pods.status === 403) return { ok: false, title: 'Token not allowed', detail: `The token is valid but may not list pods: ${errorMessage(podsBody) ?? 'forbidden'}.` };
  const node = objectOrUndefined(body.node);
  const nodeName = typeof node?.node === 'string' ? ` on node ${node.node}` : '';
  if (pods.status === 503) {
    return { ok: true, title: 'Connected, no Docker', detail: `vaultplane ${body.version}${nodeName} answers, but workloads cannot run: ${errorMessage(podsBody) ?? 'the Docker engine is unavailable'}.` };
  }
  if (pods.status !== 200 || !Array.isArray(podsBody?.pods)) {
    return { ok: false, title: 'Unexpected answer', detail: `GET /pods answered ${pods.status}: ${errorMessage(podsBody) ?? 'no pod list'}.` };
  }
  const count = (podsBody.pods as unknown[]).length;
  return { ok: true, title: 'Connected', detail: `vaultplane ${body.version}${nodeName}, ${count} ${count === 1 ? 'pod' : 'pods'}.` };
}

/** The `{ error: { message } }` the server sends with an error status. */
export function errorMessage(body: Record<string, unknown> | undefined): string | undefined {
  const error = body?.error;
  if (typeof error === 'string') return error;
  const message = objectOrUndefined(error)?.message;
  return typeof message === 'string' ? message : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
