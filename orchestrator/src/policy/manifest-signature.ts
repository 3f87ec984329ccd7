import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { InvalidRequestError, InvalidSignatureError, SignatureRequiredError, UnknownSigningKeyError } from '../errors';
import { ED25519_SIGNATURE_BYTES, parseEd25519PrivateKey, parseEd25519PublicKey } from './ed25519-key';
import { SIGNING_KEY_ID, type Policy } from './policy-schema';

// Signed manifests: an operator lists ed25519 public keys in the policy file, and with
// `required: true` only specs signed by one of them run.
//
//   signing:
//     required: true
//     keys:
//       - id: ops-2030
//         publicKey: <PEM, or base64 of the raw 32-byte key (publicKeyBase64 / generateSigningKeyPair)>
//
// What is signed: canonicalJson(spec) as UTF-8, where spec is the workload spec exactly as the
// request sends it (the POST /schedule body), before defaults are filled in: sorted keys, no
// whitespace, numbers in shortest form (canonical-json.ts; `jq -cSj .` gives the same text for
// ASCII keys and plain numbers). Every field is covered, so changing, adding or removing one
// breaks the signature. Signatures are plain ed25519 (64 bytes), e.g. (openssl needs a file, not a pipe)
//   jq -cSj . spec.json > signed.json && openssl pkeyutl -sign -rawin -inkey key.pem -in signed.json | base64 -w0
// or signWorkloadSpec() below.
//
// Where it travels: the header `Vaultplane-Signature: <keyId>:<base64 signature>`, so the body
// stays the plain spec; in-process callers (the MCP tools) pass the same pair in the schedule
// context. A signature that is sent is always checked, even when signing is not required: a
// client that signs expects a tampered spec to be refused.

export const SIGNATURE_HEADER = 'vaultplane-signature';

export interface ManifestSignature {
  keyId: string;
  /** base64 (or base64url) of the 64-byte ed25519 signature. */
  signature: string;
}

const HEADER = /^\s*([A-Za-z0-9][A-Za-z0-9._-]{0,63}):([A-Za-z0-9+/_-]+={0,2})\s*$/;

/** The bytes a signature covers. */
export function manifestSigningText(spec: unknown): string {
  return canonicalJson(spec);
}

/** Signs a spec as it will be sent. `privateKey`: a KeyObject, PKCS#8 PEM or a base64 32-byte seed. */
export function signWorkloadSpec(spec: unknown, keyId: string, privateKey: KeyObject | string): ManifestSignature {
  if (!SIGNING_KEY_ID.test(keyId)) throw new Error(`Key id '${keyId}' cannot be used; use letters, digits, '.', '_' and '-' (at most 64)`);
  const key = parseEd25519PrivateKey(privateKey);
  return { keyId, signature: sign(null, Buffer.from(manifestSigningText(spec), 'utf8'), key).toString('base64') };
}

export function formatSignatureHeader(signature: ManifestSignature): string {
  return `${signature.keyId}:${signature.signature}`;
}

/** Throws InvalidRequestError (400) for a header that is not `<keyId>:<base64>`. */
export function parseSignatureHeader(value: string): ManifestSignature {
  const match = HEADER.exec(value);
  if (match === null) throw new InvalidRequestError("the Vaultplane-Signature header must be '<keyId>:<base64 signature>', sent once");
  return { keyId: match[1]!, signature: match[2]! };
}

/**
 * Checks a spec's signature against the policy. Returns the id of the key that signed it, or
 * undefined for an unsigned spec the policy lets run; throws SignatureRequiredError,
 * UnknownSigningKeyError or InvalidSignatureError (all 403) otherwise.
 */
export function verifyManifestSignature(signing: Policy['signing'], spec: unknown, signature: ManifestSignature | undefined): string | undefined {
  if (signature === undefined) {
    if (signing.required) throw new SignatureRequiredError();
    return undefined;
  }
  const entry = signing.keys.find((key) => key.id === signature.keyId);
  if (entry === undefined) throw new UnknownSigningKeyError(signature.keyId, signing.keys.map((key) => key.id));
  const bytes = Buffer.from(signature.signature, 'base64');
  if (bytes.length !== ED25519_SIGNATURE_BYTES) throw new InvalidSignatureError(signature.keyId, `it is ${bytes.length} bytes, an ed25519 signature is ${ED25519_SIGNATURE_BYTES}`);
  let text: string;
  try {
    text = manifestSigningText(spec);
  } catch {
    throw new InvalidSignatureError(signature.keyId, 'the spec has no canonical JSON form');
  }
  if (!verify(null, Buffer.from(text, 'utf8'), publicKeyOf(entry), bytes)) throw new InvalidSignatureError(signature.keyId);
  return entry.id;
}

// Policies are replaced whole on reload, so a key entry object always holds the same text.
const publicKeys = new WeakMap<object, KeyObject>();

function publicKeyOf(entry: Policy['signing']['keys'][number]): KeyObject {
  let key = publicKeys.get(entry);
  if (key === undefined) {
    key = parseEd25519PublicKey(entry.publicKey);
    publicKeys.set(entry, key);
  }
  return key;
}
