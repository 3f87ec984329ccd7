import { verifyAuditText, type AuditEntry, type AuditType, type AuditVerification } from './audit-chain';

// What `vaultplane audit verify` prints and exits with, from a log's text. Pure; reading the file
// is auditFileReport's job (audit-log.ts).

export interface AuditReport {
  path: string;
  ok: boolean;
  /** For the CLI: 0 intact, 1 tampered or cut short, 2 could not be read. */
  exitCode: 0 | 1 | 2;
  /** Undefined when the file could not be read. */
  verification: AuditVerification | undefined;
  /** Entries by type, among those that verified. */
  counts: Partial<Record<AuditType, number>>;
  /** Times of the first and last entry that verified. */
  firstTime: string | null;
  lastTime: string | null;
  /** For people: a few lines, no trailing newline. */
  text: string;
}

export function auditReport(path: string, text: string): AuditReport {
  const verification = verifyAuditText(text);
  const verified = verifiedEntries(text, verification.entries);
  const counts: Partial<Record<AuditType, number>> = {};
  for (const entry of verified) counts[entry.type] = (counts[entry.type] ?? 0) + 1;
  const firstTime = verified[0]?.time ?? null;
  const lastTime = verified.at(-1)?.time ?? null;
  const span = firstTime === null ? '' : firstTime === lastTime ? `, at ${firstTime}` : `, ${firstTime} to ${lastTime}`;
  const byType = Object.entries(counts)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');

  if (verification.ok) {
    const lines =
      verification.entries === 0
        ? [`Audit log ${path} is empty: nothing has been audited yet.`]
        : [
            `Audit log ${path} is intact: ${plural(verification.entries, 'entry', 'entries')}${span}${byType === '' ? '' : ` (${byType})`}.`,
            `The chain ends at ${verification.lastHash} (seq ${verification.entries}). Entries cut from the end leave no trace in the file; ` +
              'compare this hash with one you recorded earlier to rule that out.',
          ];
    return { path, ok: true, exitCode: 0, verification, counts, firstTime, lastTime, text: lines.join('\n') };
  }
  const lines = [
    `Audit log ${path} FAILED verification at line ${verification.line}: ${verification.reason}.`,
    verification.entries === 0
      ? 'No entry before it verifies.'
      : `${verification.entries === 1 ? 'The one entry before it verifies' : `The ${verification.entries} entries before it verify`}${span}; ` +
        `nothing from line ${verification.line} on can be trusted.`,
    `Keep the file as evidence. To start a new chain, move it aside (mv '${path}' '${path}.broken') before the server starts again.`,
  ];
  return { path, ok: false, exitCode: 1, verification, counts, firstTime, lastTime, text: lines.join('\n') };
}

export function unreadableAuditReport(path: string, error: unknown): AuditReport {
  const missing = (error as { code?: unknown } | null)?.code === 'ENOENT';
  const text = missing
    ? `Audit log ${path} does not exist: nothing was audited with this data dir yet, or --data points somewhere else.`
    : `Audit log ${path} cannot be read (${error instanceof Error ? error.message : String(error)}); check the path and its permissions.`;
  return { path, ok: false, exitCode: 2, verification: undefined, counts: {}, firstTime: null, lastTime: null, text };
}

function verifiedEntries(text: string, count: number): AuditEntry[] {
  if (count === 0) return [];
  return text
    .split('\n', count)
    .map((line) => JSON.parse(line) as AuditEntry);
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
