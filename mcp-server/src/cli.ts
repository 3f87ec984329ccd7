/**
 * The `vaultplane` command line: serve, mcp, index, search, status. Each verb parses its
 * options once, opens the vaults, and reports errors as one readable line (exit code 1 for a
 * failure, 2 for a usage error). Logs go to stderr; stdout carries only results (and, for
 * `mcp`, only the protocol).
 */
import { auditFileReport, RUNTIME_KINDS, startWebhookDelivery, type RuntimeKind } from '@vaultplane/orchestrator';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { join } from 'node:path';
import { ConfigError, EMBEDDER_CHOICES, parseEnvironment, parsePort, vaultConfigs, type EmbedderChoice } from './config';
import { createProgressRenderer } from './cli/progress-bar';
import { openOrchestrator } from './cli/open-orchestrator';
import { openVaults } from './cli/open-vaults';
import { startRunNoteWriter } from './workloads/run-note-writer';
import { formatSearchHits, formatStatusReport } from './cli/output-format';
import { needsAttention, summarizeStatuses } from './index/file-status';
import { readStatusFile } from './index/vault-indexer';
import { createServer } from './server/index';
import { loadOrCreateToken } from './auth/token';
import { startHttpServer } from './transports/http-server';
import { runStdioServer } from './transports/stdio';
import { VAULTPLANE_VERSION } from './version';
import type { VaultSet } from './vaults/vault-set';

interface CommonOptions {
  vault: string[];
  data?: string;
  embedder: EmbedderChoice;
}

/** Where the embedded orchestrator keeps its log (createOrchestrator's default). */
const AUDIT_FILE = 'audit.jsonl';

const log = (message: string) => process.stderr.write(`vaultplane: ${message}\n`);

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Which vaults a verb works on: read by configsFromOptions. */
function withVaultOptions(command: Command): Command {
  return command
    .option('--vault <dir>', 'vault folder (repeat for several vaults; default VAULT_PATH)', collect)
    .option('--data <dir>', 'index and state folder (default <vault>/.vaultplane)');
}

function withCommonOptions(command: Command): Command {
  return withVaultOptions(command)
    .addOption(
      new Option('--embedder <name>', 'embedder: builtin, ollama, or auto (Ollama when it answers)')
        .choices([...EMBEDDER_CHOICES])
        .default(process.env.VAULTPLANE_EMBEDDER ?? 'auto'),
    );
}

/** For the verbs that run workloads: plain containers or Swarm services. */
function withRuntimeOption(command: Command): Command {
  return command.addOption(
    new Option('--runtime <name>', 'run workloads as docker containers or as swarm services (the engine must be a Swarm manager)')
      .choices([...RUNTIME_KINDS])
      .default(process.env.VAULTPLANE_RUNTIME ?? 'docker'),
  );
}

/** The vaults a command names: every --vault, else VAULT_PATH. */
function configsFromOptions(options: { vault?: string[]; data?: string }) {
  const environment = parseEnvironment(process.env);
  const paths = options.vault?.length ? options.vault : environment.VAULT_PATH ? [environment.VAULT_PATH] : [];
  return vaultConfigs(paths, options.data);
}

async function openFromOptions(options: CommonOptions): Promise<VaultSet> {
  const environment = parseEnvironment(process.env);
  const configs = configsFromOptions(options);
  return openVaults({ configs, embedder: options.embedder, environment, log });
}

async function syncAll(vaults: VaultSet, showProgress: boolean): Promise<void> {
  const syncOne = async (vault: VaultSet['vaults'][number]) => {
    const progress = showProgress ? createProgressRenderer() : undefined;
    const report = await vault.sync(progress?.update);
    progress?.finish();
    if (report.reembedReason) log(`${vault.name}: ${report.reembedReason}`);
    log(
      `${vault.name}: ${report.files} notes, ${report.changed} (re)indexed, ${report.removed} removed, ` +
        `${report.unchanged} unchanged, ${report.skipped} skipped, ${report.errors} errors, ` +
        `${report.chunksWritten} chunks written in ${(report.durationMs / 1000).toFixed(1)} s`,
    );
  };
  // One progress bar at a time; without bars, every vault starts at once so none waits on another.
  if (showProgress) for (const vault of vaults.vaults) await syncOne(vault);
  else await Promise.all(vaults.vaults.map(syncOne));
}

