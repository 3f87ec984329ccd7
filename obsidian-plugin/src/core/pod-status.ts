import type { PodStatus } from '@vaultplane/orchestrator';

// The plugin may share only types with the orchestrator, so the status list is restated here;
// the type check below fails the build when the orchestrator adds or renames a status.
export const POD_STATUS_NAMES = ['pending', 'running', 'succeeded', 'failed', 'paused', 'terminating', 'unknown'] as const satisfies readonly PodStatus[];

type Missing = Exclude<PodStatus, (typeof POD_STATUS_NAMES)[number]>;
const everyStatusListed: [Missing] extends [never] ? true : Missing = true;
void everyStatusListed;

export function isPodStatus(value: string): value is PodStatus {
  return (POD_STATUS_NAMES as readonly string[]).includes(value);
}
