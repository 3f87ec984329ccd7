// Raw HTTP requests against `vaultplane serve`: missing, wrong and misplaced tokens, foreign
// Origin and Host headers (DNS rebinding), bodies that are huge, deeply nested, not UTF-8 or not
// JSON, and ids and feature names that try to leave their folder. Sent byte for byte with
// node:http, so nothing a client library would clean up is cleaned up.
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

export interface HttpContext {
  port: number;
  admin: string;
  /** Policy token: read only. */
  reader: string;
  /** Policy token: read and schedule in team-a only. */
  teamA: string;
  /** A pod of this run that keeps running while the cases run. */
  livePod: string;
  /** A workload token the server really issued, for a pod that still runs. */
  workloadToken: string;
  /** A workload token for a pod that was evicted since. */
  expiredWorkloadToken: string;
  /** A well-formed workload token signed with the wrong key. */
  forgedWorkloadToken: string;
  /** An MCP session the admin opened, for requests that need one. */
  mcpSession: string;
}

export type { RawHttpRequest as RawRequest } from '../support/raw-http';
import type { RawHttpRequest as RawRequest } from '../support/raw-http';

export interface HttpCase {
  name: string;
  request: (ctx: HttpContext) => RawRequest;
  status: number;
  error: RegExp;
}

const json = { 'content-type': 'application/json' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const MCP_ACCEPT = { accept: 'application/json, text/event-stream' };
const VALID_SPEC = { name: 'hx-never', image: 'vaultplane/busybox:test', command: ['sleep', '300'], cpu: 0.1, memoryMb: 32 };

const MISSING_TOKEN = /Missing bearer token/;
const WRONG_TOKEN = /Invalid bearer token/;
const HOST = /is not allowed \(DNS-rebinding protection\)/;
const ORIGIN = /may not call this server \(DNS-rebinding and cross-site protection\)/;
const TOO_LARGE = /larger than 4194304 bytes/;
const NOT_UTF8 = /The body is not valid UTF-8/;
const WORKLOAD_ON_API = /A workload token opens \/mcp only/;

const get = (path: string, headers: Record<string, string>): RawRequest => ({ method: 'GET', path, headers });
const post = (path: string, headers: Record<string, string>, body: Buffer | string): RawRequest => ({ method: 'POST', path, headers: { ...json, ...headers }, body });
const row = (name: string, request: (ctx: HttpContext) => RawRequest, status: number, error: RegExp): HttpCase => ({ name, request, status, error });

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'hostile', version: '1' } },
});
const mcpCall = (id: number, name: string, args: unknown) => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
const inSession = (ctx: HttpContext) => ({ ...bearer(ctx.admin), ...MCP_ACCEPT, 'mcp-session-id': ctx.mcpSession, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION });

/** `[[[…]]]` nested `depth` deep: tiny on the wire, a stack overflow for any recursive walker. */
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** A JSON body whose name field holds bytes that are not UTF-8. */
const badUtf8Body = (prefix: string, suffix: string) => Buffer.concat([Buffer.from(prefix), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xc0, 0xaf]), Buffer.from(suffix)]);
const FIVE_MB = 5 * 1024 * 1024;

