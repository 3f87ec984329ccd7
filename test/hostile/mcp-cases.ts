// Hostile tool calls and resource reads for the MCP surfaces (stdio and Streamable HTTP): every
// path row through every note operation that takes a path, note contents that are not text,
// frontmatter that does not parse, Spec-Kit names that leave specs/, pod ids that are paths, and
// the workload spec rows through schedule_workload.
import { DOT_DOT, PATH_CASES, type PathContext } from './path-cases';
import { SPEC_CASES, type SpecContext } from './workload-spec-cases';

export type McpTransportName = 'stdio' | 'http';

export interface McpContext extends PathContext, SpecContext {
  transport: McpTransportName;
  /** Labels every workload a case could start, so leftovers are found. */
  runLabels: Record<string, string>;
  /** Name prefix of this run's workloads. */
  namePrefix: string;
}

export type McpRequest = { kind: 'tool'; tool: string; args: Record<string, unknown> } | { kind: 'resource'; uri: string };

export interface McpCase {
  name: string;
  /** Default: both. */
  transports?: readonly McpTransportName[];
  request: (ctx: McpContext) => McpRequest;
  /** What the error must say. */
  error: RegExp;
}

const tool = (name: string, args: Record<string, unknown>): McpRequest => ({ kind: 'tool', tool: name, args });

const SIX_MB = 6 * 1024 * 1024;
const TOO_LARGE = /larger than 4194304 bytes/;

/** Every path row through each note operation it applies to. */
export const NOTE_PATH_CASES: readonly McpCase[] = PATH_CASES.flatMap((row): McpCase[] => {
  const cases: McpCase[] = [];
  if (row.uses.includes('read')) {
    cases.push(
      { name: `read_note: ${row.name}`, request: (ctx) => tool('read_note', { path: row.path(ctx) }), error: row.error },
      { name: `schedule_workload fromNote: ${row.name}`, request: (ctx) => tool('schedule_workload', { fromNote: row.path(ctx), labels: ctx.runLabels }), error: row.error },
    );
    // A URL parser drops newlines and tabs before anyone sees them, so those rows read an ordinary note.
    if (!/[\n\t]/.test(row.path({ outside: '/' }))) {
      cases.push({ name: `resource vault://: ${row.name}`, request: (ctx) => ({ kind: 'resource', uri: `vault://${row.path(ctx)}` }), error: resourceError(row.error) });
    }
  }
  if (row.uses.includes('write')) {
    cases.push(
      { name: `write_note: ${row.name}`, request: (ctx) => tool('write_note', { path: row.path(ctx), content: '# pwned\n' }), error: row.error },
      { name: `append_to_note: ${row.name}`, request: (ctx) => tool('append_to_note', { path: row.path(ctx), text: 'pwned' }), error: row.error },
    );
  }
  return cases;
});

/**
 * A resource URI is parsed as a URL before the note store sees it, and a URL parser folds some
 * spellings (`vault://../x` names a host '..'); whatever it makes of them, the read is refused
 * for the row's reason or finds no such note inside the vault.
 */
function resourceError(error: RegExp): RegExp {
  return new RegExp(`${error.source}|does not exist|is a folder, not a note|names the vault folder itself|${DOT_DOT.source}|not valid UTF-8|Invalid URL`);
}

