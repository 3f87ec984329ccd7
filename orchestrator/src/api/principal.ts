import { findPolicyToken, type Principal } from '../policy/policy-decisions';
import type { Policy } from '../policy/policy-schema';
import { timingSafeEqual } from 'node:crypto';

// Who sent a request, from its Authorization header: the server's own token is the admin; a
// token listed (hashed) in the policy is that token's scoped principal; anything else is nobody.

export function resolvePrincipal(policy: Policy, adminToken: string, authorization: string | undefined): Principal | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (match === null) return undefined;
  const presented = match[1]!;
  if (constantTimeEqual(presented, adminToken)) return { kind: 'admin', name: 'admin' };
  const token = findPolicyToken(policy, presented);
  if (token === undefined) return undefined;
  return { kind: 'token', name: token.name, namespaces: token.namespaces, actions: token.actions };
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
