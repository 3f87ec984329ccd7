/** Human-readable output of the search and status commands. Pure. */
import type { FileStatus, IndexSummary } from '../index/file-status';
import type { VaultSearchHit } from '../vaults/vault-set';

export function formatSearchHits(hits: VaultSearchHit[]): string {
  if (hits.length === 0) return 'No results.\n';
  const multiVault = new Set(hits.map((hit) => hit.vault)).size > 1;
  return (
    hits
      .map((hit, rank) => {
        const where = `${multiVault ? `${hit.vault}:` : ''}${hit.path}:${hit.startLine}-${hit.endLine}`;
        const heading = hit.heading ? `  ${hit.heading}` : '';
        const snippet = hit.snippet
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n');
        return `${rank + 1}. ${where}${heading}  (${hit.score.toFixed(4)})\n${snippet}`;
      })
      .join('\n\n') + '\n'
  );
}

export function formatStatusReport(summaries: IndexSummary[], problems: Array<FileStatus & { vault: string }>): string {
  const lines = summaries.map(
    (s) =>
      `${s.vault}: ${s.indexed} indexed, ${s.skipped} skipped, ${s.errors} errors, ${s.warnings} warnings, ` +
      `${s.chunks} chunks · embedder ${s.embedder}${s.lastSyncAt ? ` · last sync ${s.lastSyncAt}` : ''}`,
  );
  for (const problem of problems) {
    lines.push(`  ${problem.state.padEnd(7)} ${problem.vault}/${problem.path}${problem.reason ? `: ${problem.reason}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
