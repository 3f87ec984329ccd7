import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from '../policy/ed25519-key';
import { loadOrCreateNodeIdentity, NODE_KEY_FILE, shareableIdentity } from './peer-identity';
import { NODE_ID, nodeIdOf } from './peer-identity-key';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vaultplane-peer-identity-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('loadOrCreateNodeIdentity', () => {
  it('creates a private key file on first start and reuses it afterwards', async () => {
    const first = await loadOrCreateNodeIdentity(dataDir);
    expect(first.created).toBe(true);
    expect(first.keyPath).toBe(join(dataDir, NODE_KEY_FILE));
    expect((await stat(first.keyPath)).mode & 0o777).toBe(0o600);
    expect(first.nodeId).toMatch(NODE_ID);

    const second = await loadOrCreateNodeIdentity(dataDir);
    expect(second.created).toBe(false);
    expect(second.nodeId).toBe(first.nodeId);
    expect(second.publicKey).toBe(first.publicKey);
  });

  it('creates the data dir when it does not exist yet', async () => {
    const identity = await loadOrCreateNodeIdentity(join(dataDir, 'nested', 'data'));
    expect(identity.created).toBe(true);
  });

  it('gives exactly one key to processes starting together and leaves no temp files', async () => {
    const identities = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateNodeIdentity(dataDir)));
    expect(new Set(identities.map((identity) => identity.nodeId)).size).toBe(1);
    expect(identities.filter((identity) => identity.created)).toHaveLength(1);
    expect(await readdir(dataDir)).toEqual([NODE_KEY_FILE]);
  });

  it('shares the node id and the public key, never the private key', async () => {
    const identity = await loadOrCreateNodeIdentity(dataDir);
    const shared = shareableIdentity(identity);
    expect(shared).toEqual({ nodeId: identity.nodeId, publicKey: identity.publicKey });
    expect(nodeIdOf(shared.publicKey)).toBe(shared.nodeId);
    expect(JSON.stringify(shared)).not.toContain('PRIVATE');
  });

  it('uses a key written by an operator', async () => {
    const pair = generateSigningKeyPair();
    await writeFile(join(dataDir, NODE_KEY_FILE), pair.privateKeyPem, { mode: 0o600 });
    const identity = await loadOrCreateNodeIdentity(dataDir);
    expect(identity.created).toBe(false);
    expect(identity.publicKey).toBe(pair.publicKey);
  });

  it('refuses a key file other users can read and says to chmod it', async () => {
    await loadOrCreateNodeIdentity(dataDir);
    await chmod(join(dataDir, NODE_KEY_FILE), 0o644);
    await expect(loadOrCreateNodeIdentity(dataDir)).rejects.toThrow(/chmod 600/);
  });

  it('refuses a damaged key file and explains how to recover', async () => {
    await writeFile(join(dataDir, NODE_KEY_FILE), 'not a key', { mode: 0o600 });
    await expect(loadOrCreateNodeIdentity(dataDir)).rejects.toThrow(/not an ed25519 private key.*delete it/);
  });
});

describe('nodeIdOf', () => {
  it('is the same for a private key and its public key, and differs between keys', () => {
    const a = generateSigningKeyPair();
    const b = generateSigningKeyPair();
    expect(nodeIdOf(a.privateKeyPem)).toBe(nodeIdOf(a.publicKey));
    expect(nodeIdOf(a.publicKey)).toMatch(NODE_ID);
    expect(nodeIdOf(a.publicKey)).not.toBe(nodeIdOf(b.publicKey));
  });
});
