import type Docker from 'dockerode';
import type { ContainerDetails, ContainerState, ContainerSummary } from './container-runtime';

// Docker's list and inspect answers as our own types. Pure.

const STATES: ReadonlySet<string> = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

export function toState(value: string | undefined): ContainerState {
  return value !== undefined && STATES.has(value) ? (value as ContainerState) : 'unknown';
}

export function summaryFromList(info: Docker.ContainerInfo): ContainerSummary {
  return {
    id: info.Id,
    name: (info.Names[0] ?? '').replace(/^\//, ''),
    image: info.Image,
    state: toState(info.State),
    labels: { ...info.Labels },
    createdAt: new Date(info.Created * 1000).toISOString(),
    exitCode: exitCodeFromStatus(info.Status),
  };
}

/** The list answer has no exit code field, but its Status text does: "Exited (137) 5 seconds ago". */
export function exitCodeFromStatus(status: string | undefined): number | undefined {
  const match = /^Exited \((-?\d+)\)/.exec(status ?? '');
  return match ? Number(match[1]) : undefined;
}

export function detailsFromInspect(info: Docker.ContainerInspectInfo): ContainerDetails {
  const state = info.State;
  const started = engineTime(state.StartedAt);
  const finished = engineTime(state.FinishedAt);
  const nanoCpus = info.HostConfig.NanoCpus;
  const memory = info.HostConfig.Memory;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    state: toState(state.Status),
    labels: { ...(info.Config.Labels ?? {}) },
    // Whole seconds, as the list answer has it: a pod must read the same from both, or its
    // createdAt changes between the schedule answer and every later list (and after a restart).
    createdAt: new Date(Math.floor(Date.parse(info.Created) / 1000) * 1000).toISOString(),
    exitCode: finished === undefined && state.Status !== 'exited' ? undefined : state.ExitCode,
    startedAt: started,
    finishedAt: finished,
    error: state.Error ? state.Error : undefined,
    oomKilled: state.OOMKilled === true,
    cpu: nanoCpus ? nanoCpus / 1e9 : undefined,
    memoryBytes: memory ? memory : undefined,
  };
}

/** ISO time, or undefined for "never", which Docker reports as the zero time 0001-01-01T00:00:00Z. */
function engineTime(value: string | undefined): string | undefined {
  return value && !value.startsWith('0001-') ? new Date(value).toISOString() : undefined;
}
