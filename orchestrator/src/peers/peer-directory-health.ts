import { z } from 'zod';
import type { NodeCapacity } from '../capacity/node-capacity';

// Reads a peer's `GET /health` answer (service/orchestrator.ts `Health`). Pure. Only the fields
// the directory uses are checked; unknown fields are ignored so a newer peer still parses.

const Amounts = z.object({
  cpu: z.number().finite().nonnegative(),
  memoryMb: z.number().int().nonnegative(),
  gpus: z.number().int().nonnegative(),
});

const NodeCapacitySchema = z.object({
  node: z.string().min(1),
  total: Amounts,
  reserved: Amounts,
  available: Amounts,
  pods: z.number().int().nonnegative(),
  gpuDevices: z.array(z.object({ index: z.number().int(), name: z.string(), memoryMb: z.number().nonnegative() })),
  disk: z.object({ path: z.string(), freeBytes: z.number().nonnegative(), totalBytes: z.number().nonnegative() }).nullish(),
  diskError: z.string().optional(),
});

const PeerHealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  node: z.string().nullish(),
  engine: z.object({ reachable: z.boolean(), reason: z.string().optional() }).loose(),
  capacity: NodeCapacitySchema.nullable(),
});

export type PeerHealthReading =
  | { ok: true; node: string; capacity: NodeCapacity }
  /** The peer answered but cannot take work, or the answer is not a health document. */
  | { ok: false; reason: string };

/** What a peer's /health body says about its capacity; `peer` names it in the reason. */
export function readPeerHealth(peer: string, body: unknown): PeerHealthReading {
  const parsed = PeerHealthSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `peer '${peer}' answered /health with something that is not an orchestrator health document (${z.prettifyError(parsed.error).replace(/\n+/g, ' ')}); check that its URL points at a vaultplane orchestrator of a matching version`,
    };
  }
  const health = parsed.data;
  if (health.status !== 'ok' || health.capacity === null) {
    const why = health.engine.reachable ? 'reports no capacity' : `cannot reach its container engine${health.engine.reason === undefined ? '' : `: ${health.engine.reason}`}`;
    return { ok: false, reason: `peer '${peer}' is degraded and ${why}` };
  }
  const { disk, diskError, ...rest } = health.capacity;
  const capacity: NodeCapacity = { ...rest, disk: disk ?? undefined };
  if (diskError !== undefined) capacity.diskError = diskError;
  return { ok: true, node: health.node ?? capacity.node, capacity };
}
