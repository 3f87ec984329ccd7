/**
 * The environment and command-line options, parsed once at start. Anything wrong stops the
 * process with a message that says what to change, before any work begins.
 */
import { basename, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { VaultConfig } from './vaults/vault-context';

export const EMBEDDER_CHOICES = ['auto', 'builtin', 'ollama'] as const;
export type EmbedderChoice = (typeof EMBEDDER_CHOICES)[number];

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

const environmentSchema = z.object({
  VAULT_PATH: z.string().min(1).optional(),
  VAULTPLANE_TOKEN: z.string().min(16, 'VAULTPLANE_TOKEN must be at least 16 characters').optional(),
  VAULTPLANE_EMBEDDER: z.enum(EMBEDDER_CHOICES).optional(),
  OLLAMA_HOST: z.string().min(1).optional(),
  OLLAMA_EMBED_MODEL: z.string().min(1).optional(),
  VAULTPLANE_PEERS: z.string().min(1).optional(),
  VAULTPLANE_WORKLOAD_MCP_URL: z.url('VAULTPLANE_WORKLOAD_MCP_URL must be a URL such as http://vaultplane:8080/mcp').optional(),
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
