import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSse, type SseEvent } from '../../orchestrator/src/api/sse-parser';
import type { Pod } from '../../orchestrator/src/index';
import { TEST_IMAGE } from '../support/docker';
import { eventually } from '../support/temp-vault';
import { problemList, summarizeMs, type MsSummary } from './figures';
import { PrivateEngine } from './private-engine';
import { startServeUnderTest, type ServeUnderTest } from './serve-under-test';

// The Docker engine dies (kill -9 of a private dockerd) under `vaultplane serve` while a log
// stream is open and a schedule is in flight, and comes back. The server must keep answering
// (health says the engine is down, workload calls fail with a message that says what to do,
// notes still work), and pick everything up again when the engine is back. The proxy-based
// test in orchestrator-engine-outage.test.ts covers the standalone orchestrator's event stream;
// this one is the whole product against a real engine that really dies.

export interface EngineOutageOptions {
  cycles: number;
  log?: (message: string) => void;
}

export interface EngineOutageFigures {
  suite: 'engine-outage';
  cycles: number;
  /** Open log streams that ended with an engine_unavailable error event naming the fix. */
  logStreamsEndedClearly: number;
  /** The schedule sent as the engine was killed: how it answered. */
  inFlightSchedules: Record<string, number>;
  /** In-flight schedules answered 201 whose pod was not there after recovery (must be 0). */
  inFlightLost: number;
  /** In-flight schedules that answered with an error but left a created, never-started container. */
  leftCreatedByFailedSchedules: number;
  /** Of those, containers still there 90 s after recovery (must be 0: the orchestrator removes them). */
  orphanedContainers: number;
  /** Recovery to the never-started container removed (it is kept 30 s after creation). */
  orphanRemovalMs: MsSummary;
  /** Requests answered while the engine was down (health, pods, schedule, MCP tools), and how many were wrong. */
  answeredDuringOutage: number;
  wrongAnswersDuringOutage: number;
  firstWrongAnswer?: string;
  /** Cycles after which the running pod was listed again and its logs could be followed anew. */
  recovered: number;
  /** Kill to the log stream's error event. */
  streamErrorMs: MsSummary;
  /** dockerd start to /health saying the engine is reachable. */
  recoveryMs: MsSummary;
  /** A pod on the orchestrator's own bridge network fetched a page from another by its pod id. */
  privateNetworkWorks: boolean;
}

const SLEEPER = ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'];
const TICKER = ['sh', '-c', 'trap "exit 0" TERM; while true; do echo tick; sleep 0.1; done'];

/** next() by hand: leaving a for-await loop would cancel the stream. */
async function nextEvent(events: AsyncGenerator<SseEvent>, match: (event: SseEvent) => boolean, what: string, timeoutMs = 30_000): Promise<SseEvent> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs).unref());
  for (;;) {
    const { done, value } = await Promise.race([events.next(), timeout]);
    if (done) throw new Error(`the stream ended before ${what}`);
    if (match(value)) return value;
  }
}

/** What the figures show to be wrong; empty when every outage was handled and recovered from. */
export function engineOutageProblems(figures: EngineOutageFigures, cycles: number): string[] {
  return problemList([
    [!figures.privateNetworkWorks, "pods on the runtime's bridge network could not reach each other on the private engine"],
    [figures.cycles !== cycles, `${figures.cycles} of ${cycles} cycles ran`],
    [figures.logStreamsEndedClearly !== cycles, `${figures.logStreamsEndedClearly} of ${cycles} log streams ended with a clear engine_unavailable error`],
    [figures.wrongAnswersDuringOutage !== 0 || figures.answeredDuringOutage !== cycles * 5, `${figures.wrongAnswersDuringOutage} of ${figures.answeredDuringOutage} answers during the outage were wrong: ${figures.firstWrongAnswer}`],
    [figures.inFlightLost !== 0, `${figures.inFlightLost} schedules answered 201 but their pod was gone after recovery`],
    [figures.orphanedContainers !== 0, `${figures.orphanedContainers} never-started containers of failed schedules stayed`],
    [figures.recovered !== cycles, `${figures.recovered} of ${cycles} cycles recovered the running pod and its logs`],
  ]);
}

