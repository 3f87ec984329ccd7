import { InvalidRunSpecError } from '../errors';
import type { ContainerSpec, RunSpec } from './container-runtime';

// Same rules as the Docker CLI, checked before anything reaches the engine so a bad spec gets
// a sentence about the spec rather than an engine error about a half-created container.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

// Docker cannot enforce less than 0.01 CPU: the CFS quota has a 1 ms floor per 100 ms period.
export const MIN_CPU = 0.01;
// Docker refuses memory limits under 6 MiB.
export const MIN_MEMORY_BYTES = 6 * 1024 * 1024;

export function assertValidRunSpec(spec: RunSpec): void {
  assertImageAndCommand(spec.image, spec.command);
  assertEnvAndName(spec.env, spec.name);
}

export function assertValidContainerSpec(spec: ContainerSpec): void {
  assertImageAndCommand(spec.image, spec.command);
  assertEnvAndName(spec.env, spec.name);
  if (spec.cpu !== undefined && !(Number.isFinite(spec.cpu) && spec.cpu >= MIN_CPU)) {
    throw new InvalidRunSpecError(`cpu ${spec.cpu} is not a number of cores of at least ${MIN_CPU} (Docker's minimum); use e.g. 0.5 or 2`);
  }
  if (spec.memoryBytes !== undefined && !(Number.isSafeInteger(spec.memoryBytes) && spec.memoryBytes >= MIN_MEMORY_BYTES)) {
    throw new InvalidRunSpecError(`memory ${spec.memoryBytes} bytes is not a whole number of at least 6 MiB (Docker's minimum)`);
  }
  if (spec.gpus !== undefined && !(Number.isSafeInteger(spec.gpus) && spec.gpus >= 0)) {
    throw new InvalidRunSpecError(`gpus ${spec.gpus} is not a whole number of GPUs (0 or more)`);
  }
  if (spec.workingDir !== undefined && !spec.workingDir.startsWith('/')) {
    throw new InvalidRunSpecError(`working directory '${spec.workingDir}' must be an absolute path inside the container`);
  }
  for (const mount of spec.mounts ?? []) {
    if (!mount.hostPath.startsWith('/') || !mount.containerPath.startsWith('/')) {
      throw new InvalidRunSpecError(`mount '${mount.hostPath}:${mount.containerPath}' needs absolute paths on both sides`);
    }
  }
}

function assertImageAndCommand(image: string, command: readonly string[] | undefined): void {
  if (image.trim() === '') {
    throw new InvalidRunSpecError('image is empty; name an image such as busybox:latest');
  }
  if (command !== undefined && command.length === 0) {
    throw new InvalidRunSpecError(
      `command is empty; give the program and its arguments, e.g. ["sh", "-c", "echo hi"]`,
    );
  }
}

function assertEnvAndName(env: Readonly<Record<string, string>> | undefined, containerName: string | undefined): void {
  for (const name of Object.keys(env ?? {})) {
    if (!ENV_NAME.test(name)) {
      throw new InvalidRunSpecError(
        `environment variable name '${name}' is not valid; use letters, digits and _ and do not start with a digit`,
      );
    }
  }
  if (containerName !== undefined && !CONTAINER_NAME.test(containerName)) {
    throw new InvalidRunSpecError(
      `container name '${containerName}' is not valid; use letters, digits, '_', '.' and '-', starting with a letter or digit`,
    );
  }
}

/** Docker wants KEY=value strings. */
export function toEnvList(env: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(env ?? {}).map(([name, value]) => `${name}=${value}`);
}