export const AUTH_CASES: readonly HttpCase[] = [
  row('no token on GET /pods', () => get('/pods', {}), 401, MISSING_TOKEN),
  row('no token on POST /schedule', () => post('/schedule', {}, JSON.stringify(VALID_SPEC)), 401, MISSING_TOKEN),
  row('no token on POST /evict', () => post('/evict', {}, '{"id":"x"}'), 401, MISSING_TOKEN),
  row('no token on POST /task-update', () => post('/task-update', {}, '{"feature":"001-demo","taskId":"T001","done":true}'), 401, MISSING_TOKEN),
  row('no token on GET /events', () => get('/events', {}), 401, MISSING_TOKEN),
  row('no token on the log stream', () => get('/pods/x/logs', {}), 401, MISSING_TOKEN),
  row('no token on /mcp', () => post('/mcp', MCP_ACCEPT, initialize), 401, MISSING_TOKEN),
  row('empty Bearer', () => get('/pods', { authorization: 'Bearer ' }), 401, MISSING_TOKEN),
  row('Basic credentials', (ctx) => get('/pods', { authorization: `Basic ${Buffer.from(`admin:${ctx.admin}`).toString('base64')}` }), 401, MISSING_TOKEN),
  row('token without the Bearer scheme', (ctx) => get('/pods', { authorization: ctx.admin }), 401, MISSING_TOKEN),
  row('token in the query string', (ctx) => get(`/pods?access_token=${ctx.admin}`, {}), 401, MISSING_TOKEN),
  row('token plus a second word', (ctx) => get('/pods', { authorization: `Bearer ${ctx.admin} extra` }), 401, MISSING_TOKEN),
  row('wrong token', () => get('/pods', bearer('not-the-token-0123456789')), 401, WRONG_TOKEN),
  row('token with one character more', (ctx) => get('/pods', bearer(`${ctx.admin}x`)), 401, WRONG_TOKEN),
  row('token missing its last character', (ctx) => get('/pods', bearer(ctx.admin.slice(0, -1))), 401, WRONG_TOKEN),
  row('token in upper case', (ctx) => get('/pods', bearer(ctx.admin.toUpperCase())), 401, WRONG_TOKEN),
  row('wrong token on /mcp', () => post('/mcp', { ...bearer('not-the-token-0123456789'), ...MCP_ACCEPT }, initialize), 401, WRONG_TOKEN),
  row('read-only policy token schedules', (ctx) => post('/schedule', bearer(ctx.reader), JSON.stringify(VALID_SPEC)), 403, /token 'reader' may not schedule/),
  row('read-only policy token evicts a running pod', (ctx) => post('/evict', bearer(ctx.reader), JSON.stringify({ id: ctx.livePod })), 403, /token 'reader' may not evict/),
  row('team-a token schedules in default', (ctx) => post('/schedule', bearer(ctx.teamA), JSON.stringify(VALID_SPEC)), 403, /may not act in namespace 'default'/),
  row('team-a token updates a task', (ctx) => post('/task-update', bearer(ctx.teamA), '{"feature":"001-demo","taskId":"T001","done":true}'), 403, /may not task-update/),
  row('policy token on /mcp', (ctx) => post('/mcp', { ...bearer(ctx.reader), ...MCP_ACCEPT }, initialize), 401, /policy token opens the orchestrator API only/),
  row('workload token on GET /pods', (ctx) => get('/pods', bearer(ctx.workloadToken)), 401, WORKLOAD_ON_API),
  row('workload token on POST /schedule', (ctx) => post('/schedule', bearer(ctx.workloadToken), JSON.stringify(VALID_SPEC)), 401, WORKLOAD_ON_API),
  row('workload token on POST /evict', (ctx) => post('/evict', bearer(ctx.workloadToken), '{"id":"x"}'), 401, WORKLOAD_ON_API),
  row('forged workload token on /mcp', (ctx) => post('/mcp', { ...bearer(ctx.forgedWorkloadToken), ...MCP_ACCEPT }, initialize), 401, WRONG_TOKEN),
  row('expired workload token (pod evicted) on /mcp', (ctx) => post('/mcp', { ...bearer(ctx.expiredWorkloadToken), ...MCP_ACCEPT }, initialize), 401, /pod '.*', which no longer runs/),
];

