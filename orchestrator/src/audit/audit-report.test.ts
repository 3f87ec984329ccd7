import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, auditFileReport } from './audit-log';
import { auditReport } from './audit-report';

describe('the audit verify report', () => {
  let dir: string;
  let path: string;
  let clock: number;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vp-audit-report-'));
    path = join(dir, 'audit.jsonl');
    clock = Date.parse('2030-01-01T00:00:00Z');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeLog(): Promise<string[]> {
    const log = await AuditLog.open(path, { sync: false, now: () => new Date((clock += 60_000)) });
    await log.append({ type: 'schedule', actor: 'admin', data: { pod: 'a' } });
    await log.append({ type: 'refusal', actor: 'ci', data: { code: 'POLICY_VIOLATION' } });
    await log.append({ type: 'schedule', actor: 'admin', data: { pod: 'b' } });
    await log.append({ type: 'eviction', actor: 'admin', data: { pod: 'a' } });
    await log.close();
    return (await readFile(path, 'utf8')).trimEnd().split('\n');
  }

  it('says an intact log is intact, with its size, span, kinds and last hash, and exits 0', async () => {
    await writeLog();
    const report = await auditFileReport(path);
    expect(report).toMatchObject({
      ok: true,
      exitCode: 0,
      counts: { schedule: 2, refusal: 1, eviction: 1 },
      firstTime: '2030-01-01T00:01:00.000Z',
      lastTime: '2030-01-01T00:04:00.000Z',
    });
    expect(report.text).toContain(`Audit log ${path} is intact: 4 entries, 2030-01-01T00:01:00.000Z to 2030-01-01T00:04:00.000Z (2 schedule, 1 refusal, 1 eviction).`);
    const lastHash = (JSON.parse((await readFile(path, 'utf8')).trimEnd().split('\n').at(-1)!) as { hash: string }).hash;
    expect(report.text).toContain(`The chain ends at ${lastHash} (seq 4).`);
  });

  it('names the first bad line, what still verifies, and how to start over, and exits 1', async () => {
    const lines = await writeLog();
    await writeFile(path, `${lines.map((line, i) => (i === 2 ? line.replace('"b"', '"z"') : line)).join('\n')}\n`);
    const report = await auditFileReport(path);
    expect(report).toMatchObject({ ok: false, exitCode: 1, counts: { schedule: 1, refusal: 1 }, lastTime: '2030-01-01T00:02:00.000Z' });
    expect(report.text).toMatch(/FAILED verification at line 3: .*edited/);
    expect(report.text).toContain('The 2 entries before it verify, 2030-01-01T00:01:00.000Z to 2030-01-01T00:02:00.000Z; nothing from line 3 on can be trusted.');
    expect(report.text).toContain(`mv '${path}' '${path}.broken'`);
  });

  it('fails a log whose first line is broken, with nothing verified', () => {
    const report = auditReport('audit.jsonl', 'not json\n');
    expect(report).toMatchObject({ ok: false, exitCode: 1, counts: {}, firstTime: null });
    expect(report.text).toContain('No entry before it verifies.');
  });

  it('reports an empty log as intact and a missing or unreadable one as exit 2, without throwing', async () => {
    await writeFile(path, '');
    expect(await auditFileReport(path)).toMatchObject({ ok: true, exitCode: 0, text: expect.stringContaining('is empty') });
    expect(await auditFileReport(join(dir, 'none.jsonl'))).toMatchObject({ ok: false, exitCode: 2, text: expect.stringMatching(/does not exist.*--data/) });
    expect(await auditFileReport(dir)).toMatchObject({ ok: false, exitCode: 2, text: expect.stringMatching(/cannot be read \(.*EISDIR/) });
  });
});
