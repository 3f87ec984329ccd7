import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPair, parseEd25519PrivateKey, parseEd25519PublicKey, publicKeyBase64 } from './ed25519-key';

describe('ed25519 keys as the policy file writes them', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const message = Buffer.from('{"name":"job"}');
  const signature = sign(null, message, privateKey);

  it('reads the same public key from PEM, from the base64 line of the PEM, and from base64 of its raw 32 bytes', () => {
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const raw = publicKeyBase64(publicKey);
    expect(Buffer.from(raw, 'base64')).toHaveLength(32);
    const pemBody = pem.split('\n')[1]!;
    for (const text of [pem, raw, `  ${raw}\n`, Buffer.from(raw, 'base64').toString('base64url'), pemBody]) {
      expect(verify(null, message, parseEd25519PublicKey(text), signature)).toBe(true);
    }
  });

  it('reads a private key from PEM and from its base64 seed, and derives the public key from it', () => {
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64');
    for (const key of [pem, seed, privateKey]) {
      const parsed = parseEd25519PrivateKey(key);
      expect(verify(null, message, publicKey, sign(null, message, parsed))).toBe(true);
      expect(publicKeyBase64(parsed)).toBe(publicKeyBase64(publicKey));
    }
  });

  it('refuses keys of another type or size with a reason an operator can act on', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(() => parseEd25519PublicKey(rsa)).toThrow(/rsa key; use an ed25519 key/);
    expect(() => parseEd25519PublicKey(Buffer.alloc(31).toString('base64'))).toThrow(/31 bytes; an ed25519 public key is 32/);
    expect(() => parseEd25519PublicKey('not a key!')).toThrow(/as PEM or as base64/);
    expect(() => parseEd25519PublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(/PEM text is not a public key/);
    expect(() => parseEd25519PrivateKey(publicKey)).toThrow(/public key; signing needs the private key/);
  });

  it('generates a pair whose public half the policy accepts and whose private half signs', () => {
    const pair = generateSigningKeyPair();
    const parsed = parseEd25519PrivateKey(pair.privateKeyPem);
    expect(verify(null, message, parseEd25519PublicKey(pair.publicKey), sign(null, message, parsed))).toBe(true);
  });
});
