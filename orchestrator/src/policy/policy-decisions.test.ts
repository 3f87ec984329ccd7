import { describe, expect, it } from 'vitest';
import { WorkloadSpecSchema, type WorkloadSpecInput } from '../workload/workload-spec';
import { authorizationProblem, effectiveTtlSeconds, findPolicyToken, sha256Hex, workloadViolations } from './policy-decisions';
import { DEFAULT_POLICY, PolicySchema } from './policy-schema';

const spec = (input: Partial<WorkloadSpecInput> = {}) => WorkloadSpecSchema.parse({ name: 'job', image: 'vaultplane/busybox:test', ...input });
const rules = (violations: { rule: string }[]) => violations.map((v) => v.rule);

describe('workloadViolations under the default policy', () => {
  it('allows a plain workload in the default namespace', () => {
    expect(workloadViolations(DEFAULT_POLICY, spec())).toEqual([]);
  });

  it('refuses privileged mode, the host network, added capabilities and host mounts', () => {
    const risky = spec({
      privileged: true,
      hostNetwork: true,
      capAdd: ['SYS_ADMIN'],
      mounts: [{ hostPath: '/var/run/docker.sock', containerPath: '/var/run/docker.sock' }],
    });
    expect(rules(workloadViolations(DEFAULT_POLICY, risky))).toEqual(['allow.privileged', 'allow.hostNetwork', 'allow.capAdd', 'allow.hostMounts']);
  });

  it('refuses a namespace the policy does not list', () => {
    expect(workloadViolations(DEFAULT_POLICY, spec({ namespace: 'prod' }))).toEqual([
      { rule: 'namespace', message: "namespace 'prod' is not in the policy (known: default)" },
    ]);
  });
});

describe('workloadViolations under an operator policy', () => {
  const policy = PolicySchema.parse({
    images: { allow: ['vaultplane/*'] },
    limits: { cpu: 2, memoryMb: 1024, gpu: 0, ttlSeconds: 3600 },
    allow: { hostMounts: ['/srv/shared'], capAdd: ['NET_ADMIN'] },
    namespaces: { ci: { quota: { pods: 2 } } },
  });

  it('checks images against the globs and resources against the maximums', () => {
    const violations = workloadViolations(policy, spec({ namespace: 'ci', image: 'evil/miner:1', cpu: 4, memoryMb: 2048, gpu: 1, ttlSeconds: 7200 }));
    expect(rules(violations)).toEqual(['image', 'limits.cpu', 'limits.memoryMb', 'limits.gpu', 'limits.ttlSeconds']);
    expect(violations[1]?.message).toBe('cpu 4 is above the policy maximum of 2');
  });

  it('allows what it lists, and sees through .. in mount paths', () => {
    expect(workloadViolations(policy, spec({ namespace: 'ci', capAdd: ['NET_ADMIN'], mounts: [{ hostPath: '/srv/shared/x', containerPath: '/x' }] }))).toEqual([]);
    expect(rules(workloadViolations(policy, spec({ namespace: 'ci', mounts: [{ hostPath: '/srv/shared/../../etc', containerPath: '/x' }] })))).toEqual([
      'allow.hostMounts',
    ]);
    expect(rules(workloadViolations(policy, spec({ namespace: 'ci', mounts: [{ hostPath: '/srv/sharedother', containerPath: '/x' }] })))).toEqual([
      'allow.hostMounts',
    ]);
  });

  it('gives workloads without a TTL the policy maximum', () => {
    expect(effectiveTtlSeconds(policy, spec())).toBe(3600);
    expect(effectiveTtlSeconds(policy, spec({ ttlSeconds: 60 }))).toBe(60);
    expect(effectiveTtlSeconds(DEFAULT_POLICY, spec())).toBeUndefined();
  });
});

describe('tokens', () => {
  const policy = PolicySchema.parse({
    namespaces: { ci: {}, default: {} },
    tokens: [{ name: 'ci-bot', sha256: sha256Hex('s3cret'), namespaces: ['ci'], actions: ['read', 'schedule'] }],
  });

  it('finds a token by its hash only', () => {
    expect(findPolicyToken(policy, 's3cret')?.name).toBe('ci-bot');
    expect(findPolicyToken(policy, 'S3CRET')).toBeUndefined();
  });

  it('limits a token to its actions and namespaces; the admin may do everything', () => {
    const bot = { kind: 'token' as const, name: 'ci-bot', namespaces: ['ci'], actions: ['read' as const, 'schedule' as const] };
    expect(authorizationProblem(bot, 'schedule', 'ci')).toBeUndefined();
    expect(authorizationProblem(bot, 'evict', 'ci')).toBe("token 'ci-bot' may not evict (it may: read, schedule)");
    expect(authorizationProblem(bot, 'schedule', 'default')).toBe("token 'ci-bot' may not act in namespace 'default' (only: ci)");
    expect(authorizationProblem({ kind: 'admin', name: 'admin' }, 'evict', 'anything')).toBeUndefined();
  });

  it('refuses a token written in clear text in the policy', () => {
    const result = PolicySchema.safeParse({ tokens: [{ name: 'x', sha256: 's3cret', namespaces: ['*'], actions: ['read'] }] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('never the token');
  });
});
