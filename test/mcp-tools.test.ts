/**
 * The note tools as an agent meets them: the SDK's Client talking to createServer() over an
 * in-memory transport, on a real vault with a real LanceDB index.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinEmbedderSource } from '../mcp-server/src/index/embedder-source';
import { createServer } from '../mcp-server/src/server/index';
import { VaultContext } from '../mcp-server/src/vaults/vault-context';
import { VaultSet } from '../mcp-server/src/vaults/vault-set';
import { createTempVault, type TempVault } from './support/temp-vault';

let vault: TempVault;
let other: TempVault;
let outside: TempVault;
let vaults: VaultSet;
let client: Client;

async function context(root: string, name: string): Promise<VaultContext> {
  const dataDir = join(root, '.vaultplane');
  return new VaultContext({ name, root, dataDir }, await BuiltinEmbedderSource.load(dataDir));
}

async function call(name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  return result as { isError?: boolean; structuredContent?: any; content: Array<{ type: string; text: string }> };
}

beforeAll(async () => {
  vault = await createTempVault({}, { fromTemplate: true });
  await vault.write('projects/alpha.md', '---\ntags: [project]\nstatus: active\n---\n# Alpha\n\n## Plan\n\nShip the narwhal tracker.\n\n## Risks\n\nThe narwhal API may change.\n');
  await vault.write('notes/Beta Launch.md', '# Beta Launch\n\nLaunch checklist for the beta.\n');
  other = await createTempVault({ 'ideas.md': '# Ideas\n\nA narwhal plush toy for the team.\n' });
  outside = await createTempVault({ 'secret.md': '# Secret\n\nnot yours\n' });
  await symlink(join(outside.root, 'secret.md'), join(vault.root, 'escape.md'));
  // Same folder name as the first vault: the second gets a suffixed name.
  vaults = new VaultSet([await context(vault.root, 'vault'), await context(other.root, 'vault-2')]);
  for (const ctx of vaults.vaults) await ctx.sync();
  const { server } = createServer({ vaults });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientTransport);
});

afterAll(async () => {
  await client?.close();
  await vaults?.close();
  await Promise.all([vault?.remove(), other?.remove(), outside?.remove()]);
});

describe('MCP note tools', () => {
  it('lists the contract tools with schemas and annotations', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const name of ['search_notes', 'read_note', 'list_notes', 'write_note', 'append_to_note', 'index_status']) {
      expect(byName.get(name)?.outputSchema, name).toBeDefined();
      expect(byName.get(name)?.description, name).toBeTruthy();
    }
    expect(byName.get('search_notes')!.annotations?.readOnlyHint).toBe(true);
    expect(byName.get('write_note')!.annotations?.destructiveHint).toBe(true);
  });

  it('searches every vault, and one vault when named', async () => {
    const all = await call('search_notes', { query: 'narwhal' });
    const vaultsHit = new Set(all.structuredContent.results.map((hit: { vault: string }) => hit.vault));
    expect(vaultsHit).toEqual(new Set(['vault', 'vault-2']));
    const first = all.structuredContent.results.find((hit: { vault: string }) => hit.vault === 'vault');
    expect(first).toMatchObject({ path: 'projects/alpha.md', title: 'Alpha' });
    expect(first.startLine).toBeGreaterThanOrEqual(7);
    expect(all.content[0]!.text).toContain('projects/alpha.md');

    const onlyOther = await call('search_notes', { query: 'narwhal', vault: 'vault-2' });
    expect(onlyOther.structuredContent.results.map((hit: { path: string }) => hit.path)).toEqual(['ideas.md']);
    const filtered = await call('search_notes', { query: 'narwhal', tags: ['project'], fields: { status: 'active' } });
    expect(filtered.structuredContent.results[0].path).toBe('projects/alpha.md');
    expect(filtered.structuredContent.results.every((hit: { tags: string[] }) => hit.tags.includes('project'))).toBe(true);
  });

  it('reads by path, by wikilink name and by line range', async () => {
    const whole = await call('read_note', { path: 'projects/alpha' });
    expect(whole.structuredContent.content).toBe(await readFile(join(vault.root, 'projects/alpha.md'), 'utf8'));
    const byName = await call('read_note', { name: 'beta launch' });
    expect(byName.structuredContent.path).toBe('notes/Beta Launch.md');
    const lines = await call('read_note', { path: 'projects/alpha.md', startLine: 7, endLine: 9 });
    expect(lines.structuredContent.content).toBe('## Plan\n\nShip the narwhal tracker.\n');
    expect(lines.structuredContent.hash).toBe(whole.structuredContent.hash);
  });

  it('cuts a huge note at a line boundary and says where to read on', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i + 1} of a very long meeting transcript`);
    await vault.write('logs/huge.md', `${lines.join('\n')}\n`);
    const first = await call('read_note', { path: 'logs/huge.md' });
    expect(first.structuredContent.truncated).toBe(true);
    expect(first.structuredContent.content.length).toBeLessThanOrEqual(100_000);
    expect(first.structuredContent.totalLines).toBe(20_000);
    const next = first.structuredContent.endLine + 1;
    expect(first.content[0]!.text).toContain(`startLine ${next}`);
    const rest = await call('read_note', { path: 'logs/huge.md', startLine: next, endLine: next });
    expect(rest.structuredContent.content).toBe(`line ${next} of a very long meeting transcript\n`);
  });

  it('refuses paths outside the vault with a clear error', async () => {
    for (const path of ['../outside.md', '/etc/passwd', '..%2F..%2Fetc%2Fpasswd', 'escape.md']) {
      const result = await call('read_note', { path });
      expect(result.isError, path).toBe(true);
      expect(result.content[0]!.text, path).toMatch(/outside|not allowed|invalid|vault/i);
    }
    const write = await call('write_note', { path: '../evil.md', content: 'x' });
    expect(write.isError).toBe(true);
  });

  it('creates, replaces with the expected hash, and refuses a stale hash without touching the note', async () => {
    const created = await call('write_note', { path: 'inbox/new.md', content: '# New\n\nfirst draft about a quetzal\n' });
    expect(created.structuredContent).toMatchObject({ path: 'inbox/new.md', created: true });
    const found = await call('search_notes', { query: 'quetzal' });
    expect(found.structuredContent.results[0].path).toBe('inbox/new.md');

    const replaced = await call('write_note', { path: 'inbox/new.md', content: '# New\n\nsecond draft\n', expectedHash: created.structuredContent.hash });
    expect(replaced.structuredContent.created).toBe(false);

    // A human edits the note in Obsidian; the agent's hash is now stale.
    await vault.write('inbox/new.md', '# New\n\nthe human rewrote this\n');
    const stale = await call('write_note', { path: 'inbox/new.md', content: 'agent overwrite', expectedHash: replaced.structuredContent.hash });
    expect(stale.isError).toBe(true);
    expect(stale.content[0]!.text).toMatch(/changed since you read it/);
    expect(await readFile(join(vault.root, 'inbox/new.md'), 'utf8')).toBe('# New\n\nthe human rewrote this\n');

    const withoutHash = await call('write_note', { path: 'inbox/new.md', content: 'blind overwrite' });
    expect(withoutHash.isError).toBe(true);
    expect(withoutHash.content[0]!.text).toMatch(/expectedHash/);
  });

  it('appends under a heading and the text becomes searchable', async () => {
    const result = await call('append_to_note', { path: 'projects/alpha.md', heading: 'Plan', text: 'Add a capybara dashboard.' });
    expect(result.isError).toBeFalsy();
    const text = await readFile(join(vault.root, 'projects/alpha.md'), 'utf8');
    expect(text.indexOf('capybara')).toBeLessThan(text.indexOf('## Risks'));
    const found = await call('search_notes', { query: 'capybara dashboard' });
    expect(found.structuredContent.results[0]).toMatchObject({ path: 'projects/alpha.md', heading: 'Alpha > Plan' });
  });

  it('lists notes by folder and tag, and reports index status', async () => {
    const listed = await call('list_notes', { tag: 'project' });
    expect(listed.structuredContent.notes.map((note: { path: string }) => note.path)).toContain('projects/alpha.md');
    const inFolder = await call('list_notes', { folder: 'specs', vault: 'vault' });
    expect(inFolder.structuredContent.notes.length).toBeGreaterThan(0);
    expect(inFolder.structuredContent.notes.every((note: { path: string }) => note.path.startsWith('specs/'))).toBe(true);

    const status = await call('index_status', { vault: 'vault' });
    // The symlink that leaves the vault is the one error, and it says why.
    expect(status.structuredContent.vaults[0]).toMatchObject({ vault: 'vault', errors: 1 });
    expect(status.structuredContent.files).toContainEqual(expect.objectContaining({ path: 'escape.md', state: 'error' }));
    expect(status.structuredContent.vaults[0].indexed).toBeGreaterThan(3);
    const one = await call('index_status', { path: 'projects/alpha.md' });
    expect(one.structuredContent.files[0]).toMatchObject({ path: 'projects/alpha.md', state: 'indexed' });
  });

  it('lists Spec-Kit tasks by feature, phase, story and status', async () => {
    const all = await call('list_tasks', { feature: '001-example' });
    const byId = new Map(all.structuredContent.tasks.map((task: { id: string }) => [task.id, task]));
    expect(byId.get('T002a')).toMatchObject({ done: true, parallel: true, phase: 1, feature: '001-example', line: 26 });
    expect(byId.get('T005')).toMatchObject({ done: false, dependsOn: ['T003', 'T004'] });
    const done = await call('list_tasks', { feature: '001-example', status: 'done' });
    expect(done.structuredContent.tasks.map((task: { id: string }) => task.id)).toEqual(['T001', 'T002', 'T002a']);
    const story = await call('list_tasks', { story: 'us2', phase: 4 });
    expect(story.structuredContent.tasks.length).toBeGreaterThan(0);
    expect(story.structuredContent.tasks.every((task: { story: string; phase: number }) => task.story === 'US2' && task.phase === 4)).toBe(true);
    const none = await call('list_tasks', { feature: '999-missing' });
    expect(none.structuredContent.tasks).toEqual([]);
    // It says the feature is not there and which ones are, for a model and for the plugin's block.
    expect(none.structuredContent.missing).toMatch(/There is no feature 999-missing \(features in this vault: 001-example\b/);
    expect(none.content[0]!.text).toContain(none.structuredContent.missing);
    const noMatch = await call('list_tasks', { feature: '001-example', phase: 99 });
    expect(noMatch.structuredContent).toEqual({ tasks: [], total: 0 });
  });

  it('checks a task and adds a note under it, changing no other byte of tasks.md', async () => {
    const path = join(vault.root, 'specs/001-example/tasks.md');
    const before = await readFile(path, 'utf8');
    const checked = await call('update_task', { feature: '001-example', taskId: 'T005', done: true, note: 'done by the agent' });
    expect(checked.isError, checked.content[0]?.text).toBeFalsy();
    expect(checked.structuredContent).toMatchObject({ changed: true, task: { id: 'T005', done: true } });
    const after = await readFile(path, 'utf8');
    const beforeLines = before.split('\n');
    const afterLines = after.split('\n');
    const taskLine = checked.structuredContent.task.line;
    expect(afterLines[taskLine - 1]).toBe(beforeLines[taskLine - 1]!.replace('- [ ] T005', '- [x] T005'));
    expect(afterLines[taskLine]).toBe('  - done by the agent');
    expect([...afterLines.slice(0, taskLine - 1), ...afterLines.slice(taskLine + 1)]).toEqual([
      ...beforeLines.slice(0, taskLine - 1),
      ...beforeLines.slice(taskLine),
    ]);
    const listed = await call('list_tasks', { feature: '001-example', status: 'done' });
    expect(listed.structuredContent.tasks.map((task: { id: string }) => task.id)).toContain('T005');

    const unknown = await call('update_task', { feature: '001-example', taskId: 'T999', done: true });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]!.text).toMatch(/T999/);
    expect(await readFile(path, 'utf8')).toBe(after);
  });

  it('serves every note as a vault:// resource', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toContain('vault://projects/alpha.md');
    expect(resources.map((resource) => resource.uri)).toContain('vault://ideas.md?vault=vault-2');
    const read = await client.readResource({ uri: 'vault://notes/Beta%20Launch.md' });
    expect((read.contents[0] as { text: string }).text).toContain('Launch checklist');
  });
});
