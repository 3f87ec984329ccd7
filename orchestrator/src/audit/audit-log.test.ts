import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryHash, verifyAuditText, type AuditEntry } from './audit-chain';
import { AuditLog, verifyAuditFile } from './audit-log';

describe('AuditLog', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vp-audit-'));
    path = join(dir, 'audit.jsonl');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeEntries(count: number): Promise<string[]> {
    const log = await AuditLog.open(path);
    await Promise.all(Array.from({ length: count }, (_, i) => log.append({ type: 'schedule', actor: 'admin', data: { pod: `p${i}` } })));
    await log.close();
    return (await readFile(path, 'utf8')).trimEnd().split('\n');
  }

  it('writes one chained JSON line per entry, in order, even when appends race', async () => {
    const lines = await writeEntries(20);
    const entries = lines.map((line) => JSON.parse(line) as AuditEntry);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(entries.map((e) => e.data.pod)).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`));
    expect(entries[1]?.prev).toBe(entries[0]?.hash);
    await expect(verifyAuditFile(path)).resolves.toEqual({ ok: true, entries: 20, lastHash: entries[19]?.hash });
  });

  it('keeps one chain when two processes share the log (serve and a stdio mcp on one data dir)', async () => {
    const first = await AuditLog.open(path, { sync: false });
    const second = await AuditLog.open(path, { sync: false });
    const record = (writer: string, i: number) => ({ type: 'schedule' as const, actor: writer, data: { pod: `${writer}-${i}` } });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => [first.append(record('a', i)), second.append(record('b', i))]).flat(),
    );
    await first.close();
    await second.close();
    const verdict = await verifyAuditFile(path);
    expect(verdict).toMatchObject({ ok: true, entries: 200 });
  });

  it('takes over a lock file left by a crashed writer', async () => {
    await writeFile(`${path}.lock`, '99999');
    const old = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, old, old);
    const log = await AuditLog.open(path, { sync: false });
    await log.append({ type: 'schedule', actor: 'admin', data: { pod: 'after-crash' } });
    await log.close();
    await expect(verifyAuditFile(path)).resolves.toMatchObject({ ok: true, entries: 1 });
  });

  it('continues the chain after a restart', async () => {
    await writeEntries(3);
    const log = await AuditLog.open(path);
    const entry = await log.append({ type: 'eviction', actor: 'admin', data: { pod: 'p0' } });
    await log.close();
    expect(entry.seq).toBe(4);
    await expect(verifyAuditFile(path)).resolves.toMatchObject({ ok: true, entries: 4 });
  });

  it('detects an edited entry, a removed entry, swapped entries and a cut-off line', async () => {
    const lines = await writeEntries(4);
    const edited = lines.map((l, i) => (i === 1 ? l.replace('"p1"', '"p9"') : l));
    expect(verifyAuditText(`${edited.join('\n')}\n`)).toMatchObject({ ok: false, line: 2, entries: 1, reason: expect.stringMatching(/edited/) });

    const removed = lines.filter((_, i) => i !== 1);
    expect(verifyAuditText(`${removed.join('\n')}\n`)).toMatchObject({ ok: false, line: 2, reason: expect.stringMatching(/removed or moved/) });

    const swapped = [lines[0], lines[2], lines[1], lines[3]];
    expect(verifyAuditText(`${swapped.join('\n')}\n`)).toMatchObject({ ok: false, line: 2 });

    expect(verifyAuditText(`${lines.join('\n')}\n${lines[3]!.slice(0, 30)}`)).toMatchObject({ ok: false, line: 5, reason: expect.stringMatching(/not JSON/) });
  });

  it('detects an entry rewritten with a fresh hash, because the next entry still points to the old one', async () => {
    const lines = await writeEntries(3);
    const entry = JSON.parse(lines[1]!) as AuditEntry;
    const forged = { ...entry, data: { pod: 'forged' } };
    forged.hash = entryHash(forged);
    const text = [lines[0], JSON.stringify(forged), lines[2]].join('\n') + '\n';
    expect(verifyAuditText(text)).toMatchObject({ ok: false, line: 3 });
  });

  it('refuses to append to a log whose last line was cut short', async () => {
    await writeEntries(2);
    await writeFile(path, `${await readFile(path, 'utf8')}{"seq":3,`);
    await expect(AuditLog.open(path)).rejects.toThrow(/middle of a line.*audit verify/);
  });
});
