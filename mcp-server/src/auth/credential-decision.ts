/**
 * What a bearer token other than the server token opens. Policy tokens open the orchestrator API;
 * a workload token opens /mcp while its pod lives, and nothing else. Pure: the caller looks up
 * what the token is and whether its pod still runs; a refusal says which rule applied.
 */

/** `true` lets the request in; `false` means "not a token of ours"; `refused` explains why one of ours may not. */
export type CredentialDecision = boolean | { refused: string };

export type CredentialTarget = 'mcp' | 'route';

/** Whether the pod a workload token was issued for still runs, as the engine last said. */
export type WorkloadPodState = 'live' | 'gone' | 'unknown';

export interface CredentialFacts {
  target: CredentialTarget;
  /** The token is listed (hashed) in the policy. */
  isPolicyToken: boolean;
  /** The pod id a valid workload token was issued for; undefined for any other token. */
  workloadPod: string | undefined;
}

export function decideCredential(facts: CredentialFacts, podState?: WorkloadPodState): CredentialDecision {
  if (facts.target === 'route') {
    if (facts.isPolicyToken) return true;
    if (facts.workloadPod === undefined) return false;
    return { refused: 'A workload token opens /mcp only, not the orchestrator API; use the server token or a policy token for API routes.' };
  }
  if (facts.workloadPod === undefined) {
    if (!facts.isPolicyToken) return false;
    return { refused: 'A policy token opens the orchestrator API only, not /mcp; use the server token, or a workload\'s own token from inside its container.' };
  }
  if (podState === 'live') return true;
  if (podState === 'unknown') {
    return { refused: `Cannot confirm that pod '${facts.workloadPod}' still runs (the Docker engine does not answer); its workload token works again once the engine is back.` };
  }
  return { refused: `This workload token was issued to pod '${facts.workloadPod}', which no longer runs; a workload token ends with its pod.` };
}
