import Docker from 'dockerode';
import { describeRequiring } from './requirement';

// Docker-backed tests run against the real engine. In CI (CI=true) a missing engine or test
// image is a failure, because .ci/run is supposed to provide both; on a developer machine the
// tests skip with a loud reason instead.
//
// This file talks to the engine with dockerode directly, not through the orchestrator, so
// tests can check what the orchestrator did (e.g. "no container left behind") independently.

/** Built locally by scripts/make-test-image.sh (no registry is reachable in CI). */
export const TEST_IMAGE = 'vaultplane/busybox:test';
/** Every container a test creates carries this label; its value identifies the test run. */
export const TEST_LABEL = 'vaultplane.test';
/** The container label of the pod label `run`, which every test pod carries. */
export const RUN_LABEL = 'vaultplane.label.run';

const PING_TIMEOUT_MS = 3_000;
const FIX_HINT =
  "Fix: run 'bash .ci/run' (as root; installs and starts Docker and builds the image), or start the engine " +
  "yourself ('dockerd > /tmp/dockerd.log 2>&1 &' as root) and run 'scripts/make-test-image.sh'.";

export type DockerAvailability = { available: true; endpoint: string; version: string } | { available: false; reason: string };

/** The engine the tests use: DOCKER_HOST when set, else /var/run/docker.sock, as DockerRuntime does. */
export function testDockerClient(): Docker {
  return process.env.DOCKER_HOST ? new Docker() : new Docker({ socketPath: '/var/run/docker.sock' });
}

function testEndpoint(): string {
  return process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

// @types/dockerode omits the abortSignal that dockerode's version() accepts.
type WithSignal<T> = (options: { abortSignal: AbortSignal }) => Promise<T>;

export async function dockerAvailability(): Promise<DockerAvailability> {
  const client = testDockerClient();
  const endpoint = testEndpoint();
  let version: string;
  try {
    // An answer to version() is the proof the engine is up; a separate ping would add nothing.
    version = (await (client.version as unknown as WithSignal<Docker.DockerVersion>).call(client, { abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) })).Version;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { available: false, reason: `no Docker engine answers at ${endpoint} (${detail}).` };
  }
  try {
    await client.getImage(TEST_IMAGE).inspect();
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 404) {
      return { available: false, reason: `the Docker engine at ${endpoint} has no image ${TEST_IMAGE}.` };
    }
    throw error;
  }
  return { available: true, endpoint, version };
}

/** Evaluated once per test file that imports it. */
export const docker: DockerAvailability = await dockerAvailability();

/**
 * describe() for tests that need the real engine and TEST_IMAGE. Without them: a failing test
 * under CI, a skipped suite with a printed reason elsewhere.
 */
export function describeWithDocker(name: string, fn: () => void): void {
  describeRequiring({ tests: 'Docker-backed tests', needs: 'a Docker engine and the test image', availability: docker, fixHint: FIX_HINT }, name, fn);
}

/** IDs of all containers, running or not, whose label `label` has `value` (any value if omitted). */
export async function containersLabelled(label: string, value?: string): Promise<string[]> {
  const filter = value === undefined ? label : `${label}=${value}`;
  const found = await testDockerClient().listContainers({ all: true, filters: { label: [filter] } });
  return found.map((container) => container.Id);
}

/** Removes (forcibly) every container carrying the label; returns how many it removed. */
export async function removeContainersLabelled(label: string, value?: string): Promise<number> {
  const client = testDockerClient();
  const ids = await containersLabelled(label, value);
  await Promise.all(
    ids.map((id) =>
      client
        .getContainer(id)
        .remove({ force: true })
        .catch((error: unknown) => {
          // Gone (404) or already being removed (409), e.g. by the code under test: what we wanted.
          const status = (error as { statusCode?: unknown }).statusCode;
          if (status !== 404 && status !== 409) throw error;
        }),
    ),
  );
  return ids.length;
}
