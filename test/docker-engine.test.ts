import { afterAll, expect, it } from 'vitest';
import { DockerRuntime, EngineUnavailableError, ImageNotFoundError } from '../orchestrator/src/index';
import { TEST_IMAGE, TEST_LABEL, containersLabelled, describeWithDocker, docker, removeContainersLabelled } from './support/docker';

// The orchestrator's Docker adapter against the real engine (started by .ci/run in CI).
const run = `docker-engine-${process.pid}-${Date.now()}`;
const labels = { [TEST_LABEL]: run };

describeWithDocker('DockerRuntime against the real Docker engine', () => {
  const runtime = new DockerRuntime();

  afterAll(async () => {
    await removeContainersLabelled(TEST_LABEL, run);
  });

  it('ping reports the engine version', async () => {
    const status = await runtime.ping();
    expect(status).toMatchObject({ reachable: true, version: docker.available ? docker.version : 'n/a' });
    expect(status.reachable && status.apiVersion).toMatch(/^\d+\.\d+$/);
  });

  it('runs a container to completion with its exit code and separate stdout and stderr, then removes it', async () => {
    const result = await runtime.runToCompletion({
      image: TEST_IMAGE,
      command: ['sh', '-c', 'echo hello; echo oops >&2; exit 3'],
      labels,
    });
    expect(result).toEqual({ exitCode: 3, stdout: 'hello\n', stderr: 'oops\n' });
    expect(await containersLabelled(TEST_LABEL, run)).toEqual([]);
  });

  it('passes env through and keeps large interleaved output intact on each stream', async () => {
    const result = await runtime.runToCompletion({
      image: TEST_IMAGE,
      command: ['sh', '-c', 'echo "$GREETING"; for i in $(seq 1 3000); do echo "out $i"; echo "err $i" >&2; done'],
      env: { GREETING: 'grüß dich = hi' },
      labels,
    });
    const lines = (prefix: string) => Array.from({ length: 3000 }, (_, i) => `${prefix} ${i + 1}\n`).join('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`grüß dich = hi\n${lines('out')}`);
    expect(result.stderr).toBe(lines('err'));
  });

  it('answers ImageNotFoundError for an image the engine does not have, and leaves no container behind', async () => {
    const image = `vaultplane/no-such-image:${run}`;
    const attempt = runtime.runToCompletion({ image, command: ['true'], labels });
    await expect(attempt).rejects.toBeInstanceOf(ImageNotFoundError);
    await expect(attempt).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND', image });
    expect(await containersLabelled(TEST_LABEL, run)).toEqual([]);
  });

  it('answers EngineUnavailableError, saying how to start an engine, when the socket does not exist', async () => {
    const missing = new DockerRuntime({ dockerHost: `unix:///tmp/${run}/docker.sock` });

    const status = await missing.ping();
    expect(status).toMatchObject({ reachable: false, endpoint: `unix:///tmp/${run}/docker.sock` });
    expect(!status.reachable && status.reason).toMatch(/socket does not exist.*(dockerd|systemctl start docker)/s);

    const attempt = missing.runToCompletion({ image: TEST_IMAGE, command: ['true'], labels });
    await expect(attempt).rejects.toBeInstanceOf(EngineUnavailableError);
    await expect(attempt).rejects.toThrow(`No Docker engine answers at unix:///tmp/${run}/docker.sock`);
    await expect(attempt).rejects.toThrow(/DOCKER_HOST/);
  });
});