export const ORIGIN_HOST_CASES: readonly HttpCase[] = [
  row('foreign Host on /health', (ctx) => get('/health', { host: `evil.example:${ctx.port}` }), 403, HOST),
  row('foreign Host on /mcp with the token', (ctx) => post('/mcp', { host: `evil.example:${ctx.port}`, ...bearer(ctx.admin), ...MCP_ACCEPT }, initialize), 403, HOST),
  row('foreign Host on /pods with the token', (ctx) => get('/pods', { host: `evil.example:${ctx.port}`, ...bearer(ctx.admin) }), 403, HOST),
  row('rebinding name that embeds 127.0.0.1', (ctx) => get('/pods', { host: `127.0.0.1.nip.io:${ctx.port}`, ...bearer(ctx.admin) }), 403, HOST),
  row('localhost on another port', (ctx) => get('/pods', { host: `localhost:${ctx.port + 1}`, ...bearer(ctx.admin) }), 403, HOST),
  row('loopback without a port', (ctx) => get('/pods', { host: '127.0.0.1', ...bearer(ctx.admin) }), 403, HOST),
  row('Host with user info', (ctx) => get('/pods', { host: `evil@127.0.0.1:${ctx.port}`, ...bearer(ctx.admin) }), 403, HOST),
  row('Host with two ports', (ctx) => get('/pods', { host: `127.0.0.1:${ctx.port}:80`, ...bearer(ctx.admin) }), 403, HOST),
  row('empty Host', (ctx) => get('/pods', { host: '', ...bearer(ctx.admin) }), 403, HOST),
  row('decimal IP for 127.0.0.1', (ctx) => get('/pods', { host: `2130706433:${ctx.port}`, ...bearer(ctx.admin) }), 403, HOST),
  row('0.0.0.0 as Host', (ctx) => get('/pods', { host: `0.0.0.0:${ctx.port}`, ...bearer(ctx.admin) }), 403, HOST),
  row('foreign Origin on /mcp with the token', (ctx) => post('/mcp', { origin: 'https://evil.example', ...bearer(ctx.admin), ...MCP_ACCEPT }, initialize), 403, ORIGIN),
  row('foreign Origin on POST /schedule', (ctx) => post('/schedule', { origin: 'https://evil.example', ...bearer(ctx.admin) }, JSON.stringify(VALID_SPEC)), 403, ORIGIN),
  row('foreign Origin on GET /events', (ctx) => get('/events', { origin: 'http://evil.example', ...bearer(ctx.admin) }), 403, ORIGIN),
  row('Origin null (sandboxed iframe, file page)', (ctx) => get('/pods', { origin: 'null', ...bearer(ctx.admin) }), 403, ORIGIN),
  row('Origin of another localhost port', (ctx) => get('/pods', { origin: `http://localhost:${ctx.port + 1}`, ...bearer(ctx.admin) }), 403, ORIGIN),
  row('Origin that starts like ours', (ctx) => get('/pods', { origin: `http://127.0.0.1:${ctx.port}.evil.example`, ...bearer(ctx.admin) }), 403, ORIGIN),
  row('Origin with user info', (ctx) => get('/pods', { origin: `http://127.0.0.1:${ctx.port}@evil.example`, ...bearer(ctx.admin) }), 403, ORIGIN),
  row('Obsidian look-alike Origin', (ctx) => get('/pods', { origin: 'app://obsidian.md.evil.example', ...bearer(ctx.admin) }), 403, ORIGIN),
  row('file Origin', (ctx) => get('/pods', { origin: 'file://', ...bearer(ctx.admin) }), 403, ORIGIN),
  row('foreign Origin preflight', () => ({ method: 'OPTIONS', path: '/mcp', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }), 403, ORIGIN),
];

