/** A finished (non-following) read of a pod's logs as text, stdout and stderr apart. */
import { ADMIN, type LogOptions, type Orchestrator } from '@vaultplane/orchestrator';

export interface PodLogText {
  stdout: string;
  stderr: string;
  /** Payload bytes read, to tell whether a byte limit cut the output. */
  bytes: number;
}

export async function readPodLogText(orchestrator: Orchestrator, podId: string, options: Omit<LogOptions, 'follow'>): Promise<PodLogText> {
  const chunks = await orchestrator.logs(podId, { ...options, follow: false }, ADMIN);
  const streams = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  let bytes = 0;
  for await (const chunk of chunks) {
    streams[chunk.stream].push(chunk.data);
    bytes += chunk.data.length;
  }
  return { stdout: Buffer.concat(streams.stdout).toString('utf8'), stderr: Buffer.concat(streams.stderr).toString('utf8'), bytes };
}
