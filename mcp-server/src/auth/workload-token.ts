/**
 * Tokens for workloads: a container the orchestrator starts gets one in VAULTPLANE_TOKEN so
 * an agent inside it can reach the vault over MCP. The token is an HMAC of the pod id under
 * the server's own token, so it needs no storage, survives restarts, and cannot be forged
 * without the server token; it opens /mcp only, never the orchestrator API.
 */
import { createHmac } from 'node:crypto';
import { tokensMatch } from './bearer';

const PREFIX = 'vpw_';

function signature(serverToken: string, podId: string): string {
  return createHmac('sha256', serverToken).update(`workload:${podId}`).digest('base64url');
}

export function workloadTokenFor(serverToken: string, podId: string): string {
  return `${PREFIX}${Buffer.from(podId).toString('base64url')}.${signature(serverToken, podId)}`;
}

/** The pod id a presented workload token was issued to, or undefined when it is not one of ours. */
export function verifyWorkloadToken(serverToken: string, presented: string): string | undefined {
  if (!presented.startsWith(PREFIX)) return undefined;
  const [encodedId, given] = presented.slice(PREFIX.length).split('.', 2);
  if (!encodedId || !given) return undefined;
  const podId = Buffer.from(encodedId, 'base64url').toString();
  return tokensMatch(given, signature(serverToken, podId)) ? podId : undefined;
}
