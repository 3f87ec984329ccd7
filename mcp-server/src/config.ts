/**
 * The environment and command-line options, parsed once at start. Anything wrong stops the
 * process with a message that says what to change, before any work begins.
 */
import { basename, isAbsolute, resolve } from 'node:path';
import { RUNTIME_KINDS } from '@vaultplane/orchestrator';
import { z } from 'zod';
import type { VaultConfig } from './vaults/vault-context';

export const EMBEDDER_CHOICES = ['auto', 'builtin', 'ollama'] as const;
export type EmbedderChoice = (typeof EMBEDDER_CHOICES)[number];

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** A comma- or space-separated list in one variable. */
function listOf(item: z.ZodType<string, string>) {
  return z
    .string()
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(item).min(1));
}

const environmentSchema = z.object({
  VAULT_PATH: z.string().min(1).optional(),
  VAULTPLANE_TOKEN: z.string().min(16, 'VAULTPLANE_TOKEN must be at least 16 characters').optional(),
  VAULTPLANE_EMBEDDER: z.enum(EMBEDDER_CHOICES).optional(),
  OLLAMA_HOST: z.string().min(1).optional(),
  OLLAMA_EMBED_MODEL: z.string().min(1).optional(),
  VAULTPLANE_RUNTIME: z.enum(RUNTIME_KINDS).optional(),
  VAULTPLANE_PEERS: z.string().min(1).optional(),
  VAULTPLANE_WORKLOAD_MCP_URL: z.url('VAULTPLANE_WORKLOAD_MCP_URL must be a URL such as http://vaultplane:8080/mcp').optional(),
  /** The Docker network workloads join (default `vaultplane`); compose uses its own network so they reach the backend. */
  VAULTPLANE_WORKLOAD_NETWORK: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'VAULTPLANE_WORKLOAD_NETWORK must be a Docker network name').optional(),
  /** Host header values besides loopback, e.g. the compose service name workloads call it by. */
  VAULTPLANE_ALLOWED_HOSTS: listOf(z.string().min(1)).optional(),
  VAULTPLANE_WEBHOOK_URLS: listOf(z.url({ protocol: /^https?$/, error: 'each webhook URL must be an http(s) URL such as http://n8n:5678/webhook/vaultplane' })).optional(),
  VAULTPLANE_WEBHOOK_SECRET: z.string().min(16, 'VAULTPLANE_WEBHOOK_SECRET must be at least 16 characters').optional(),
}).refine((env) => env.VAULTPLANE_WEBHOOK_URLS === undefined || env.VAULTPLANE_WEBHOOK_SECRET !== undefined, {
  path: ['VAULTPLANE_WEBHOOK_SECRET'],
  message: 'set it when VAULTPLANE_WEBHOOK_URLS is set: webhooks are always signed',
});

export type Environment = z.infer<typeof environmentSchema>;

export function parseEnvironment(env: NodeJS.ProcessEnv): Environment {
  const picked = Object.fromEntries(
    Object.keys(environmentSchema.shape).flatMap((key) => (env[key] ? [[key, env[key]]] : [])),
  );
  const parsed = environmentSchema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

export const portSchema = z.coerce
  .number({ error: 'port must be a number' })
  .int('port must be a whole number')
  .min(0, 'port must be 0..65535')
  .max(65535, 'port must be 0..65535');

export function parsePort(value: string): number {
  const parsed = portSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError(`--port ${value}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/**
 * One VaultConfig per --vault. Each vault keeps its index in `<vault>/.vaultplane` unless
 * --data is given; with several vaults, --data holds one folder per vault.
 */
export function vaultConfigs(vaultPaths: string[], dataOption: string | undefined, cwd = process.cwd()): VaultConfig[] {
  if (vaultPaths.length === 0) throw new ConfigError('No vault given: pass --vault DIR or set VAULT_PATH.');
  const used = new Map<string, number>();
  return vaultPaths.map((vaultPath) => {
    const root = isAbsolute(vaultPath) ? vaultPath : resolve(cwd, vaultPath);
    const base = basename(root) || 'vault';
    const seen = used.get(base) ?? 0;
    used.set(base, seen + 1);
    const name = seen === 0 ? base : `${base}-${seen + 1}`;
    const dataDir = dataOption
      ? vaultPaths.length === 1
        ? resolve(cwd, dataOption)
        : resolve(cwd, dataOption, name)
      : resolve(root, '.vaultplane');
    return { name, root, dataDir };
  });
}
