import { randomBytes, type KeyObject } from 'node:crypto';
import { access, link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSigningKeyPair, parseEd25519PrivateKey, publicKeyBase64 } from '../policy/ed25519-key';
import { nodeIdOf } from './peer-identity-key';

// Each orchestrator's ed25519 identity, kept in its data dir as <data>/node-key.pem (PKCS#8,
// mode 0600). Created on first start, reused afterwards: peers trust the public key, so losing
// or replacing the file means every peer has to trust the new key.

export const NODE_KEY_FILE = 'node-key.pem';

export interface NodeIdentity {
  /** Short, stable id derived from the public key (nodeIdOf). */
  nodeId: string;
  /** base64 of the raw 32-byte public key: what another node lists to trust this one. */
  publicKey: string;
  /** Signs this node's peer requests; never leaves the process. */
  privateKey: KeyObject;
  keyPath: string;
  /** True when this call generated the key (first start). */
  created: boolean;
}

/** What a node hands to an operator so that peers can trust it. */
export interface ShareableNodeIdentity {
  nodeId: string;
  publicKey: string;
}

export function shareableIdentity(identity: NodeIdentity): ShareableNodeIdentity {
  return { nodeId: identity.nodeId, publicKey: identity.publicKey };
}

/**
 * Reads <dataDir>/node-key.pem, creating it first when missing. Creation is atomic: the key is
 * written to a private temp file and hard-linked into place, so a crash never leaves half a
 * key and of two processes starting together, exactly one key wins and both use it.
 * Throws an Error saying what to do when the file is unreadable, not an ed25519 private key,
 * or readable by others.
 */
export async function loadOrCreateNodeIdentity(dataDir: string): Promise<NodeIdentity> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const keyPath = join(dataDir, NODE_KEY_FILE);
  const created = await createKeyFileIfMissing(keyPath);
  return readIdentity(keyPath, created);
}

async function createKeyFileIfMissing(keyPath: string): Promise<boolean> {
  // The usual case: the key is there, and the data dir need not be writable to use it.
  if (await exists(keyPath)) return false;
  const pem = generateSigningKeyPair().privateKeyPem;
  const temp = `${keyPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    // Synced before it is linked into place, so a power cut cannot leave an empty key behind.
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(pem);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temp, keyPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`Cannot create the node key ${keyPath} (${(error as Error).message}); make the data dir writable and restart.`, { cause: error });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readIdentity(keyPath: string, created: boolean): Promise<NodeIdentity> {
  let mode: number;
  let pem: string;
  try {
    mode = (await stat(keyPath)).mode;
    pem = await readFile(keyPath, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the node key ${keyPath} (${(error as Error).message}); check its owner and permissions, then restart.`, { cause: error });
  }
  // Like ssh: a private key others can read is not used.
  if ((mode & 0o077) !== 0) {
    throw new Error(`The node key ${keyPath} is readable by other users (mode ${(mode & 0o777).toString(8)}); run 'chmod 600 ${keyPath}' and restart.`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = parseEd25519PrivateKey(pem);
  } catch (error) {
    throw new Error(
      `The node key ${keyPath} is not an ed25519 private key (${(error as Error).message}). Restore it from a backup, or delete it ` +
        'to give this node a new identity (every peer must then trust the new public key).',
      { cause: error },
    );
  }
  return { nodeId: nodeIdOf(privateKey), publicKey: publicKeyBase64(privateKey), privateKey, keyPath, created };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new Error(`Cannot look at the node key ${path} (${(error as Error).message}); check the data dir's permissions, then restart.`, { cause: error });
  }
}
