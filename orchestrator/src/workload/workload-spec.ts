import { z } from 'zod';
import { MIN_CPU, MIN_MEMORY_BYTES } from '../runtime/run-spec';
import { MIB } from '../scheduling/resources';

// A workload spec as people and agents write it (DESIGN.md "Orchestrator contracts"). The
// bounds here are sanity limits on the shape; what a node or the policy allows is decided later.

/** A DNS label: it becomes part of the container name other containers reach it by. */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
// Docker image references: [registry[:port]/]path[:tag][@digest]
const IMAGE_REFERENCE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

const MAX_TTL_SECONDS = 30 * 24 * 60 * 60;
const DEFAULT_CPU = 0.5;
const DEFAULT_MEMORY_MB = 256;

export const WorkloadSpecSchema = z.strictObject({
  name: z
    .string()
    .max(40)
    .regex(DNS_LABEL, 'use lowercase letters, digits and -, starting and ending with a letter or digit')
    .describe('Workload name, a DNS label such as "indexer"; the pod id starts with it'),
  image: z
    .string()
    .max(255)
    .regex(IMAGE_REFERENCE, 'use a Docker image reference such as busybox:1.36 or ghcr.io/acme/agent:1')
    .describe('Image already present on the Docker engine; it is never pulled'),
  command: z.array(z.string()).min(1).max(256).optional().describe('Program and arguments; omit for the image default'),
  env: z
    .record(z.string().regex(ENV_NAME, 'use letters, digits and _, not starting with a digit'), z.string().max(32_768))
    .optional()
    .describe('Environment variables'),
  cpu: z.number().min(MIN_CPU).max(1024).default(DEFAULT_CPU).describe('CPU cores reserved and enforced, at least 0.01, e.g. 0.5'),
  memoryMb: z.number().int().min(MIN_MEMORY_BYTES / MIB).max(4 * 1024 * 1024).default(DEFAULT_MEMORY_MB).describe('Memory limit in MiB (at least 6)'),
  gpu: z.number().int().min(0).max(64).default(0).describe('Whole GPUs'),
  ttlSeconds: z.number().int().positive().max(MAX_TTL_SECONDS).optional().describe('Stop and remove the pod after this long'),
  namespace: z.string().max(40).regex(DNS_LABEL, 'use lowercase letters, digits and -').default('default').describe('Namespace (quotas apply per namespace)'),
  labels: z
    .record(
      z.string().max(128).regex(LABEL_KEY, 'use letters, digits and . _ / -').refine((key) => !key.startsWith('vaultplane.'), 'the vaultplane. prefix is reserved'),
      z.string().max(256),
    )
    .optional()
    .describe('Your own labels'),
  task: z.string().min(1).max(200).optional().describe('Spec-Kit task id this workload works on, e.g. 001-example/T012'),
  completeTask: z.boolean().optional().describe('Check the task in tasks.md when the workload exits 0 (needs task)'),
  workingDir: z.string().startsWith('/').max(1024).optional().describe('Working directory inside the container'),
  placement: z
    .strictObject({
      node: z.string().min(1).optional().describe('Only this node'),
      nodeSelector: z.record(z.string(), z.string()).optional().describe('Node labels required'),
      preferredNodes: z.array(z.string()).optional().describe('Nodes to prefer among equals'),
    })
    .optional(),
  privileged: z.boolean().optional().describe('Privileged mode (refused unless the policy allows it)'),
  hostNetwork: z.boolean().optional().describe("Use the host's network (refused unless the policy allows it)"),
  capAdd: z.array(z.string().regex(/^[A-Z_]+$/, 'use capability names such as NET_ADMIN')).optional().describe('Linux capabilities to add'),
  mounts: z
    .array(
      z.strictObject({
        hostPath: z.string().startsWith('/'),
        containerPath: z.string().startsWith('/'),
        readOnly: z.boolean().optional(),
      }),
    )
    .optional()
    .describe('Host directories to mount (refused unless the policy allows the path)'),
});

/** As written (defaults optional). */
export type WorkloadSpecInput = z.input<typeof WorkloadSpecSchema>;
/** After defaults. */
export type WorkloadSpec = z.output<typeof WorkloadSpecSchema>;