export const NOTE_CONTENT_CASES: readonly McpCase[] = [
  { name: 'write_note: content with NUL', request: () => tool('write_note', { path: 'notes/nul.md', content: 'a\u0000b' }), error: /contains NUL characters/ },
  { name: 'append_to_note: text with NUL', request: () => tool('append_to_note', { path: 'notes/hello.md', text: '\u0000' }), error: /contains NUL characters/ },
  { name: 'write_note: content with a lone surrogate', request: () => tool('write_note', { path: 'notes/surrogate.md', content: 'broken \ud800 text' }), error: /not valid Unicode/ },
  { name: 'append_to_note: text with a lone low surrogate', request: () => tool('append_to_note', { path: 'notes/hello.md', text: 'broken \udfff' }), error: /not valid Unicode/ },
  { name: 'write_note: path with a lone surrogate', request: () => tool('write_note', { path: 'notes/\ud83d.md', content: '# x\n' }), error: /not valid Unicode/ },
  { name: 'read_note: path with a lone surrogate', request: () => tool('read_note', { path: 'notes/\udc00hello.md' }), error: /not valid Unicode/ },
  // Over stdio nothing caps a message, so the note store's 5 MB limit answers; over HTTP the 4 MB body cap does first.
  { name: 'write_note: 6 MB of content', transports: ['stdio'], request: () => tool('write_note', { path: 'notes/huge.md', content: 'x'.repeat(SIX_MB) }), error: /one write is limited to 5 MB/ },
  { name: 'append_to_note: 6 MB of text', transports: ['stdio'], request: () => tool('append_to_note', { path: 'notes/hello.md', text: 'y'.repeat(SIX_MB) }), error: /limited to 5 MB/ },
  { name: 'write_note: 6 MB of content', transports: ['http'], request: () => tool('write_note', { path: 'notes/huge.md', content: 'x'.repeat(SIX_MB) }), error: TOO_LARGE },
  { name: 'append_to_note: 6 MB of text', transports: ['http'], request: () => tool('append_to_note', { path: 'notes/hello.md', text: 'y'.repeat(SIX_MB) }), error: TOO_LARGE },
  { name: 'write_note: content that is not a string', request: () => tool('write_note', { path: 'notes/obj.md', content: { toString: 'x' } }), error: /Input validation error: .*content/s },
  { name: 'write_note: deeply nested content', request: () => tool('write_note', { path: 'notes/deep.md', content: nested(2_000) }), error: /Input validation error: .*content/s },
  { name: 'write_note: over a note without its hash', request: () => tool('write_note', { path: 'notes/hello.md', content: '# replaced\n' }), error: /already exists; to replace it, read it/ },
  { name: 'write_note: over a note with a made-up hash', request: () => tool('write_note', { path: 'notes/hello.md', content: '# replaced\n', expectedHash: 'f'.repeat(64) }), error: /changed since you read it/ },
  { name: 'write_note: a .json file', request: () => tool('write_note', { path: 'notes/config.json', content: '{}' }), error: /Only \.md notes can be written/ },
  { name: 'write_note: a shell script', request: () => tool('write_note', { path: 'hooks/post-commit.sh', content: 'rm -rf ~' }), error: /Only \.md notes can be written/ },
  { name: 'write_note: over a link to outside, with its hash', request: () => tool('write_note', { path: 'escape-note.md', content: '# pwned\n', expectedHash: 'a'.repeat(64) }), error: /symbolic link to '.*', which is outside the vault/ },
  { name: 'read_note: a binary file', request: () => tool('read_note', { path: 'binary.md' }), error: /binary file/ },
  { name: 'append_to_note: to a binary file', request: () => tool('append_to_note', { path: 'binary.md', text: 'more' }), error: /binary file/ },
  { name: 'read_note: a folder', request: () => tool('read_note', { path: 'notes' }), error: /is a folder, not a note/ },
  { name: 'read_note: end before start', request: () => tool('read_note', { path: 'notes/hello.md', startLine: 5, endLine: 2 }), error: /endLine \(2\) is before startLine \(5\)/ },
  { name: 'read_note: negative line', request: () => tool('read_note', { path: 'notes/hello.md', startLine: -1 }), error: /Input validation error: .*startLine/s },
  { name: 'read_note: wikilink name with traversal', request: () => tool('read_note', { name: '../outside/secret' }), error: /No note is named/ },
  { name: 'read_note: another vault', request: () => tool('read_note', { path: 'notes/hello.md', vault: '../outside' }), error: /Unknown vault '\.\.\/outside'/ },
  { name: 'list_notes: folder outside the vault', request: () => tool('list_notes', { folder: '../outside' }), error: DOT_DOT },
  { name: 'list_notes: absolute folder', request: (ctx) => tool('list_notes', { folder: ctx.outside }), error: /absolute path/ },
];

