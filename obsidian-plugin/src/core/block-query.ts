import type { PodStatus } from '@vaultplane/orchestrator';
import { POD_STATUS_NAMES, isPodStatus } from './pod-status';

// The text inside a ```vaultplane-*``` block, typed by a person: `key: value` lines, `#` comments.
// Parsing returns a result the block can show, never throws (like dataview's parseQuery).

export type BlockKind = 'vaultplane-pods' | 'vaultplane-tasks' | 'vaultplane-logs';

export const BLOCK_KINDS: readonly BlockKind[] = ['vaultplane-pods', 'vaultplane-tasks', 'vaultplane-logs'];

export interface PodsQuery {
  /** Default: the settings' default namespace; '' (written `*` in a block) for every namespace. */
  namespace?: string;
  task?: string;
  status?: PodStatus;
}

export interface TasksQuery {
  feature: string;
  status?: 'open' | 'done';
  phase?: number;
}

export interface LogsQuery {
  /** A pod id, or a workload name (its newest pod is followed). */
  pod: string;
  /** Lines of history before following; default: the server's. */
  tail?: number;
}

export type QueryResult<T> = { ok: true; query: T } | { ok: false; error: string };

const FEATURE_PATTERN = /^[A-Za-z0-9._-]+$/;
const MAX_TAIL = 10_000;

export function parsePodsQuery(source: string): QueryResult<PodsQuery> {
  return withFields(source, 'vaultplane-pods', ['namespace', 'task', 'status'], undefined, (fields) => {
    const query: PodsQuery = {};
    if (fields.namespace !== undefined) query.namespace = fields.namespace === '*' ? '' : fields.namespace;
    if (fields.task !== undefined) query.task = fields.task;
    if (fields.status !== undefined) {
      if (!isPodStatus(fields.status)) return `status '${fields.status}' is not one of ${POD_STATUS_NAMES.join(', ')}`;
      query.status = fields.status;
    }
    return query;
  });
}

export function parseTasksQuery(source: string): QueryResult<TasksQuery> {
  return withFields(source, 'vaultplane-tasks', ['feature', 'status', 'phase'], 'feature', (fields) => {
    const { feature } = fields;
    if (feature === undefined) return 'give the feature, e.g. "feature: 001-example" (the folder name under specs/)';
    if (!FEATURE_PATTERN.test(feature)) return `feature '${feature}' is not a folder name under specs/ (letters, digits, ".", "_", "-"), e.g. 001-example`;
    const query: TasksQuery = { feature };
    if (fields.status !== undefined) {
      if (fields.status !== 'open' && fields.status !== 'done') return `status '${fields.status}' must be open or done`;
      query.status = fields.status;
    }
    if (fields.phase !== undefined) {
      const phase = wholeNumber(fields.phase);
      if (phase === undefined) return `phase '${fields.phase}' must be a whole number, as in "## Phase 3"`;
      query.phase = phase;
    }
    return query;
  });
}

export function parseLogsQuery(source: string): QueryResult<LogsQuery> {
  return withFields(source, 'vaultplane-logs', ['pod', 'tail'], 'pod', (fields) => {
    if (fields.pod === undefined) return 'give the pod id or workload name, e.g. "pod: test-runner"';
    const query: LogsQuery = { pod: fields.pod };
    if (fields.tail !== undefined) {
      const tail = wholeNumber(fields.tail);
      if (tail === undefined || tail > MAX_TAIL) return `tail '${fields.tail}' must be a whole number of lines from 0 to ${MAX_TAIL}`;
      query.tail = tail;
    }
    return query;
  });
}

/**
 * Reads `key: value` lines, refusing unknown and repeated keys. A block may be a single bare
 * value (e.g. just the feature), which goes to `bareKey`.
 */
function withFields<K extends string, T>(
  source: string,
  kind: BlockKind,
  keys: readonly K[],
  bareKey: K | undefined,
  build: (fields: Partial<Record<K, string>>) => T | string,
): QueryResult<T> {
  const fields: Partial<Record<K, string>> = {};
  const lines = source.split(/\r\n|\r|\n/);
  const meaningful = lines.map((text, index) => ({ text: text.trim(), number: index + 1 })).filter((line) => line.text !== '' && !line.text.startsWith('#'));
  const expected = keys.join(', ');
  for (const line of meaningful) {
    const colon = line.text.indexOf(':');
    if (colon === -1) {
      if (bareKey !== undefined && meaningful.length === 1) {
        fields[bareKey] = line.text;
        continue;
      }
      return { ok: false, error: `${kind} line ${line.number}: "${line.text}" is not "key: value"; keys are ${expected}` };
    }
    const key = line.text.slice(0, colon).trim().toLowerCase();
    const value = unquote(line.text.slice(colon + 1).trim());
    if (!(keys as readonly string[]).includes(key)) {
      return { ok: false, error: `${kind} line ${line.number}: unknown key '${key}'; keys are ${expected}` };
    }
    if (value === '') return { ok: false, error: `${kind} line ${line.number}: '${key}' has no value` };
    if (fields[key as K] !== undefined) return { ok: false, error: `${kind} line ${line.number}: '${key}' is given twice` };
    fields[key as K] = value;
  }
  const built = build(fields);
  return typeof built === 'string' ? { ok: false, error: `${kind}: ${built}` } : { ok: true, query: built };
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}

function wholeNumber(text: string): number | undefined {
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}