export const BODY_CASES: readonly HttpCase[] = [
  row('5 MB schedule body', (ctx) => post('/schedule', bearer(ctx.admin), JSON.stringify({ ...VALID_SPEC, env: { PAD: 'x'.repeat(FIVE_MB) } })), 413, TOO_LARGE),
  row('5 MB task-update body', (ctx) => post('/task-update', bearer(ctx.admin), JSON.stringify({ feature: '001-demo', taskId: 'T001', note: 'x'.repeat(FIVE_MB) })), 413, TOO_LARGE),
  row('5 MB MCP message', (ctx) => post('/mcp', inSession(ctx), mcpCall(2, 'write_note', { path: 'notes/huge.md', content: 'x'.repeat(FIVE_MB) })), 413, TOO_LARGE),
  row('5 MB body announced by Content-Length only', (ctx) => ({ ...post('/schedule', { ...bearer(ctx.admin), 'content-length': String(FIVE_MB) }, '{}') }), 413, TOO_LARGE),
  row('200,000-deep array as a spec', (ctx) => post('/schedule', bearer(ctx.admin), deepArray(200_000)), 400, /Invalid request/),
  row('200,000-deep object as a spec', (ctx) => post('/schedule', bearer(ctx.admin), deepObject(200_000)), 400, /Invalid request/),
  row('deep nesting inside a spec field', (ctx) => post('/schedule', bearer(ctx.admin), `{"name":"hx-deep","image":"vaultplane/busybox:test","env":${deepObject(200_000)}}`), 400, /Invalid request: .*env/s),
  row('deep nesting as a task update', (ctx) => post('/task-update', bearer(ctx.admin), deepObject(200_000)), 400, /body:/),
  row('deep nesting as MCP tool arguments', (ctx) => post('/mcp', inSession(ctx), mcpCall(3, 'write_note', JSON.parse(`{"path":"notes/deep.md","content":${deepArray(2_000)}}`))), 200, /Input validation error: .*content/s),
  row('deep nesting as an MCP message', (ctx) => post('/mcp', inSession(ctx), deepArray(200_000)), 400, /Parse error: Invalid JSON-RPC message/),
  row('invalid UTF-8 in a spec', (ctx) => post('/schedule', bearer(ctx.admin), badUtf8Body('{"name":"hx-', '","image":"vaultplane/busybox:test"}')), 400, NOT_UTF8),
  row('invalid UTF-8 in a task note', (ctx) => post('/task-update', bearer(ctx.admin), badUtf8Body('{"feature":"001-demo","taskId":"T001","note":"', '"}')), 400, NOT_UTF8),
  row('invalid UTF-8 in an MCP write', (ctx) => post('/mcp', inSession(ctx), badUtf8Body(mcpCall(4, 'write_note', { path: 'notes/bad-utf8.md', content: 'X' }).replace('"X"', '"'), '"}}}')), 400, NOT_UTF8),
  row('UTF-16 body', (ctx) => post('/schedule', bearer(ctx.admin), Buffer.from(`\ufeff${JSON.stringify(VALID_SPEC)}`, 'utf16le')), 400, NOT_UTF8),
  row('not JSON', (ctx) => post('/schedule', bearer(ctx.admin), 'name=hx&image=busybox'), 400, /not valid JSON/),
  row('truncated JSON', (ctx) => post('/schedule', bearer(ctx.admin), '{"name":"hx-'), 400, /not valid JSON/),
  row('JSON with a NUL byte', (ctx) => post('/schedule', bearer(ctx.admin), '{"name":"hx\u0000","image":"vaultplane/busybox:test"}'), 400, /not valid JSON/),
  row('escaped NUL in the name', (ctx) => post('/schedule', bearer(ctx.admin), '{"name":"hx\\u0000x","image":"vaultplane/busybox:test"}'), 400, /Invalid request: .*name/s),
  row('cpu of 1e309 (Infinity after parsing)', (ctx) => post('/schedule', bearer(ctx.admin), '{"name":"hx-inf","image":"vaultplane/busybox:test","cpu":1e309}'), 400, /Invalid request: .*cpu/s),
  row('a JSON array instead of a spec', (ctx) => post('/schedule', bearer(ctx.admin), '[]'), 400, /Invalid request/),
  row('a JSON string instead of a spec', (ctx) => post('/schedule', bearer(ctx.admin), '"privileged"'), 400, /Invalid request/),
  row('__proto__ in a spec', (ctx) => post('/schedule', bearer(ctx.admin), '{"name":"hx-proto","image":"vaultplane/busybox:test","__proto__":{"privileged":true}}'), 400, /Invalid request: .*__proto__/s),
  row('form content type', (ctx) => ({ ...post('/schedule', bearer(ctx.admin), JSON.stringify(VALID_SPEC)), headers: { ...bearer(ctx.admin), 'content-type': 'application/x-www-form-urlencoded' } }), 415, /send JSON/),
  row('MCP message that is not JSON', (ctx) => post('/mcp', inSession(ctx), '{"jsonrpc":"2.0",'), 400, /Parse error/),
];

