import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../orchestrator/src/audit/audit-chain';
import { startStandaloneServer, type StandaloneServer } from '../../orchestrator/src/api/standalone-server';
import { createOrchestrator, type OrchestratorHandle, type OrchestratorSetup } from '../../orchestrator/src/service/create-orchestrator';
import { RUN_LABEL, removeContainersLabelled } from './docker';

// An orchestrator with its HTTP API on a free port, in a data dir of its own, for the
// integration tests that drive the real engine through the API.

export { RUN_LABEL } from './docker';

export interface OrchestratorApiOptions {
  /** Names the data dir; containers labelled run=<run> are removed on close(). */
  run: string;
  /** The admin bearer token. */
  token: string;
  /** Written to policy.yaml before the orchestrator starts; default: no file (the default policy). */
  policy?: string;
  setup?: Omit<OrchestratorSetup, 'dataDir'>;
  heartbeatMs?: number;
}

export class OrchestratorApi {
  handle!: OrchestratorHandle;
  server!: StandaloneServer;

  private constructor(
    readonly dataDir: string,
    private readonly options: OrchestratorApiOptions,
  ) {}

  static async start(options: OrchestratorApiOptions): Promise<OrchestratorApi> {
    const api = new OrchestratorApi(await mkdtemp(join(tmpdir(), `vp-${options.run}-`)), options);
    if (options.policy !== undefined) await writeFile(join(api.dataDir, 'policy.yaml'), options.policy);
    await api.open();
    return api;
  }

  get url(): string {
    return this.server.url;
  }

  /** Starts the orchestrator and its server on the data dir; after stop(), that is a restart. */
  async open(): Promise<void> {
    this.handle = await createOrchestrator({ ...this.options.setup, dataDir: this.dataDir });
    const handle = this.handle;
    this.server = await startStandaloneServer({
      orchestrator: handle.orchestrator,
      token: this.options.token,
      policy: () => handle.policy.current,
      ...(this.options.heartbeatMs === undefined ? {} : { heartbeatMs: this.options.heartbeatMs }),
    });
  }

  async stop(): Promise<void> {
    await this.server?.close();
    await this.handle?.close();
  }

  /** Stops, removes the run's containers and deletes the data dir. */
  async close(): Promise<void> {
    await this.stop();
    await removeContainersLabelled(RUN_LABEL, this.options.run);
    await rm(this.dataDir, { recursive: true, force: true });
  }

  async auditEntries(): Promise<AuditEntry[]> {
    const text = await readFile(join(this.dataDir, 'audit.jsonl'), 'utf8');
    return text.trimEnd().split('\n').map((line) => JSON.parse(line) as AuditEntry);
  }
}
