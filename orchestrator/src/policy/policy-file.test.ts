import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidPolicyError } from '../errors';
import { generateSigningKeyPair } from './ed25519-key';
import type { Policy } from './policy-schema';
import { loadPolicyFile, parsePolicy } from './policy-file';
import { PolicyStore } from './policy-store';

const EXAMPLE = `
images:
  allow: ["vaultplane/*", "ghcr.io/acme/**"]
limits: { cpu: 2, memoryMb: 2048 }
allow:
  capAdd: [NET_ADMIN]
namespaces:
  default: {}
  ci:
    quota: { cpu: 4, memoryMb: 4096, pods: 3 }
`;

describe('parsePolicy', () => {
  it('reads YAML and fills what it leaves out with the safe defaults', () => {
    const policy = parsePolicy(EXAMPLE, 'policy.yaml');
    expect(policy).toMatchObject({
      images: { allow: ['vaultplane/*', 'ghcr.io/acme/**'] },
      limits: { cpu: 2, memoryMb: 2048 },
      allow: { privileged: false, hostNetwork: false, hostMounts: [], capAdd: ['NET_ADMIN'] },
      namespaces: { default: { quota: {} }, ci: { quota: { cpu: 4, memoryMb: 4096, pods: 3 } } },
      tokens: [],
    });
  });

  it('treats an empty file as the default policy', () => {
    expect(parsePolicy('', 'p.yaml')).toMatchObject({ allow: { privileged: false }, namespaces: { default: { quota: {} } } });
  });

  it('names the file and the line of a YAML error', () => {
    const attempt = () => parsePolicy('images:\n  allow: [a, b\n', '/etc/vp/policy.yaml');
    expect(attempt).toThrow(InvalidPolicyError);
    expect(attempt).toThrow(/\/etc\/vp\/policy\.yaml is not valid: it is not YAML .*line/);
  });

  it('names the field of a schema error, and refuses unknown keys so typos do not pass', () => {
    expect(() => parsePolicy('limits: { cpu: -1 }', 'p.yaml')).toThrow(/limits\.cpu/);
    expect(() => parsePolicy('allow: { privilegd: true }', 'p.yaml')).toThrow(/privilegd/);
  });
});

describe('the signing section', () => {
  const key = generateSigningKeyPair().publicKey;

  it('is off, with no keys, unless the file turns it on', () => {
    expect(parsePolicy('', 'p.yaml').signing).toEqual({ required: false, keys: [] });
    const policy = parsePolicy(`signing: { required: true, keys: [{ id: ops, publicKey: "${key}" }] }`, 'p.yaml');
    expect(policy.signing).toEqual({ required: true, keys: [{ id: 'ops', publicKey: key }] });
  });

  it('names the key that is not an ed25519 public key, so a broken key never reaches a request', () => {
    expect(() => parsePolicy('signing: { keys: [{ id: ops, publicKey: "abc" }] }', 'p.yaml')).toThrow(/not an ed25519 public key.*at signing\.keys\[0\]\.publicKey/);
  });

  it('refuses duplicate key ids, ids that cannot travel in the header, and required without keys', () => {
    expect(() => parsePolicy(`signing: { keys: [{ id: a, publicKey: "${key}" }, { id: a, publicKey: "${key}" }] }`, 'p.yaml')).toThrow(/key id 'a' is listed twice/);
    expect(() => parsePolicy(`signing: { keys: [{ id: "a:b", publicKey: "${key}" }] }`, 'p.yaml')).toThrow(/signing\.keys\[0\]\.id/);
    expect(() => parsePolicy('signing: { required: true }', 'p.yaml')).toThrow(/no keys are listed/);
  });
});

describe('policy files on disk', () => {
  let dir: string;
  let store: PolicyStore | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vp-policy-'));
  });
  afterEach(async () => {
    store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the default policy when the file does not exist, if told that is fine', async () => {
    await expect(loadPolicyFile(join(dir, 'none.yaml'), { missingOk: true })).resolves.toMatchObject({ images: { allow: ['**'] } });
    await expect(loadPolicyFile(join(dir, 'none.yaml'))).rejects.toThrow(/cannot be read/);
  });

  it('reloads on change, including an editor-style rename, and keeps the old policy when an edit is broken', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, EXAMPLE);
    const changes: Policy[] = [];
    const errors: Error[] = [];
    let notify = () => {};
    store = await PolicyStore.open({
      path,
      onChange: (policy) => {
        changes.push(policy);
        notify();
      },
      onError: (error) => {
        errors.push(error);
        notify();
      },
    });
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    expect(store.current.limits.cpu).toBe(2);

    let happened = next();
    await writeFile(join(dir, 'policy.yaml.tmp'), EXAMPLE.replace('cpu: 2,', 'cpu: 3,'));
    await rename(join(dir, 'policy.yaml.tmp'), path);
    await happened;
    expect(store.current.limits.cpu).toBe(3);
    expect(changes).toHaveLength(1);

    happened = next();
    await writeFile(path, 'limits: { cpu: "lots" }');
    await happened;
    expect(errors[0]).toBeInstanceOf(InvalidPolicyError);
    expect(store.current.limits.cpu).toBe(3);
  });

  it('reports no change when the file is rewritten with the same meaning', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, EXAMPLE);
    store = await PolicyStore.open({ path, watch: false });
    await writeFile(path, `# same policy, reformatted\n${EXAMPLE}`);
    await expect(store.reload()).resolves.toBe(false);
  });

  it('refuses to start with a broken policy file', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, 'allow: { privileged: maybe }');
    await expect(PolicyStore.open({ path, watch: false })).rejects.toBeInstanceOf(InvalidPolicyError);
  });
});
