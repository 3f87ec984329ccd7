/**
 * A workload the test drives: it prints each line the test hands it and exits 0 when told,
 * so "a line appears" and "the workload ends" happen when the test says, never after a guessed
 * delay. The test talks to it through `docker exec` on the real engine.
 */
import { TEST_IMAGE, testDockerClient } from '../../test/support/docker';

// Lines arrive as /tmp/say (renamed into place, so never half-written); /tmp/done ends the loop.
const TALKER_SCRIPT = [
  // Stops at once when evicted, as a well-behaved workload does, instead of waiting for SIGKILL.
  "trap 'echo \"talker stopped\"; exit 143' TERM",
  'echo "talker up"',
  'while [ ! -e /tmp/done ]; do',
  '  if [ -e /tmp/say ]; then mv /tmp/say /tmp/said && cat /tmp/said; fi',
  '  sleep 0.1',
  'done',
  'echo "talker done"',
].join('\n');

export interface TalkerOptions {
  name: string;
  namespace: string;
  /** Value of the pod label `run`, by which the test removes what it created. */
  run: string;
  task?: string;
}

/** The body of POST /schedule for a talker. */
export function talkerSpec(options: TalkerOptions): Record<string, unknown> {
  return {
    name: options.name,
    image: TEST_IMAGE,
    command: ['sh', '-c', TALKER_SCRIPT],
    cpu: 0.1,
    memoryMb: 32,
    namespace: options.namespace,
    labels: { run: options.run },
    ...(options.task === undefined ? {} : { task: options.task }),
  };
}

/** Makes the talker print `line` (one line). Wait for it to show before saying the next. */
export async function say(podId: string, line: string): Promise<void> {
  const exitCode = await execIn(podId, ['sh', '-c', 'printf "%s\\n" "$1" > /tmp/say.next && mv /tmp/say.next /tmp/say', 'say', line]);
  if (exitCode !== 0) throw new Error(`could not hand pod ${podId} a line (exec exited with ${exitCode})`);
}

/** Makes the talker exit 0. */
export async function finish(podId: string): Promise<void> {
  const exitCode = await execIn(podId, ['touch', '/tmp/done']);
  // The talker may see the file and exit before docker exec reports back, killing the exec.
  if (exitCode !== 0 && (await testDockerClient().getContainer(podId).inspect()).State.Running) {
    throw new Error(`'touch /tmp/done' in pod ${podId} exited with ${exitCode}`);
  }
}

async function execIn(podId: string, command: string[]): Promise<number | null> {
  const exec = await testDockerClient().getContainer(podId).exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
    stream.resume();
  });
  const { ExitCode } = await exec.inspect();
  return ExitCode;
}