export async function runEngineOutageSuite(options: EngineOutageOptions): Promise<EngineOutageFigures> {
  const log = options.log ?? (() => {});
  const run = `faults-engine-${process.pid}-${Date.now()}`;
  const token = `token-${run}`;
  const work = await mkdtemp(join(tmpdir(), 'vp-faults-engine-'));
  await writeFile(join(work, 'note.md'), '# Outage\n\nNotes stay searchable while the engine is down.\n');
  const figures: EngineOutageFigures = {
    suite: 'engine-outage',
    cycles: 0,
    logStreamsEndedClearly: 0,
    inFlightSchedules: {},
    leftCreatedByFailedSchedules: 0,
    orphanedContainers: 0,
    orphanRemovalMs: summarizeMs([]),
    inFlightLost: 0,
    answeredDuringOutage: 0,
    wrongAnswersDuringOutage: 0,
    recovered: 0,
    streamErrorMs: summarizeMs([]),
    recoveryMs: summarizeMs([]),
    privateNetworkWorks: false,
  };
  const streamErrorTimes: number[] = [];
  const recoveryTimes: number[] = [];
  const reapTimes: number[] = [];
  let engine: PrivateEngine | undefined;
  let server: ServeUnderTest | undefined;
  const controllers: AbortController[] = [];

  const stream = async (path: string) => {
    const controller = new AbortController();
    controllers.push(controller);
    const response = await fetch(`${server!.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return readSse(response.body!);
  };
  const schedule = (spec: object) => server!.api('POST', '/schedule', { image: TEST_IMAGE, cpu: 0.05, memoryMb: 16, labels: { run }, ...spec });
  const expectDuringOutage = (what: string, ok: boolean, detail: unknown) => {
    figures.answeredDuringOutage += 1;
    if (!ok) {
      figures.wrongAnswersDuringOutage += 1;
      figures.firstWrongAnswer ??= `${what}: ${JSON.stringify(detail).slice(0, 400)}`;
    }
  };
  const ENGINE_HINT = /No Docker engine answers.*(dockerd|systemctl start docker)/s;

  try {
    engine = await PrivateEngine.start();
    server = await startServeUnderTest(work, token, { DOCKER_HOST: engine.host });
    log(`private engine at ${engine.host}, server at ${server.baseUrl}`);

    // The runtime's own bridge network, on an engine without docker0 or iptables rules of its
    // own: the prober finds the web server by its pod id (Docker's DNS) and fetches a page.
    const web = await schedule({ name: 'web', command: ['httpd', '-f', '-p', '8080', '-h', '/etc'] });
    await engine.allowBridgeTraffic();
    const webId = (web.body.pod as Pod).id;
    // busybox's own nslookup, since the static build's getaddrinfo cannot load NSS modules.
    const fetchPage = `ip=$(nslookup ${webId} | awk '/^Address: /{print $2}' | tail -1); printf 'GET /passwd HTTP/1.0\\r\\n\\r\\n' | nc -w 5 "$ip" 8080 | grep -q '^root:'`;
    const prober = await schedule({ name: 'prober', command: ['sh', '-c', fetchPage] });
    const probed = await eventually(async () => {
      const answer = await server!.api('GET', `/pods/${(prober.body.pod as Pod).id}`);
      return ['succeeded', 'failed'].includes(answer.body?.pod?.status) ? (answer.body.pod as Pod) : undefined;
    }, 'the prober to finish', 30_000);
    figures.privateNetworkWorks = probed.status === 'succeeded';
    for (const pod of [web.body.pod, prober.body.pod] as Pod[]) await server.api('POST', '/evict', { id: pod.id });

    for (let cycle = 0; cycle < options.cycles; cycle++) {
      const ticker = await schedule({ name: `ticker-${cycle}`, command: TICKER });
      if (ticker.status !== 201) throw new Error(`POST /schedule answered ${ticker.status}: ${JSON.stringify(ticker.body)}`);
      const tickerPod = ticker.body.pod as Pod;
      const logs = await stream(`/pods/${tickerPod.id}/logs?follow=true`);
      await nextEvent(logs, (event) => event.event === 'log', 'a log line');

      // The engine dies while a schedule is on its way.
      // A different moment each cycle: before the engine is asked, during create, during start.
      const inFlight = schedule({ name: `inflight-${cycle}`, command: SLEEPER });
      await new Promise((resolve) => setTimeout(resolve, (cycle % 4) * 40));
      const killedAt = Date.now();
      await engine.crash();
      const streamEnd = await nextEvent(logs, (event) => event.event === 'error' || event.event === 'end', 'the log stream to end');
      streamErrorTimes.push(Date.now() - killedAt);
      const streamError = streamEnd.event === 'error' ? (JSON.parse(streamEnd.data) as { code?: string; message?: string }) : {};
      if (streamError.code === 'engine_unavailable' && ENGINE_HINT.test(streamError.message ?? '')) figures.logStreamsEndedClearly += 1;
      const inFlightAnswer = await inFlight;
      const outcome = `${inFlightAnswer.status}${inFlightAnswer.body?.error?.code ? ` ${inFlightAnswer.body.error.code}` : ''}`;
      figures.inFlightSchedules[outcome] = (figures.inFlightSchedules[outcome] ?? 0) + 1;

      // Down: everything still answers, workload calls say what to do.
      const health = await server.api('GET', '/health');
      expectDuringOutage('GET /health', health.status === 200 && health.body?.node?.engine?.reachable === false && health.body?.node?.status === 'degraded', health);
      const pods = await server.api('GET', '/pods');
      expectDuringOutage('GET /pods', pods.status === 503 && pods.body?.error?.code === 'engine_unavailable' && ENGINE_HINT.test(pods.body?.error?.message ?? ''), pods);
      const refused = await schedule({ name: `refused-${cycle}`, command: SLEEPER });
      expectDuringOutage('POST /schedule', refused.status === 503 && refused.body?.error?.code === 'engine_unavailable', refused);
      const client = await server.mcp();
      try {
        const listed = (await client.callTool({ name: 'list_pods', arguments: {} })) as { isError?: boolean; content: Array<{ text: string }> };
        expectDuringOutage('MCP list_pods', listed.isError === true && ENGINE_HINT.test(listed.content[0]?.text ?? ''), listed);
        const searched = (await client.callTool({ name: 'search_notes', arguments: { query: 'engine down' } })) as { isError?: boolean; structuredContent?: { results: Array<{ path: string }> } };
        expectDuringOutage('MCP search_notes', !searched.isError && searched.structuredContent?.results.some((hit) => hit.path === 'note.md') === true, searched);
      } finally {
        await client.close();
      }

      // Back: the engine restarts on the same state.
      const restartedAt = Date.now();
      await engine.restart();
      await eventually(async () => (await server!.api('GET', '/health')).body?.node?.engine?.reachable === true, '/health to see the engine again', 60_000);
      recoveryTimes.push(Date.now() - restartedAt);

      const listed = await eventually(async () => {
        const answer = await server!.api('GET', '/pods');
        return answer.status === 200 ? (answer.body.pods as Pod[]).filter((pod) => pod.labels.run === run) : undefined;
      }, 'GET /pods after recovery', 30_000);
      const tickerAgain = listed.find((pod) => pod.id === tickerPod.id);
      const again = await stream(`/pods/${tickerPod.id}/logs?follow=true&tail=1`);
      const resumed = await nextEvent(again, (event) => event.event === 'log' || event.event === 'error', 'logs after recovery');
      if (tickerAgain?.status === 'running' && resumed.event === 'log') figures.recovered += 1;
      // An in-flight schedule that answered with an error must not have left a container.
      const inFlightListed = listed.filter((pod) => pod.name === `inflight-${cycle}`);
      if (inFlightAnswer.status === 201) {
        if (inFlightListed.length !== 1) figures.inFlightLost += 1;
      } else if (inFlightListed.length > 0) {
        // The engine died between create and start: the container could not be removed then.
        // The orchestrator must find it never started and remove it on its own.
        figures.leftCreatedByFailedSchedules += 1;
        const seen = Date.now();
        const reaped = await eventually(
          async () => {
            const answer = await server!.api('GET', '/pods');
            return answer.status === 200 && !(answer.body.pods as Pod[]).some((pod) => pod.name === `inflight-${cycle}`);
          },
          'the never-started pod to be removed',
          90_000,
        ).catch(() => false);
        if (reaped) reapTimes.push(Date.now() - seen);
        else figures.orphanedContainers += 1;
      }
      for (const pod of listed.filter((pod) => !pod.name.startsWith('inflight-') || inFlightAnswer.status === 201)) await server.api('POST', '/evict', { id: pod.id });
      figures.cycles += 1;
      log(`cycle ${cycle + 1}/${options.cycles}: in flight ${outcome}, stream ${streamEnd.event}, recovered in ${recoveryTimes.at(-1)} ms`);
    }
    figures.streamErrorMs = summarizeMs(streamErrorTimes);
    figures.recoveryMs = summarizeMs(recoveryTimes);
    figures.orphanRemovalMs = summarizeMs(reapTimes);
    return figures;
  } finally {
    for (const controller of controllers) controller.abort();
    await server?.cli.stop();
    await engine?.destroy();
    await rm(work, { recursive: true, force: true });
  }
}
