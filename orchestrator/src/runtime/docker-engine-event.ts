import type { ContainerEvent, ContainerEventAction } from './container-runtime';

// One decoded line of Docker's /events stream as a ContainerEvent. Pure. Events that do not
// change a container's lifecycle (exec_*, health_status, attach, …) are dropped.

const ACTIONS: ReadonlySet<string> = new Set<ContainerEventAction>([
  'create',
  'start',
  'die',
  'stop',
  'kill',
  'oom',
  'destroy',
  'pause',
  'unpause',
  'restart',
  'rename',
  'update',
]);
// Attributes the engine mixes into the labels.
const NON_LABEL_ATTRIBUTES = new Set(['name', 'image', 'exitCode', 'signal', 'oldName', 'execID', 'execDuration']);

interface RawEvent {
  Type?: unknown;
  Action?: unknown;
  status?: unknown;
  id?: unknown;
  Actor?: { ID?: unknown; Attributes?: Record<string, unknown> };
  time?: unknown;
  timeNano?: unknown;
}

export function parseEngineEvent(value: unknown): ContainerEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as RawEvent;
  if (raw.Type !== undefined && raw.Type !== 'container') return undefined;
  const action = typeof raw.Action === 'string' ? raw.Action : typeof raw.status === 'string' ? raw.status : undefined;
  if (action === undefined || !ACTIONS.has(action)) return undefined;
  const id = typeof raw.Actor?.ID === 'string' ? raw.Actor.ID : typeof raw.id === 'string' ? raw.id : undefined;
  if (id === undefined) return undefined;

  const attributes = raw.Actor?.Attributes ?? {};
  const labels: Record<string, string> = {};
  for (const [key, attribute] of Object.entries(attributes)) {
    if (!NON_LABEL_ATTRIBUTES.has(key) && typeof attribute === 'string') labels[key] = attribute;
  }
  const text = (key: string) => (typeof attributes[key] === 'string' ? (attributes[key] as string) : undefined);
  const exitCode = text('exitCode');
  return {
    action: action as ContainerEventAction,
    id,
    name: text('name'),
    image: text('image'),
    labels,
    exitCode: exitCode === undefined || !/^-?\d+$/.test(exitCode) ? undefined : Number(exitCode),
    time: eventTime(raw),
  };
}

function eventTime(raw: RawEvent): string {
  if (typeof raw.timeNano === 'number') return new Date(Math.floor(raw.timeNano / 1e6)).toISOString();
  if (typeof raw.time === 'number') return new Date(raw.time * 1000).toISOString();
  return new Date().toISOString();
}

/** Docker's `since` for logs and events: seconds with a fraction. */
export function toEngineTimestamp(date: Date): string {
  return (date.getTime() / 1000).toFixed(3);
}
