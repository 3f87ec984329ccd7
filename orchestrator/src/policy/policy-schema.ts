import { z } from 'zod';
import { parseEd25519PublicKey } from './ed25519-key';

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

/** Ids of signing keys: they travel in the Vaultplane-Signature header before a ':'. */
export const SIGNING_KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const SigningKey = z.strictObject({
  id: z.string().regex(SIGNING_KEY_ID, "use letters, digits, '.', '_' and '-' (at most 64)").describe('Named by clients in Vaultplane-Signature'),
  publicKey: z
    .string()
    .superRefine((text, ctx) => {
      try {
        parseEd25519PublicKey(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not an ed25519 public key: ${(error as Error).message}` });
      }
    })
    .describe('ed25519 public key: PEM, or base64 of the raw 32 bytes'),
});

// Signed manifests; manifest-signature.ts says what is signed and how it is sent.
const Signing = z
  .strictObject({
    required: z.boolean().default(false).describe('Refuse schedule requests without a valid signature'),
    keys: z.array(SigningKey).default([]),
  })
  .superRefine((signing, ctx) => {
    const seen = new Set<string>();
    signing.keys.forEach((key, index) => {
      if (seen.has(key.id)) ctx.addIssue({ code: 'custom', path: ['keys', index, 'id'], message: `key id '${key.id}' is listed twice; ids must be unique` });
      seen.add(key.id);
    });
    if (signing.required && signing.keys.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['keys'], message: 'required is true but no keys are listed, so nothing could run; add a public key' });
    }
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
  signing: Signing.default({ required: false, keys: [] }),
});

export type PolicyInput = z.input<typeof PolicySchema>;
export type Policy = z.output<typeof PolicySchema>;
export type PolicyToken = Policy['tokens'][number];

export const DEFAULT_POLICY: Policy = PolicySchema.parse({});
