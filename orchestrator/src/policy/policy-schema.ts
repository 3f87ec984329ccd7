import { z } from 'zod';

// The policy file (YAML). Everything dangerous defaults to "never"; an empty file is the
// default policy. Unknown keys are errors, so a typo never silently loosens nothing.

const Quota = z.strictObject({
  cpu: z.number().positive().optional().describe('Cores all running pods of the namespace may reserve together'),
  memoryMb: z.number().int().positive().optional(),
  pods: z.number().int().nonnegative().optional(),
});

const Namespace = z.strictObject({
  quota: Quota.default({}),
});

export const TOKEN_ACTIONS = ['read', 'schedule', 'evict', 'task-update'] as const;
export type TokenAction = (typeof TOKEN_ACTIONS)[number];

const Token = z.strictObject({
  name: z.string().min(1).describe('Shown in the audit log'),
  sha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/, 'write the lowercase hex SHA-256 of the token (echo -n TOKEN | sha256sum), never the token')
    .describe('SHA-256 of the token'),
  namespaces: z.array(z.string()).min(1).describe('Namespaces it may act in; ["*"] for all'),
  actions: z.array(z.enum(TOKEN_ACTIONS)).min(1),
});

export const PolicySchema = z.strictObject({
  version: z.literal(1).default(1),
  images: z
    .strictObject({
      allow: z.array(z.string().min(1)).default(['**']).describe('Glob patterns of images workloads may use'),
    })
    .default({ allow: ['**'] }),
  limits: z
    .strictObject({
      cpu: z.number().positive().optional().describe('Most cores one workload may ask for'),
      memoryMb: z.number().int().positive().optional(),
      gpu: z.number().int().nonnegative().optional(),
      ttlSeconds: z.number().int().positive().optional().describe('Longest TTL; workloads without one get this one'),
    })
    .default({}),
  allow: z
    .strictObject({
      privileged: z.boolean().default(false),
      hostNetwork: z.boolean().default(false),
      hostMounts: z.array(z.string().startsWith('/')).default([]).describe('Host path prefixes that may be mounted'),
      capAdd: z.array(z.string()).default([]).describe('Capabilities that may be added'),
    })
    .default({ privileged: false, hostNetwork: false, hostMounts: [], capAdd: [] }),
  namespaces: z.record(z.string(), Namespace).default({ default: { quota: {} } }),
  tokens: z.array(Token).default([]),
});

export type PolicyInput = z.input<typeof PolicySchema>;
export type Policy = z.output<typeof PolicySchema>;
export type PolicyToken = Policy['tokens'][number];

export const DEFAULT_POLICY: Policy = PolicySchema.parse({});
