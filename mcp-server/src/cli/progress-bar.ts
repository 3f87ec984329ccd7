/**
 * The `vaultplane index` progress line: files, chunks and rate. Formatting is pure; the
 * renderer redraws one line on a terminal and prints a line now and then elsewhere (CI logs).
 */
import type { SyncProgress } from '../index/vault-indexer';

const BAR_WIDTH = 24;

export function formatProgress(progress: SyncProgress, elapsedMs: number): string {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  switch (progress.phase) {
    case 'scan':
      return 'scanning vault…';
    case 'read':
      return `reading  ${progress.filesDone}/${progress.filesTotal} files`;
    case 'train':
      return `training the built-in embedder on ${progress.filesDone} notes…`;
    case 'embed':
    case 'done': {
      const total = Math.max(progress.filesTotal, 1);
      const ratio = Math.min(progress.filesDone / total, 1);
      const filled = Math.round(ratio * BAR_WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      const rate = Math.round(progress.chunksDone / seconds);
      return `indexing [${bar}] ${progress.filesDone}/${progress.filesTotal} notes · ${progress.chunksDone} chunks · ${rate} chunks/s`;
    }
  }
}

export function createProgressRenderer(stream: NodeJS.WriteStream = process.stderr): {
  update: (progress: SyncProgress) => void;
  finish: () => void;
} {
  const started = Date.now();
  let lastPrinted = 0;
  let lastLine = '';
  return {
    update(progress) {
      const line = formatProgress(progress, Date.now() - started);
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line}`);
      } else if (Date.now() - lastPrinted > 2000 || progress.phase !== 'embed') {
        if (line !== lastLine) stream.write(`${line}\n`);
        lastPrinted = Date.now();
      }
      lastLine = line;
    },
    finish() {
      if (stream.isTTY && lastLine) stream.write('\n');
    },
  };
}
