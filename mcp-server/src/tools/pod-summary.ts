import type { Pod } from '@vaultplane/orchestrator';
import { z } from 'zod';

/** The pod shape scripts rely on (DESIGN.md `list_pods`); extra fields are fine. */
export const podSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  image: z.string(),
  node: z.string(),
  namespace: z.string(),
  task: z.string().nullable(),
  createdAt: z.string(),
  exitCode: z.number().nullable(),
  expiresAt: z.string().nullable(),
  resources: z.object({ cpu: z.number(), memoryMb: z.number(), gpu: z.number() }),
  reason: z.string().optional().describe('Why it is pending or failed, when the engine says'),
});

export function podSummary(pod: Pod): z.infer<typeof podSchema> {
  const { id, name, status, image, node, namespace, task, createdAt, exitCode, expiresAt, resources } = pod;
  return { id, name, status, image, node, namespace, task, createdAt, exitCode, expiresAt, resources, ...(pod.reason === undefined ? {} : { reason: pod.reason }) };
}

export function podLine(pod: Pod): string {
  const task = pod.task ? ` task ${pod.task}` : '';
  const exit = pod.exitCode === null ? '' : ` exit ${pod.exitCode}`;
  const reason = pod.reason === undefined ? '' : `: ${pod.reason}`;
  return `${pod.id} ${pod.status}${exit}${reason} (${pod.image}, ${pod.namespace}, node ${pod.node}${task})`;
}
