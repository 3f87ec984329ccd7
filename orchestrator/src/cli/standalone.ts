/**
 * The orchestrator on its own, without the MCP server:
 *
 *   tsx orchestrator/src/cli/standalone.ts --data DIR [--port 8080] [--host 127.0.0.1] [--peers FILE]
 *
 * VAULTPLANE_TOKEN (at least 16 characters) is the API's bearer token. The peers file defaults to
 * DIR/peers.yaml when it exists. Logs go to stderr; "serving at URL" says it is up.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startStandaloneServer } from '../api/standalone-server';
import { loadPeerConfig, PEERS_FILE } from '../peers/peer-config';
import { createOrchestrator } from '../service/create-orchestrator';

const log = (message: string) => process.stderr.write(`vaultplane-orchestrator: ${message}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      peers: { type: 'string' },
    },
  });
  if (values.data === undefined) throw new Error('--data DIR is required: the folder for the policy, audit log and node key');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port}: use 0..65535`);
  const token = process.env.VAULTPLANE_TOKEN;
  if (token === undefined || token.length < 16) throw new Error('Set VAULTPLANE_TOKEN to a token of at least 16 characters: the API bearer token');

  const peers = await loadPeerConfig(values.peers ?? join(values.data, PEERS_FILE), { missingOk: values.peers === undefined });
  const handle = await createOrchestrator({ dataDir: values.data, peers, log, onError: (error) => log(error.message) });
  const server = await startStandaloneServer({
    orchestrator: handle.orchestrator,
    token,
    policy: () => handle.policy.current,
    host: values.host,
    port,
    extraRoutes: handle.peering?.routes() ?? [],
  });
  const stop = (signal: string) => {
    log(`${signal}: shutting down`);
    void server
      .close()
      .then(() => handle.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  log(`serving at ${server.url}${handle.peering === undefined ? '' : ` as node ${peers?.node ?? '(engine host name)'}`}`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