export const ROUTE_INPUT_CASES: readonly HttpCase[] = [
  row('pod id with encoded dot-dot', (ctx) => get('/pods/..%2f..%2fetc%2fpasswd', bearer(ctx.admin)), 404, /No pod '\.\.\/\.\.\/etc\/passwd'/),
  row('pod id with an encoded NUL', (ctx) => get('/pods/hx%00x', bearer(ctx.admin)), 404, /No pod/),
  row('pod id that is a Docker name filter', (ctx) => get('/pods/%5E.*', bearer(ctx.admin)), 404, /No pod/),
  row('pod id of 10,000 characters', (ctx) => get(`/pods/${'a'.repeat(10_000)}`, bearer(ctx.admin)), 404, /No pod/),
  row('logs of a traversal id', (ctx) => get('/pods/..%2f..%2fvar%2frun%2fdocker.sock/logs', bearer(ctx.admin)), 404, /No pod/),
  row('logs with a negative tail', (ctx) => get('/pods/hx-none/logs?tail=-5', bearer(ctx.admin)), 400, /tail/),
  row('logs with a 1 GB limit', (ctx) => get('/pods/hx-none/logs?limitBytes=1000000000', bearer(ctx.admin)), 400, /limitBytes/),
  row('logs with an unknown option', (ctx) => get('/pods/hx-none/logs?details=true', bearer(ctx.admin)), 400, /details/),
  row('evict a traversal id', (ctx) => post('/evict', bearer(ctx.admin), '{"id":"../../outside"}'), 404, /No pod/),
  row('evict with no id', (ctx) => post('/evict', bearer(ctx.admin), '{}'), 400, /id/),
  row('evict with a grace period of a day', (ctx) => post('/evict', bearer(ctx.admin), '{"id":"x","graceSeconds":86400}'), 400, /graceSeconds/),
  row('pods filter with an unknown status', (ctx) => get('/pods?status=pwned', bearer(ctx.admin)), 400, /status/),
  row('task update: feature ../../outside', (ctx) => post('/task-update', bearer(ctx.admin), '{"feature":"../../outside","taskId":"T001","done":true}'), 400, /folder name under specs/),
  row('task update: feature ..', (ctx) => post('/task-update', bearer(ctx.admin), '{"feature":"..","taskId":"T001","done":true}'), 400, /not a Spec-Kit feature name/),
  row('task update: feature with a slash', (ctx) => post('/task-update', bearer(ctx.admin), '{"feature":"001-demo/../../outside","taskId":"T001","done":true}'), 400, /folder name under specs/),
  row('task update: absolute feature', (ctx) => post('/task-update', bearer(ctx.admin), JSON.stringify({ feature: '/etc', taskId: 'T001', done: true })), 400, /folder name under specs/),
  row('task update: encoded feature', (ctx) => post('/task-update', bearer(ctx.admin), '{"feature":"%2e%2e%2foutside","taskId":"T001","done":true}'), 400, /folder name under specs/),
  row('task update: feature with NUL', (ctx) => post('/task-update', bearer(ctx.admin), '{"feature":"001-demo\\u0000","taskId":"T001","done":true}'), 400, /folder name under specs/),
  row('task update: task id with a newline', (ctx) => post('/task-update', bearer(ctx.admin), '{"feature":"001-demo","taskId":"T001\\n- [x] T002","done":true}'), 400, /use a Spec-Kit task id/),
  row('task update: note with a newline', (ctx) => post('/task-update', bearer(ctx.admin), '{"feature":"001-demo","taskId":"T001","note":"ok\\n- [x] T002 forged"}'), 400, /note must be a single line/),
  row('task update: nothing to change', (ctx) => post('/task-update', bearer(ctx.admin), '{"feature":"001-demo","taskId":"T001"}'), 400, /give done, note or both/),
];
