import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditLog } from '../audit/audit-log';
import { PolicyStore } from '../policy/policy-store';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { DockerRuntime } from '../runtime/docker-runtime';
import { Orchestrator, type OrchestratorOptions } from './orchestrator';

// Wires the orchestrator from a data dir: policy file (hot-reloaded), audit log, Docker runtime.

export interface OrchestratorSetup extends Omit<OrchestratorOptions, 'runtime' | 'policy' | 'audit'> {
  /** Default: <dataDir>/policy.yaml; a missing file means the default policy. */
  policyPath?: string;
  /** Default: <dataDir>/audit.jsonl. */
  auditPath?: string;
  /** Default: a DockerRuntime for DOCKER_HOST or /var/run/docker.sock. */
  runtime?: ContainerRuntime;
  /** Start the event watcher and TTL loop at once (default true). */
  start?: boolean;
}

export interface OrchestratorHandle {
  orchestrator: Orchestrator;
  policy: PolicyStore;
  audit: AuditLog;
  close(): Promise<void>;
}

export async function createOrchestrator(setup: OrchestratorSetup): Promise<OrchestratorHandle> {
  await mkdir(setup.dataDir, { recursive: true });
  const audit = await AuditLog.open(setup.auditPath ?? join(setup.dataDir, 'audit.jsonl'));
  let orchestrator: Orchestrator | undefined;
  let policy: PolicyStore;
  try {
    policy = await PolicyStore.open({
      path: setup.policyPath ?? join(setup.dataDir, 'policy.yaml'),
      onChange: () => void orchestrator?.policyChanged('changed'),
      onError: (error) => {
        setup.onError?.(error);
        void orchestrator?.policyChanged('rejected', error.message);
      },
    });
  } catch (error) {
    await audit.close();
    throw error;
  }
  const { policyPath: _policy, auditPath: _audit, runtime, start, ...rest } = setup;
  orchestrator = new Orchestrator({ ...rest, runtime: runtime ?? new DockerRuntime(), policy: () => policy.current, audit });
  if (start !== false) orchestrator.start();
  const created = orchestrator;
  return {
    orchestrator: created,
    policy,
    audit,
    close: async () => {
      policy.close();
      await created.stop();
      await audit.close();
    },
  };
}
