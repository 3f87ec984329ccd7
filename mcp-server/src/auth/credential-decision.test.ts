import { describe, expect, it } from 'vitest';
import { decideCredential } from './credential-decision';

describe('decideCredential', () => {
  const workload = { isPolicyToken: false, workloadPod: 'agent-1a2b' } as const;
  const policy = { isPolicyToken: true, workloadPod: undefined } as const;
  const stranger = { isPolicyToken: false, workloadPod: undefined } as const;

  it('opens the API to policy tokens and /mcp to workload tokens of live pods', () => {
    expect(decideCredential({ target: 'route', ...policy })).toBe(true);
    expect(decideCredential({ target: 'mcp', ...workload }, 'live')).toBe(true);
  });

  it('says "not ours" for tokens it does not know, so the caller answers with its own message', () => {
    expect(decideCredential({ target: 'route', ...stranger })).toBe(false);
    expect(decideCredential({ target: 'mcp', ...stranger })).toBe(false);
  });

  it('refuses a workload token once its pod is gone (a found bug: it opened /mcp forever)', () => {
    expect(decideCredential({ target: 'mcp', ...workload }, 'gone')).toEqual({ refused: expect.stringMatching(/pod 'agent-1a2b', which no longer runs/) });
    expect(decideCredential({ target: 'mcp', ...workload })).toEqual({ refused: expect.stringMatching(/no longer runs/) });
    expect(decideCredential({ target: 'mcp', ...workload }, 'unknown')).toEqual({ refused: expect.stringMatching(/Docker engine does not answer/) });
  });

  it('names the rule when a token is used on the wrong surface', () => {
    expect(decideCredential({ target: 'route', ...workload }, 'live')).toEqual({ refused: expect.stringMatching(/workload token opens \/mcp only/) });
    expect(decideCredential({ target: 'mcp', ...policy })).toEqual({ refused: expect.stringMatching(/policy token opens the orchestrator API only/) });
  });
});
