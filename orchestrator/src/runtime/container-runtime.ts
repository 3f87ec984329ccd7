// The port every container engine adapter implements. It speaks only our own types, so the
// scheduler, policy and API never see an engine library's types.

export type EngineStatus =
  | {
      reachable: true;
      /** Where the engine was reached, e.g. unix:///var/run/docker.sock. */
      endpoint: string;
      /** Engine version, e.g. 20.10.24. */
      version: string;
      apiVersion: string;
      os: string;
      arch: string;
    }
  | {
      reachable: false;
      endpoint: string;
      /** What went wrong and how to fix it, ready to show to a person or an agent. */
      reason: string;
    };

export interface RunSpec {
  /** Must already be present on the engine; the runtime does not pull. */
  image: string;
  /** Exec form: argv, no shell unless you name one (['sh', '-c', '…']). */
  command: readonly string[];
  env?: Readonly<Record<string, string>>;
  /** Labels make containers findable again (cleanup, state rebuilt after a restart). */
  labels?: Readonly<Record<string, string>>;
  name?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ContainerRuntime {
  /** Never throws: an unreachable engine is a status, with the reason in words. */
  ping(): Promise<EngineStatus>;
  /**
   * Creates the container, runs it until it exits, collects stdout and stderr separately and
   * removes the container again, whatever happened.
   * @throws InvalidRunSpecError, ImageNotFoundError, EngineUnavailableError, EngineRequestError
   */
  runToCompletion(spec: RunSpec): Promise<RunResult>;
}
