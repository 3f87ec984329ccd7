import { InvalidRunSpecError } from '../errors';
import type { RunSpec } from './container-runtime';

// Same rules as the Docker CLI, checked before anything reaches the engine so a bad spec gets
// a sentence about the spec rather than an engine error about a half-created container.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function assertValidRunSpec(spec: RunSpec): void {
  if (spec.image.trim() === '') {
    throw new InvalidRunSpecError('image is empty; name an image such as busybox:latest');
  }
  if (spec.command.length === 0) {
    throw new InvalidRunSpecError(
      `command is empty; give the program and its arguments, e.g. ["sh", "-c", "echo hi"]`,
    );
  }
  for (const name of Object.keys(spec.env ?? {})) {
    if (!ENV_NAME.test(name)) {
      throw new InvalidRunSpecError(
        `environment variable name '${name}' is not valid; use letters, digits and _ and do not start with a digit`,
      );
    }
  }
  if (spec.name !== undefined && !CONTAINER_NAME.test(spec.name)) {
    throw new InvalidRunSpecError(
      `container name '${spec.name}' is not valid; use letters, digits, '_', '.' and '-', starting with a letter or digit`,
    );
  }
}

/** Docker wants KEY=value strings. */
export function toEnvList(env: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(env ?? {}).map(([name, value]) => `${name}=${value}`);
}
