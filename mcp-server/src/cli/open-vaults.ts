/**
 * Opens the vaults a command works on, with the embedder the options ask for. `auto` uses
 * Ollama when it answers with the model, and the built-in embedder otherwise; either way the
 * choice is logged, because a change of embedder means re-embedding every note.
 */
import type { EmbedderChoice, Environment } from '../config';
import { OllamaEmbedder } from '../embed/ollama-embedder';
import { BuiltinEmbedderSource, FixedEmbedderSource, type EmbedderSource } from '../index/embedder-source';
import { VaultContext, type VaultConfig } from '../vaults/vault-context';
import { VaultSet } from '../vaults/vault-set';
import { access } from 'node:fs/promises';

export interface OpenVaultsOptions {
  configs: VaultConfig[];
  embedder: EmbedderChoice;
  environment: Environment;
  log: (message: string) => void;
}

async function connectOllama(environment: Environment): Promise<OllamaEmbedder> {
  return OllamaEmbedder.connect({ host: environment.OLLAMA_HOST, model: environment.OLLAMA_EMBED_MODEL });
}

async function embedderSourceFactory(options: OpenVaultsOptions): Promise<(config: VaultConfig) => Promise<EmbedderSource>> {
  const { embedder, environment, log } = options;
  if (embedder === 'ollama') {
    const ollama = await connectOllama(environment);
    log(`embedder: ${ollama.id} (${ollama.dimension} dimensions)`);
    return async () => new FixedEmbedderSource(ollama);
  }
  if (embedder === 'auto') {
    try {
      const ollama = await connectOllama(environment);
      log(`embedder: ${ollama.id} (${ollama.dimension} dimensions; Ollama answered)`);
      return async () => new FixedEmbedderSource(ollama);
    } catch (error) {
      log(`embedder: built-in (Ollama not used: ${(error as Error).message.split('\n')[0]})`);
    }
  } else {
    log('embedder: built-in');
  }
  return (config) => BuiltinEmbedderSource.load(config.dataDir);
}

export async function openVaults(options: OpenVaultsOptions): Promise<VaultSet> {
  for (const config of options.configs) {
    try {
      await access(config.root);
    } catch {
      throw new Error(`Vault folder '${config.root}' does not exist; pass --vault DIR or set VAULT_PATH.`);
    }
  }
  const sourceFor = await embedderSourceFactory(options);
  const vaults: VaultContext[] = [];
  for (const config of options.configs) {
    vaults.push(new VaultContext(config, await sourceFor(config), options.log));
  }
  return new VaultSet(vaults);
}
