import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

// ed25519 keys as the policy file and clients write them: PEM, or the raw key in base64
// (32 bytes: the public key, or the private key's seed); a public key may also be the base64
// line of its PEM file. node:crypto only; no I/O.

// DER headers that turn a raw 32-byte key into SubjectPublicKeyInfo / PKCS#8 (RFC 8410).
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const RAW_KEY_BYTES = 32;
/** Every ed25519 signature is this long. */
export const ED25519_SIGNATURE_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Throws an Error saying what is wrong with the text when it is not an ed25519 public key. */
export function parseEd25519PublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  if (trimmed.startsWith('-----BEGIN')) {
    try {
      key = createPublicKey(trimmed);
    } catch (error) {
      throw new Error(`the PEM text is not a public key (${(error as Error).message})`, { cause: error });
    }
  } else {
    key = createPublicKey({ key: spkiDer(trimmed), format: 'der', type: 'spki' });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`it is a ${key.asymmetricKeyType ?? 'unknown'} key; use an ed25519 key`);
  return key;
}

/** A private key from PEM (PKCS#8) or a base64 32-byte seed; a KeyObject is checked and returned. */
export function parseEd25519PrivateKey(key: KeyObject | string): KeyObject {
  let parsed: KeyObject;
  if (typeof key !== 'string') parsed = key;
  else if (key.trim().startsWith('-----BEGIN')) {
    try {
      parsed = createPrivateKey(key.trim());
    } catch (error) {
      throw new Error(`the PEM text is not a private key (${(error as Error).message})`, { cause: error });
    }
  } else {
    parsed = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, rawKeyBytes(key.trim(), 'private key seed')]), format: 'der', type: 'pkcs8' });
  }
  if (parsed.type !== 'private') throw new Error(`it is a ${parsed.type} key; signing needs the private key`);
  if (parsed.asymmetricKeyType !== 'ed25519') throw new Error(`it is a ${parsed.asymmetricKeyType ?? 'unknown'} key; use an ed25519 key`);
  return parsed;
}

/** The raw 32-byte public key in base64: the short form to paste into the policy file. */
export function publicKeyBase64(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length).toString('base64');
}

export interface SigningKeyPair {
  /** For the policy file's signing.keys[].publicKey. */
  publicKey: string;
  /** PKCS#8 PEM; keep it secret, give it to signWorkloadSpec. */
  privateKeyPem: string;
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: publicKeyBase64(publicKey), privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

/** The raw key, or the DER a PEM file holds between its BEGIN and END lines (what people copy). */
function spkiDer(text: string): Buffer {
  if (BASE64.test(text)) {
    const der = Buffer.from(text, 'base64');
    if (der.length === SPKI_PREFIX.length + RAW_KEY_BYTES && der.subarray(0, SPKI_PREFIX.length).equals(SPKI_PREFIX)) return der;
  }
  return Buffer.concat([SPKI_PREFIX, rawKeyBytes(text, 'public key')]);
}

function rawKeyBytes(text: string, what: string): Buffer {
  if (!BASE64.test(text)) throw new Error(`write the ${what} as PEM or as base64 of its ${RAW_KEY_BYTES} raw bytes`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== RAW_KEY_BYTES) throw new Error(`the base64 ${what} is ${bytes.length} bytes; an ed25519 ${what} is ${RAW_KEY_BYTES}`);
  return bytes;
}