/**
 * The embedded orchestrator with what hangs on it: the server token (kept in the first vault's
 * data dir) and the writer of run notes. Workloads get `VAULTPLANE_WORKLOAD_MCP_URL`, else
 * `fallbackMcpUrl`.
 */
async function openWorkloads(vaults: VaultSet, fallbackMcpUrl: string | undefined, runtime: RuntimeKind, peersOption?: string) {
  const environment = parseEnvironment(process.env);
  const dataDir = vaults.vaults[0]!.config.dataDir;
  const token = await loadOrCreateToken({ dataDir, envToken: environment.VAULTPLANE_TOKEN });
  const workloadMcpUrl = environment.VAULTPLANE_WORKLOAD_MCP_URL ?? fallbackMcpUrl;
  const embedded = await openOrchestrator({
    dataDir,
    vaults,
    serverToken: token.token,
    workloadMcpUrl,
    workloadNetwork: environment.VAULTPLANE_WORKLOAD_NETWORK,
    runtime,
    peersFile: peersOption ?? environment.VAULTPLANE_PEERS,
    log,
  });
  const orchestrator = embedded.handle.orchestrator;
  const stopRunNotes = startRunNoteWriter({ orchestrator, vaults, log, owner: embedded.owner });
  const webhooks = environment.VAULTPLANE_WEBHOOK_URLS
    ? startWebhookDelivery({
        events: orchestrator.events,
        urls: environment.VAULTPLANE_WEBHOOK_URLS,
        secret: environment.VAULTPLANE_WEBHOOK_SECRET!,
        userAgent: `vaultplane/${VAULTPLANE_VERSION}`,
        log,
      })
    : undefined;
  return {
    token,
    embedded,
    orchestrator,
    webhooks,
    close: async () => {
      await webhooks?.close();
      await stopRunNotes();
      await embedded.handle.close();
    },
  };
}

/** The first index run, then live updates; a failure is logged and searches report it. */
async function syncAndWatch(vaults: VaultSet): Promise<void> {
  try {
    await syncAll(vaults, false);
    for (const vault of vaults.vaults) await vault.watch();
    log('index ready; watching for changes');
  } catch (error) {
    log(`indexing failed: ${(error as Error).message}`);
  }
}

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    close()
      .catch((error) => log(`error while closing: ${(error as Error).message}`))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

