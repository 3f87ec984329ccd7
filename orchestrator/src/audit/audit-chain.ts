import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

// The audit log's hash chain. Each entry stores the hash of the one before it and its own hash
// over its canonical JSON, so editing, inserting, deleting or reordering an entry breaks the
// chain from that line on. Pure.

export type AuditType = 'schedule' | 'refusal' | 'eviction' | 'expiry' | 'policy-change' | 'policy-rejected';

export interface AuditRecord {
  type: AuditType;
  /** Who asked: a token name, 'admin', or 'orchestrator' for its own actions (TTL). */
  actor: string;
  data: Record<string, unknown>;
}

export interface AuditEntry extends AuditRecord {
  seq: number;
  time: string;
  prev: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, time, type, actor, data, prev } = entry;
  return createHash('sha256').update(canonicalJson({ seq, time, type, actor, data, prev })).digest('hex');
}

export function chainEntry(record: AuditRecord, previous: { seq: number; hash: string }, time: Date): AuditEntry {
  const unsigned = { seq: previous.seq + 1, time: time.toISOString(), type: record.type, actor: record.actor, data: record.data, prev: previous.hash };
  return { ...unsigned, hash: entryHash(unsigned) };
}

export type AuditVerification =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; line: number; reason: string };

/** Checks every line of a log's text. `entries` counts the lines that verified. */
export function verifyAuditText(text: string): AuditVerification {
  const lines = text.split('\n');
  // One trailing newline is the normal end of the file.
  if (lines.at(-1) === '') lines.pop();
  let previous = { seq: 0, hash: GENESIS_HASH };
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const fail = (reason: string): AuditVerification => ({ ok: false, entries: i, line, reason });
    let entry: AuditEntry;
    try {
      entry = JSON.parse(lines[i]!) as AuditEntry;
    } catch {
      return fail('the line is not JSON (cut short or edited)');
    }
    if (typeof entry !== 'object' || entry === null || typeof entry.hash !== 'string') return fail('the line is not an audit entry');
    if (entry.seq !== previous.seq + 1) return fail(`sequence number ${String(entry.seq)} follows ${previous.seq} (an entry was removed or moved)`);
    if (entry.prev !== previous.hash) return fail("its 'prev' is not the hash of the entry before it (an entry before it was changed, removed or moved)");
    if (entryHash(entry) !== entry.hash) return fail('its content does not match its hash (the entry was edited)');
    previous = { seq: entry.seq, hash: entry.hash };
  }
  return { ok: true, entries: lines.length, lastHash: previous.hash };
}