/** `[[…]]` as a value: the SDK and zod must refuse it without walking it to the bottom. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const BROKEN = /has broken frontmatter/;
export const FRONTMATTER_CASES: readonly McpCase[] = [
  ['unclosed-frontmatter', /broken frontmatter .*no closing '---' line/s],
  ['yaml-syntax-error', BROKEN],
  ['duplicate-keys', BROKEN],
  ['alias-bomb', BROKEN],
  ['deep-flow', /broken frontmatter|must be a mapping/],
  ['code-frontmatter', /no 'workload:' block/],
  ['scalar-workload', /must be a mapping/],
  ['list-workload', /must be a mapping/],
  ['no-workload', /no 'workload:' block/],
  ['privileged', /privileged containers are not allowed/],
  ['host-mount', /mounting host path \/ is not allowed/],
  ['negative-cpu', /Invalid request: .*cpu/s],
  ['unknown-image', /is not on the Docker engine/],
].map(([note, error]) => ({
  name: `schedule_workload fromNote: ${note as string}.md`,
  request: (ctx: McpContext) => tool('schedule_workload', { fromNote: `workloads/${note as string}.md`, labels: ctx.runLabels }),
  error: error as RegExp,
}));

const FEATURE = /not a Spec-Kit feature name/;
export const SPECKIT_CASES: readonly McpCase[] = [
  ...['../../outside', '..', '001-demo/../../outside', '%2e%2e%2foutside', '/etc', 'C:\\outside', '001-demo\u0000', '\uff0e\uff0e', '001-demo/..', 'escape-dir', ''].map(
    (feature): McpCase => ({ name: `update_task: feature ${JSON.stringify(feature)}`, request: () => tool('update_task', { feature, taskId: 'T001', done: true }), error: FEATURE }),
  ),
  { name: 'update_task: task id with a newline', request: () => tool('update_task', { feature: '001-demo', taskId: 'T001\n- [x] T002', done: true }), error: /is not a task id/ },
  { name: 'update_task: note with a newline', request: () => tool('update_task', { feature: '001-demo', taskId: 'T001', note: 'ok\n- [x] T002 forged' }), error: /note must be a single line/ },
  { name: 'update_task: line 0', request: () => tool('update_task', { feature: '001-demo', taskId: 'T001', done: true, line: 0 }), error: /Input validation error: .*line/s },
  { name: 'update_task: nothing to change', request: () => tool('update_task', { feature: '001-demo', taskId: 'T001' }), error: /Give done, note or both/ },
  { name: 'list_tasks: feature outside specs/', request: () => tool('list_tasks', { feature: '../../outside' }), error: FEATURE },
];

export const POD_ID_CASES: readonly McpCase[] = ['../../etc/passwd', '..%2f..%2fvar%2frun%2fdocker.sock', 'hx\u0000x', '^.*$', 'a'.repeat(10_000)].flatMap((id): McpCase[] => [
  { name: `pod_logs: id ${JSON.stringify(id.slice(0, 40))}`, request: () => tool('pod_logs', { id }), error: /No pod/ },
  { name: `evict_workload: id ${JSON.stringify(id.slice(0, 40))}`, request: () => tool('evict_workload', { id }), error: /No pod/ },
]);

/** The spec rows with the run's labels added (unless the row is about labels) and a unique name. */
export const SCHEDULE_CASES: readonly McpCase[] = SPEC_CASES.map((row, index) => ({
  name: `schedule_workload: ${row.name}`,
  request: (ctx: McpContext) => tool('schedule_workload', specWithDefaults(ctx, row.spec(ctx), index)),
  error: row.error.source.startsWith('Invalid request') ? new RegExp(`(Invalid request|Input validation error).*${row.error.source.split('.*').pop()}`, 's') : row.error,
}));

/** A valid spec of this run, with the row's fields laid over it (`undefined` deletes one). */
export function specWithDefaults(ctx: { image: string; runLabels: Record<string, string>; namePrefix: string }, overrides: Record<string, unknown>, index: number): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    name: `${ctx.namePrefix}-${index}`,
    image: ctx.image,
    command: ['sleep', '300'],
    cpu: 0.1,
    memoryMb: 32,
    labels: ctx.runLabels,
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete spec[key];
    else spec[key] = value;
  }
  return spec;
}

export const ALL_MCP_CASES: readonly McpCase[] = [...NOTE_PATH_CASES, ...NOTE_CONTENT_CASES, ...FRONTMATTER_CASES, ...SPECKIT_CASES, ...POD_ID_CASES, ...SCHEDULE_CASES];
