import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorResponse } from '../../orchestrator/src/api/http-status';
import { sendJson } from '../../orchestrator/src/api/routes';
import { PeerRequestVerifier, type PeerRequestHeaders, type TrustedPeer } from '../../orchestrator/src/peers/peer-signing';

// `vaultplane serve` has no signed peer route on this branch yet, so the hostile corpus puts the
// real PeerRequestVerifier in front of a real HTTP port, answering refusals through the
// orchestrator's own error-to-HTTP mapping, exactly as a peer route would. It answers /health
// like an orchestrator's, so a real PeerDirectory's signed polls are accepted and recorded.

export interface PeerGate {
  url: string;
  /** Headers of the signed requests it accepted, oldest first. */
  accepted: PeerRequestHeaders[];
  close(): Promise<void>;
}

export async function startPeerGate(trusted: readonly TrustedPeer[], healthDocument: object): Promise<PeerGate> {
  const verifier = new PeerRequestVerifier(trusted);
  const accepted: PeerRequestHeaders[] = [];
  const server: Server = createServer((req, res) => {
    void readText(req).then((body) => {
      try {
        verifier.verify({ method: req.method ?? 'GET', path: req.url ?? '/', body }, req.headers);
      } catch (error) {
        const { status, body: refusal } = errorResponse(error);
        sendJson(res, status, refusal);
        return;
      }
      accepted.push(pickPeerHeaders(req));
      sendJson(res, 200, healthDocument);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readText(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) text += chunk.toString('utf8');
  return text;
}

function pickPeerHeaders(req: IncomingMessage): PeerRequestHeaders {
  const header = (name: string) => String(req.headers[name]);
  return {
    'vaultplane-peer': header('vaultplane-peer'),
    'vaultplane-peer-timestamp': header('vaultplane-peer-timestamp'),
    'vaultplane-peer-nonce': header('vaultplane-peer-nonce'),
    'vaultplane-peer-signature': header('vaultplane-peer-signature'),
  };
}
