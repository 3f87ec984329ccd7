import { open, readFile, type FileHandle } from 'node:fs/promises';
import { chainEntry, GENESIS_HASH, verifyAuditText, type AuditEntry, type AuditRecord, type AuditVerification } from './audit-chain';
import { auditReport, unreadableAuditReport, type AuditReport } from './audit-report';
import { withFileLock } from './file-lock';

// Append-only JSONL audit log. Appends are serialised in this process and, through a lock file,
// across processes sharing the data dir (serve and a stdio mcp); each append re-reads the last
// entry under the lock, so the chain holds whoever wrote before. Each entry is one write of one
// whole line to a file opened for appending.

const TAIL_BYTES = 64 * 1024;

export interface AuditLogOptions {
  /** fdatasync after each entry so it survives a power cut (default true). */
  sync?: boolean;
  now?: () => Date;
}

export class AuditLog {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly options: AuditLogOptions,
  ) {}

  /** Continues the chain of an existing log, or starts a new one. */
  static async open(path: string, options: AuditLogOptions = {}): Promise<AuditLog> {
    const handle = await open(path, 'a+', 0o600);
    try {
      // Read now only to refuse a broken tail at start; append reads it again under the lock.
      await lastEntry(handle, path);
      return new AuditLog(path, handle, options);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  append(record: AuditRecord): Promise<AuditEntry> {
    const next = this.chain.then(() =>
      withFileLock(`${this.path}.lock`, async () => {
        const last = await lastEntry(this.handle, this.path);
        const entry = chainEntry(record, last, (this.options.now ?? (() => new Date()))());
        await this.handle.appendFile(`${JSON.stringify(entry)}\n`, 'utf8');
        if (this.options.sync !== false) await this.handle.datasync();
        return entry;
      }),
    );
    // A failed write must not block later ones; the caller gets this one's error.
    this.chain = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle.close();
  }
}

async function lastEntry(handle: FileHandle, path: string): Promise<{ seq: number; hash: string }> {
  const { size } = await handle.stat();
  if (size === 0) return { seq: 0, hash: GENESIS_HASH };
  const length = Math.min(size, TAIL_BYTES);
  const buffer = Buffer.alloc(length);
  await handle.read(buffer, 0, length, size - length);
  const text = buffer.toString('utf8');
  if (!text.endsWith('\n')) {
    throw new Error(`Audit log ${path} ends in the middle of a line; run 'vaultplane audit verify' and repair or move the file before starting`);
  }
  const lines = text.slice(0, -1).split('\n');
  try {
    const entry = JSON.parse(lines.at(-1)!) as AuditEntry;
    if (typeof entry.seq !== 'number' || typeof entry.hash !== 'string') throw new Error('not an entry');
    return { seq: entry.seq, hash: entry.hash };
  } catch {
    throw new Error(`The last line of audit log ${path} is not an audit entry; run 'vaultplane audit verify' and repair or move the file before starting`);
  }
}

/** The chain check alone; throws when the file cannot be read. */
export async function verifyAuditFile(path: string): Promise<AuditVerification> {
  return verifyAuditText(await readFile(path, 'utf8'));
}

/**
 * What `vaultplane audit verify` prints (`text`) and exits with (`exitCode`). Never throws: a
 * missing or unreadable file is a report too.
 */
export async function auditFileReport(path: string): Promise<AuditReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return unreadableAuditReport(path, error);
  }
  return auditReport(path, text);
}
