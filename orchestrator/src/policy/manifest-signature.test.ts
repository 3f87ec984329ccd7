import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, InvalidSignatureError, SignatureRequiredError, UnknownSigningKeyError } from '../errors';
import { generateSigningKeyPair } from './ed25519-key';
import {
  formatSignatureHeader,
  manifestSigningText,
  parseSignatureHeader,
  signWorkloadSpec,
  verifyManifestSignature,
  type ManifestSignature,
} from './manifest-signature';
import { parsePolicy } from './policy-file';

const ops = generateSigningKeyPair();
const ci = generateSigningKeyPair();
const outsider = generateSigningKeyPair();

const signing = (required: boolean) =>
  parsePolicy(
    `
signing:
  required: ${required}
  keys:
    - { id: ops-2030, publicKey: "${ops.publicKey}" }
    - { id: ci, publicKey: "${ci.publicKey}" }
`,
    'policy.yaml',
  ).signing;

const spec = { name: 'indexer', image: 'vaultplane/busybox:test', command: ['sleep', '60'], cpu: 0.5, env: { MODE: 'fast' } };

describe('verifyManifestSignature', () => {
  it('accepts a spec signed by a listed key and names the key', () => {
    expect(verifyManifestSignature(signing(true), spec, signWorkloadSpec(spec, 'ops-2030', ops.privateKeyPem))).toBe('ops-2030');
    expect(verifyManifestSignature(signing(true), spec, signWorkloadSpec(spec, 'ci', ci.privateKeyPem))).toBe('ci');
  });

  it('does not care about key order or formatting of the spec, only its content', () => {
    const signature = signWorkloadSpec(spec, 'ops-2030', ops.privateKeyPem);
    const reordered = JSON.parse('{ "env": {"MODE":"fast"}, "cpu": 0.50, "command": ["sleep","60"], "image": "vaultplane/busybox:test", "name": "indexer" }') as unknown;
    expect(verifyManifestSignature(signing(true), reordered, signature)).toBe('ops-2030');
  });

  it('refuses a spec changed after signing: a changed, added or removed field', () => {
    const signature = signWorkloadSpec(spec, 'ops-2030', ops.privateKeyPem);
    const tampered = [
      { ...spec, image: 'vaultplane/busybox:evil' },
      { ...spec, privileged: true },
      { ...spec, env: { MODE: 'fast', EXTRA: '1' } },
      { name: spec.name, image: spec.image, command: spec.command, cpu: spec.cpu },
      { ...spec, cpu: 0.25 },
    ];
    for (const changed of tampered) {
      expect(() => verifyManifestSignature(signing(true), changed, signature)).toThrow(InvalidSignatureError);
    }
    expect(() => verifyManifestSignature(signing(true), { ...spec, cpu: 0.25 }, signature)).toThrow(/key 'ops-2030' is not valid: it does not match this spec/);
  });

  it("refuses a signature made with another key under a listed key's id", () => {
    const forged = signWorkloadSpec(spec, 'ops-2030', outsider.privateKeyPem);
    expect(() => verifyManifestSignature(signing(false), spec, forged)).toThrow(InvalidSignatureError);
  });

  it('refuses an unknown key id and lists the known ones', () => {
    const signature = signWorkloadSpec(spec, 'someone', outsider.privateKeyPem);
    expect(() => verifyManifestSignature(signing(true), spec, signature)).toThrow(UnknownSigningKeyError);
    expect(() => verifyManifestSignature(signing(true), spec, signature)).toThrow(/'someone'.*known: ops-2030, ci/);
  });

  it('requires a signature only when the policy says so, but always checks one that is sent', () => {
    expect(() => verifyManifestSignature(signing(true), spec, undefined)).toThrow(SignatureRequiredError);
    expect(verifyManifestSignature(signing(false), spec, undefined)).toBeUndefined();
    const bad: ManifestSignature = { keyId: 'ci', signature: signWorkloadSpec({ ...spec, cpu: 4 }, 'ci', ci.privateKeyPem).signature };
    expect(() => verifyManifestSignature(signing(false), spec, bad)).toThrow(InvalidSignatureError);
  });

  it('refuses a signature of the wrong length with its size', () => {
    expect(() => verifyManifestSignature(signing(true), spec, { keyId: 'ci', signature: Buffer.alloc(10).toString('base64') })).toThrow(/10 bytes, an ed25519 signature is 64/);
  });
});

describe('the Vaultplane-Signature header', () => {
  it('round-trips a signature', () => {
    const signature = signWorkloadSpec(spec, 'ops-2030', ops.privateKeyPem);
    const header = formatSignatureHeader(signature);
    expect(header).toMatch(/^ops-2030:[A-Za-z0-9+/]{86}==$/);
    expect(parseSignatureHeader(header)).toEqual(signature);
  });

  it('refuses text that is not <keyId>:<base64>, including two headers joined', () => {
    const one = formatSignatureHeader(signWorkloadSpec(spec, 'ci', ci.privateKeyPem));
    for (const text of ['', 'ci', 'ci:', ':abc', 'ci:abc def', `${one}, ${one}`, 'c i:abc']) {
      expect(() => parseSignatureHeader(text)).toThrow(InvalidRequestError);
    }
  });

  it('refuses a key id that could not travel in the header when signing', () => {
    expect(() => signWorkloadSpec(spec, 'ops:1', ops.privateKeyPem)).toThrow(/Key id 'ops:1' cannot be used/);
  });
});

describe('signing outside Node', () => {
  // The policy module's header comment tells operators to sign with jq and openssl; hold it to that.
  const hasTools = ['/usr/bin/jq', '/usr/bin/openssl'].every((tool) => existsSync(tool));
  it.skipIf(!hasTools)('accepts a signature made with jq -cSj and openssl pkeyutl', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vp-sign-'));
    try {
      writeFileSync(join(dir, 'key.pem'), ops.privateKeyPem);
      writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec, null, 2));
      const canonical = execFileSync('jq', ['-cSj', '.', join(dir, 'spec.json')]).toString();
      expect(canonical).toBe(manifestSigningText(spec));
      writeFileSync(join(dir, 'canonical.json'), canonical);
      const signature = execFileSync('openssl', ['pkeyutl', '-sign', '-rawin', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'canonical.json')]).toString('base64');
      expect(verifyManifestSignature(signing(true), spec, { keyId: 'ops-2030', signature })).toBe('ops-2030');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
