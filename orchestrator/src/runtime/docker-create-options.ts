import type Docker from 'dockerode';
import type { ContainerSpec } from './container-runtime';
import { toEnvList } from './run-spec';

// Our ContainerSpec as the body of Docker's POST /containers/create. Pure, so the translation
// (limits, restart policy, security defaults) is tested without an engine.

export const NANO_CPUS_PER_CORE = 1e9;

export function toCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const hostConfig: Docker.HostConfig = {
    // The orchestrator decides what happens after an exit (TTL, eviction), never the engine.
    RestartPolicy: { Name: 'no' },
    NetworkMode: spec.hostNetwork ? 'host' : (spec.network ?? 'bridge'),
    Privileged: spec.privileged === true,
    // A process inside cannot gain privileges its parent did not have (setuid binaries).
    SecurityOpt: spec.privileged ? [] : ['no-new-privileges'],
  };
  if (spec.cpu !== undefined) hostConfig.NanoCpus = Math.round(spec.cpu * NANO_CPUS_PER_CORE);
  if (spec.memoryBytes !== undefined) {
    hostConfig.Memory = spec.memoryBytes;
    // Same as Memory: no swap on top of the limit, so the limit is what the scheduler reserved.
    hostConfig.MemorySwap = spec.memoryBytes;
  }
  if (spec.gpus !== undefined && spec.gpus > 0) {
    hostConfig.DeviceRequests = [{ Driver: 'nvidia', Count: spec.gpus, Capabilities: [['gpu']] }];
  }
  if (spec.capAdd !== undefined && spec.capAdd.length > 0) hostConfig.CapAdd = [...spec.capAdd];
  if (spec.mounts !== undefined && spec.mounts.length > 0) {
    hostConfig.Binds = spec.mounts.map((m) => `${m.hostPath}:${m.containerPath}${m.readOnly ? ':ro' : ''}`);
  }

  const options: Docker.ContainerCreateOptions = {
    name: spec.name,
    Image: spec.image,
    Env: toEnvList(spec.env),
    Labels: { ...spec.labels },
    // Never a TTY: logs stay multiplexed, so stdout and stderr can be told apart.
    Tty: false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    HostConfig: hostConfig,
  };
  if (spec.command !== undefined) options.Cmd = [...spec.command];
  if (spec.workingDir !== undefined) options.WorkingDir = spec.workingDir;
  // Other containers on the network reach this one by its name.
  if (!spec.hostNetwork && spec.network !== undefined) {
    options.NetworkingConfig = { EndpointsConfig: { [spec.network]: { Aliases: [spec.name] } } };
  }
  return options;
}

/** Docker's label filter: ['key=value', 'key'] for "has this value" and "has this label". */
export function labelFilter(labels: Readonly<Record<string, string | true>>): string[] {
  return Object.entries(labels).map(([key, value]) => (value === true ? key : `${key}=${value}`));
}
