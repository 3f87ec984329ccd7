import { createHash, timingSafeEqual } from 'node:crypto';
import { posix } from 'node:path';
import type { WorkloadSpec } from '../workload/workload-spec';
import { imageAllowed } from './glob';
import type { Policy, PolicyToken, TokenAction } from './policy-schema';

// What the policy says about a workload or a caller. Pure: no I/O, the policy is an argument.

export interface Violation {
  rule: string;
  message: string;
}

export function workloadViolations(policy: Policy, spec: WorkloadSpec): Violation[] {
  const violations: Violation[] = [];
  const add = (rule: string, message: string) => violations.push({ rule, message });

  if (policy.namespaces[spec.namespace] === undefined) {
    add('namespace', `namespace '${spec.namespace}' is not in the policy (known: ${Object.keys(policy.namespaces).join(', ') || 'none'})`);
  }
  if (!imageAllowed(spec.image, policy.images.allow)) {
    add('image', `image '${spec.image}' matches none of the allowed patterns (${policy.images.allow.join(', ') || 'none'})`);
  }
  const limits = policy.limits;
  if (limits.cpu !== undefined && spec.cpu > limits.cpu) add('limits.cpu', `cpu ${spec.cpu} is above the policy maximum of ${limits.cpu}`);
  if (limits.memoryMb !== undefined && spec.memoryMb > limits.memoryMb) {
    add('limits.memoryMb', `memoryMb ${spec.memoryMb} is above the policy maximum of ${limits.memoryMb}`);
  }
  if (limits.gpu !== undefined && spec.gpu > limits.gpu) add('limits.gpu', `gpu ${spec.gpu} is above the policy maximum of ${limits.gpu}`);
  if (limits.ttlSeconds !== undefined && spec.ttlSeconds !== undefined && spec.ttlSeconds > limits.ttlSeconds) {
    add('limits.ttlSeconds', `ttlSeconds ${spec.ttlSeconds} is above the policy maximum of ${limits.ttlSeconds}`);
  }
  if (spec.privileged === true && !policy.allow.privileged) add('allow.privileged', 'privileged containers are not allowed');
  if (spec.hostNetwork === true && !policy.allow.hostNetwork) add('allow.hostNetwork', 'the host network is not allowed');
  for (const capability of spec.capAdd ?? []) {
    if (!policy.allow.capAdd.includes(capability)) add('allow.capAdd', `adding capability ${capability} is not allowed`);
  }
  for (const mount of spec.mounts ?? []) {
    if (!policy.allow.hostMounts.some((prefix) => isWithin(mount.hostPath, prefix))) {
      add('allow.hostMounts', `mounting host path ${mount.hostPath} is not allowed`);
    }
  }
  return violations;
}

/** The TTL a workload runs with: its own, else the policy's maximum, else none. */
export function effectiveTtlSeconds(policy: Policy, spec: WorkloadSpec): number | undefined {
  return spec.ttlSeconds ?? policy.limits.ttlSeconds;
}

function isWithin(path: string, prefix: string): boolean {
  // Resolved against '/', so /srv/data/../../etc does not pass as /srv/data (and no cwd leaks in).
  const normal = posix.resolve('/', path);
  const base = posix.resolve('/', prefix);
  return base === '/' || normal === base || normal.startsWith(`${base}/`);
}

/** Who is calling. The admin (the server's own token) may do everything. */
export type Principal = { kind: 'admin'; name: string } | { kind: 'token'; name: string; namespaces: readonly string[]; actions: readonly TokenAction[] };

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The policy token matching a presented bearer token, compared in constant time. */
export function findPolicyToken(policy: Policy, presented: string): PolicyToken | undefined {
  const digest = Buffer.from(sha256Hex(presented), 'hex');
  return policy.tokens.find((token) => timingSafeEqual(Buffer.from(token.sha256, 'hex'), digest));
}

/** Undefined when allowed, else the reason in words. */
export function authorizationProblem(principal: Principal, action: TokenAction, namespace?: string): string | undefined {
  if (principal.kind === 'admin') return undefined;
  if (!principal.actions.includes(action)) return `token '${principal.name}' may not ${action} (it may: ${principal.actions.join(', ')})`;
  if (namespace !== undefined && !principal.namespaces.includes('*') && !principal.namespaces.includes(namespace)) {
    return `token '${principal.name}' may not act in namespace '${namespace}' (only: ${principal.namespaces.join(', ')})`;
  }
  return undefined;
}
