import { createHash, type KeyObject } from 'node:crypto';
import { parseEd25519PublicKey, publicKeyBase64 } from '../policy/ed25519-key';

// A node's id is derived from its public key, so an id can never be claimed by another key:
// the trusted-peer list maps id → key and a request's signature proves the key. No I/O.

/** base64url characters of the key's SHA-256 kept in an id: 96 bits, short enough to read in logs. */
export const NODE_ID_LENGTH = 16;
export const NODE_ID = new RegExp(`^[A-Za-z0-9_-]{${NODE_ID_LENGTH}}$`);

/** The node id of a public key (a KeyObject, a private key, PEM or base64 of the raw 32 bytes). */
export function nodeIdOf(key: KeyObject | string): string {
  // publicKeyBase64 takes a private key too.
  const raw = Buffer.from(publicKeyBase64(typeof key === 'string' ? parseEd25519PublicKey(key) : key), 'base64');
  return createHash('sha256').update(raw).digest('base64url').slice(0, NODE_ID_LENGTH);
}
