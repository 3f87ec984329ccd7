import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ADMIN, WorkloadSpecSchema } from '@vaultplane/orchestrator';
import { z } from 'zod';
import { parseNote } from '../notes/note-parser';
import { workloadFromNote } from '../workloads/note-manifest';
import { podLine, podSchema, podSummary } from './pod-summary';
import type { WorkloadToolDeps } from './tool-deps';
import { toolResult } from './tool-result';

type SpecShape = typeof WorkloadSpecSchema.shape;

/**
 * The spec's fields, each optional and without its default: `fromNote` alone must be a valid call,
 * and a default filled in here would override what the note declares (its cpu, memory, namespace).
 * The orchestrator applies the defaults when it validates the merged spec, as for the HTTP API.
 */
const specOverrides = Object.fromEntries(
  Object.entries(WorkloadSpecSchema.shape).map(([key, field]) => [key, optionalWithoutDefault(field)]),
) as unknown as { [K in keyof SpecShape]: z.ZodOptional<z.ZodType<z.output<SpecShape[K]>>> };

function optionalWithoutDefault(field: z.ZodType): z.ZodType {
  const optional = (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field).optional();
  // A description sits on its own wrapper; agents read it, so it moves to the new outermost one.
  return field.description === undefined ? optional : optional.describe(field.description);
}

export const scheduleWorkloadInput = z.strictObject(specOverrides).extend({
  fromNote: z.string().optional().describe('Run the workload declared in this note\'s frontmatter `workload:` block; other fields override it'),
  vault: z.string().optional().describe('Vault of fromNote (default: the first)'),
  idempotencyKey: z.string().min(1).max(200).optional().describe('Retrying with the same key never starts a second container'),
  signature: z.string().optional().describe('keyId:base64 ed25519 signature over the canonical spec, when the policy requires signed manifests'),
});

export function registerScheduleWorkloadTool(server: McpServer, deps: WorkloadToolDeps): void {
  server.registerTool(
    'schedule_workload',
    {
      title: 'Schedule a workload',
      description:
        'Runs a container (image already on the engine) with cpu/memory limits, optionally for a Spec-Kit task, or the workload a note declares (fromNote). Returns the pod; follow it with pod_logs.',
      inputSchema: scheduleWorkloadInput,
      outputSchema: { pod: podSchema, created: z.boolean().describe('False when an earlier call with the same idempotencyKey made it') },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async ({ fromNote, vault: vaultName, idempotencyKey, signature, ...fields }) => {
      const { orchestrator } = deps;
      const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      let spec: Record<string, unknown> = given;
      if (fromNote) {
        const vault = deps.vaults.get(vaultName);
        const note = await vault.notes.read(fromNote, {});
        const parsed = parseNote(note.path, note.content);
        spec = workloadFromNote(note.path, parsed.frontmatter, parsed.frontmatterError, given);
      }
      const { pod, created } = await orchestrator.schedule(spec, { principal: ADMIN, idempotencyKey, signature });
      const verb = created ? 'Scheduled' : 'Already scheduled (same idempotencyKey)';
      return toolResult({ pod: podSummary(pod), created }, `${verb}: ${podLine(pod)}. Use pod_logs { id: "${pod.id}" } to read its output.`);
    },
  );
}