export function buildProgram(): Command {
  const program = new Command('vaultplane')
    .description('Obsidian vaults as searchable memory for AI agents over MCP')
    .version(VAULTPLANE_VERSION)
    .showHelpAfterError()
    // Usage errors exit 2 (see main), not commander's 1, so scripts can tell them from failures.
    .exitOverride();

  withRuntimeOption(withCommonOptions(program.command('serve')))
    .description('index, watch, and serve MCP (Streamable HTTP at /mcp) and the API on one port')
    .option('--port <port>', 'port to listen on', (value) => parsePort(value), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--read-only', 'drop every tool that changes anything')
    .option('--peers <file>', 'peers file: node name, peers, trusted keys, ACL (default VAULTPLANE_PEERS, else <data>/peers.yaml if present)')
    .action(async (options: CommonOptions & { port: number; host: string; readOnly?: boolean; runtime: RuntimeKind; peers?: string }) => {
      const vaults = await openFromOptions(options);
      const workloads = await openWorkloads(vaults, options.port ? `http://127.0.0.1:${options.port}/mcp` : undefined, options.runtime, options.peers);
      const http = await startHttpServer({
        host: options.host,
        port: options.port,
        allowedHosts: parseEnvironment(process.env).VAULTPLANE_ALLOWED_HOSTS,
        token: workloads.token.token,
        version: VAULTPLANE_VERSION,
        createMcpServer: () => createServer({ vaults, orchestrator: workloads.orchestrator, readOnly: options.readOnly }).server,
        routes: workloads.embedded.routes,
        acceptCredential: workloads.embedded.acceptCredential,
        health: async () => ({
          vaults: vaults.vaults.map((vault) => vault.indexer.summary(vault.name)),
          ...(await workloads.embedded.health()),
          ...(workloads.webhooks ? { webhooks: workloads.webhooks.stats() } : {}),
        }),
      });
      onShutdown(async () => {
        await http.close();
        await workloads.close();
        await vaults.close();
      });
      const tokenWhere = workloads.token.source === 'env' ? 'VAULTPLANE_TOKEN' : workloads.token.path;
      log(`serving ${vaults.names.join(', ')} at ${http.url}/mcp (token: ${tokenWhere})`);
      await syncAndWatch(vaults);
    });

  withRuntimeOption(withCommonOptions(program.command('mcp')))
    .description('serve MCP over stdio (for Claude Desktop and IDE agents)')
    .option('--read-only', 'drop every tool that changes anything')
    .action(async (options: CommonOptions & { readOnly?: boolean; runtime: RuntimeKind }) => {
      const vaults = await openFromOptions(options);
      const workloads = await openWorkloads(vaults, undefined, options.runtime);
      const { server } = createServer({ vaults, orchestrator: workloads.orchestrator, readOnly: options.readOnly });
      // Answer the client's handshake at once; searches wait for the first index run.
      const session = runStdioServer(server, {
        onClose: async () => {
          await workloads.close();
          await vaults.close();
        },
      });
      await syncAndWatch(vaults);
      await session;
    });

  withCommonOptions(program.command('index'))
    .description('index once with a progress bar, print a summary, exit')
    .action(async (options: CommonOptions) => {
      const vaults = await openFromOptions(options);
      await syncAll(vaults, true);
      const summaries = vaults.vaults.map((vault) => vault.indexer.summary(vault.name));
      process.stdout.write(formatStatusReport(summaries, vaults.vaults.flatMap((vault) => problemsOf(vault))));
      await vaults.close();
    });

  withCommonOptions(program.command('search'))
    .description('search the vault from the shell')
    .argument('<query...>', 'what to look for')
    .option('--json', 'print JSON (the search_notes result shape)')
    .option('--limit <n>', 'number of results', (value) => {
      const limit = Number(value);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new InvalidArgumentError('must be 1..100');
      return limit;
    }, 10)
    .option('--folder <folder>', 'only notes under this folder')
    .option('--tag <tag>', 'only notes with this tag (repeatable)', collect)
    .action(async (words: string[], options: CommonOptions & { json?: boolean; limit: number; folder?: string; tag?: string[] }) => {
      const vaults = await openFromOptions(options);
      await syncAll(vaults, false);
      const results = await vaults.search({ query: words.join(' '), limit: options.limit, folder: options.folder, tags: options.tag });
      process.stdout.write(options.json ? `${JSON.stringify({ results }, null, 2)}\n` : formatSearchHits(results));
      await vaults.close();
    });

  withVaultOptions(program.command('status'))
    .description('what the last index run recorded: totals, skipped notes and errors')
    .option('--json', 'print JSON')
    .action(async (options: { vault?: string[]; data?: string; json?: boolean }) => {
      const reports = [];
      for (const config of configsFromOptions(options)) {
        const saved = await readStatusFile(config.dataDir);
        if (!saved) throw new Error(`Vault '${config.name}' has not been indexed yet (no status in ${config.dataDir}); run vaultplane index --vault ${config.root}.`);
        reports.push({ vault: config.name, ...saved });
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ vaults: reports }, null, 2)}\n`);
        return;
      }
      for (const report of reports) {
        const summary = summarizeStatuses(report.files, { vault: report.vault, embedder: report.embedder ?? 'unknown', lastSyncAt: report.lastSyncAt, busy: false });
        process.stdout.write(formatStatusReport([summary], report.files.filter(needsAttention).map((file) => ({ vault: report.vault, ...file }))));
      }
    });

  program
    .command('audit')
    .description('the orchestrator audit log')
    .command('verify')
    .description('check that no entry of the audit log was changed, removed or reordered (exit 1 if one was)')
    .option('--vault <dir>', 'vault folder whose data dir holds the log (default VAULT_PATH)', collect)
    .option('--data <dir>', 'data folder holding audit.jsonl (default <vault>/.vaultplane)')
    .option('--file <path>', 'the audit log itself')
    .action(async (options: { vault?: string[]; data?: string; file?: string }) => {
      const file = options.file ?? join(configsFromOptions(options)[0]!.dataDir, AUDIT_FILE);
      const report = await auditFileReport(file);
      process.stdout.write(`${report.text}\n`);
      process.exitCode = report.exitCode;
    });

  return program;
}

function problemsOf(vault: VaultSet['vaults'][number]) {
  return vault.indexer
    .allStatuses()
    .filter(needsAttention)
    .map((status) => ({ vault: vault.name, ...status }));
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message (or the help or version) already.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    log(message);
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  }
}

await main(process.argv);
