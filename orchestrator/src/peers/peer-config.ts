import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseYamlDocument } from '../yaml-document';
import { DISCOVERY_CONFIG_SCHEMA } from './discovery-config';
import { PeerAclSchema } from './peer-acl';

// The peers file (YAML): who this node is, where its peers are, whom it trusts and what they may
// do here. Read once at start; a bad file stops the start with the field named. Without a file
// the node does not peer at all.
//
//   node: alpha                       # this node's name; default the Docker engine's host name
//   capacity: { cpu: 2, memoryMb: 4096, gpu: 0 }   # declared instead of what the engine reports
//   discovery: { static: [http://10.0.0.6:8080] }  # see discovery-config.ts
//   trusted: [{ name: bravo, publicKey: <base64 from bravo's GET /peer/identity> }]
//   acl: [{ peer: bravo, namespaces: ['*'], actions: [schedule, read, logs, evict] }]

export const PEERS_FILE = 'peers.yaml';

const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export const PEER_CONFIG_SCHEMA = z.strictObject({
  node: z.string().regex(NODE_NAME, 'a node name is letters, digits, ".", "_" or "-" (at most 63)').optional().describe("This node's name; its pods carry it"),
  capacity: z
    .strictObject({
      cpu: z.number().positive().optional(),
      memoryMb: z.number().int().positive().optional(),
      gpu: z.number().int().nonnegative().optional(),
    })
    .optional()
    .describe('What this node offers, declared instead of what the engine reports (any field may be left out)'),
  discovery: DISCOVERY_CONFIG_SCHEMA.prefault({}),
  trusted: z
    .array(z.strictObject({ name: z.string().min(1).optional(), publicKey: z.string().min(1) }))
    .default([])
    .describe('Peers whose signed requests this node accepts'),
  acl: PeerAclSchema,
  exchange: z
    .strictObject({
      intervalMs: z.number().int().positive().optional(),
      timeoutMs: z.number().int().positive().optional(),
    })
    .prefault({})
    .describe('The capacity exchange: how often each peer is asked, and how long an ask may take'),
  discoveryIntervalMs: z.number().int().positive().default(60_000).describe('How often discovery runs again'),
  requestTimeoutMs: z.number().int().positive().default(30_000).describe('How long a forwarded schedule, list or evict may take'),
});

export type PeerConfig = z.output<typeof PEER_CONFIG_SCHEMA>;
export type PeerConfigInput = z.input<typeof PEER_CONFIG_SCHEMA>;
export type DeclaredCapacity = NonNullable<PeerConfig['capacity']>;

export class PeerConfigError extends Error {
  constructor(path: string, detail: string, options?: { cause?: unknown }) {
    super(`Peers file ${path} is not valid: ${detail}. Fix it and start again.`, options);
    this.name = 'PeerConfigError';
  }
}

export function parsePeerConfig(text: string, path: string): PeerConfig {
  return parseYamlDocument(PEER_CONFIG_SCHEMA, text, (detail, cause) => new PeerConfigError(path, detail, { cause }));
}

/** Undefined when the file does not exist and `missingOk` is set (peering off). */
export async function loadPeerConfig(path: string, options: { missingOk?: boolean } = {}): Promise<PeerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && options.missingOk) return undefined;
    throw new PeerConfigError(path, `it cannot be read (${(error as Error).message})`, { cause: error });
  }
  return parsePeerConfig(text, path);
}
