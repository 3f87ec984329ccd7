import { describe, expect, it } from 'vitest';
import { verifyWorkloadToken, workloadTokenFor } from './workload-token';

describe('workload tokens', () => {
  const server = 'server-token-0123456789abcdef';

  it('verify to the pod they were issued for', () => {
    expect(verifyWorkloadToken(server, workloadTokenFor(server, 'pod-42'))).toBe('pod-42');
  });

  it('are refused under another server token, when altered, or when not workload tokens at all', () => {
    const token = workloadTokenFor(server, 'pod-42');
    expect(verifyWorkloadToken('another-server-token-0123456', token)).toBeUndefined();
    const otherPod = workloadTokenFor(server, 'pod-43').split('.')[0]!;
    expect(verifyWorkloadToken(server, `${otherPod}.${token.split('.')[1]}`)).toBeUndefined();
    expect(verifyWorkloadToken(server, server)).toBeUndefined();
    expect(verifyWorkloadToken(server, 'vpw_')).toBeUndefined();
  });
});
