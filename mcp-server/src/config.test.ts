import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnvironment, parsePort, vaultConfigs } from './config';

describe('vaultConfigs', () => {
  it('names vaults by folder, suffixes clashes, and keeps data beside each vault by default', () => {
    const configs = vaultConfigs(['/a/notes', '/b/notes', 'work'], undefined, '/home/me');
    expect(configs.map((config) => config.name)).toEqual(['notes', 'notes-2', 'work']);
    expect(configs[0]!.dataDir).toBe('/a/notes/.vaultplane');
    expect(configs[2]!.root).toBe('/home/me/work');
  });

  it('puts one folder per vault under --data when there are several', () => {
    expect(vaultConfigs(['/a/notes'], '/var/vp', '/')[0]!.dataDir).toBe('/var/vp');
    expect(vaultConfigs(['/a/notes', '/b/work'], '/var/vp', '/').map((config) => config.dataDir)).toEqual(['/var/vp/notes', '/var/vp/work']);
  });

  it('says how to give a vault when none is given', () => {
    expect(() => vaultConfigs([], undefined)).toThrow(/--vault DIR or set VAULT_PATH/);
  });
});

describe('environment and flags', () => {
  it('rejects a short token and a bad embedder with the variable named', () => {
    expect(() => parseEnvironment({ VAULTPLANE_TOKEN: 'short' })).toThrow(/VAULTPLANE_TOKEN/);
    expect(() => parseEnvironment({ VAULTPLANE_EMBEDDER: 'gpt' })).toThrow(ConfigError);
    expect(parseEnvironment({ OLLAMA_HOST: 'http://gpu:11434', UNRELATED: 'x' })).toEqual({ OLLAMA_HOST: 'http://gpu:11434' });
  });

  it('takes docker or swarm as VAULTPLANE_RUNTIME and names the variable for anything else', () => {
    expect(parseEnvironment({ VAULTPLANE_RUNTIME: 'swarm' })).toEqual({ VAULTPLANE_RUNTIME: 'swarm' });
    expect(() => parseEnvironment({ VAULTPLANE_RUNTIME: 'kubernetes' })).toThrow(/VAULTPLANE_RUNTIME/);
  });

  it('rejects a port that is not 0..65535', () => {
    expect(parsePort('8080')).toBe(8080);
    expect(() => parsePort('70000')).toThrow(/0\.\.65535/);
    expect(() => parsePort('http')).toThrow(/--port http/);
  });
});

describe('compose and webhook settings', () => {
  it('reads lists separated by commas or spaces', () => {
    const env = parseEnvironment({
      VAULTPLANE_ALLOWED_HOSTS: 'vaultplane, backend 127.0.0.1:18080 ',
      VAULTPLANE_WEBHOOK_URLS: 'http://n8n:5678/webhook/vaultplane,https://hooks.example/x',
      VAULTPLANE_WEBHOOK_SECRET: 'a-secret-of-16-chars',
      VAULTPLANE_WORKLOAD_NETWORK: 'vaultplane-stack',
    });
    expect(env.VAULTPLANE_ALLOWED_HOSTS).toEqual(['vaultplane', 'backend', '127.0.0.1:18080']);
    expect(env.VAULTPLANE_WEBHOOK_URLS).toEqual(['http://n8n:5678/webhook/vaultplane', 'https://hooks.example/x']);
    expect(env.VAULTPLANE_WORKLOAD_NETWORK).toBe('vaultplane-stack');
  });

  it('refuses unsigned webhooks, a short secret, a non-http URL and a bad network name, naming the variable', () => {
    expect(() => parseEnvironment({ VAULTPLANE_WEBHOOK_URLS: 'http://n8n:5678/hook' })).toThrow(/VAULTPLANE_WEBHOOK_SECRET: set it when VAULTPLANE_WEBHOOK_URLS is set/);
    expect(() => parseEnvironment({ VAULTPLANE_WEBHOOK_URLS: 'http://n8n:5678/hook', VAULTPLANE_WEBHOOK_SECRET: 'short' })).toThrow(/at least 16/);
    expect(() => parseEnvironment({ VAULTPLANE_WEBHOOK_URLS: 'ftp://n8n/hook', VAULTPLANE_WEBHOOK_SECRET: 'a-secret-of-16-chars' })).toThrow(/VAULTPLANE_WEBHOOK_URLS.*http\(s\) URL/);
    expect(() => parseEnvironment({ VAULTPLANE_WORKLOAD_NETWORK: 'no spaces allowed' })).toThrow(/VAULTPLANE_WORKLOAD_NETWORK/);
  });
});
