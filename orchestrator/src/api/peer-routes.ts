import { ForbiddenError, PodNotFoundError } from '../errors';
import { decidePeerAccess, peerNamespaces, type PeerAcl, type PeerAction } from '../peers/peer-acl';
import { PEER_PATHS } from '../peers/peer-cluster';
import { DEFAULT_PEER_EVENT_HEARTBEAT_MS, isOwnPodEvent } from '../peers/peer-event-relay-rules';
import type { PeerRequestVerifier, VerifiedPeer } from '../peers/peer-signing';
import type { TailscaleIdentity } from '../peers/tailscale-whois';
import { SIGNATURE_HEADER } from '../policy/manifest-signature';
import type { Principal } from '../policy/policy-decisions';
import type { Orchestrator } from '../service/orchestrator';
import { WorkloadSpecSchema } from '../workload/workload-spec';
import { streamBusEvents } from './event-stream';
import { streamLogs } from './log-stream';
import { EvictBodySchema, PodsQuerySchema, TaskUpdateSchema, parseWith, queryObject, type TaskUpdate } from './request-schemas';
import type { OrchestratorRoute, OrchestratorRouteContext } from './route-types';
import { guarded, headerValue, sendJson } from './routes';

// What another orchestrator may ask of this one. Every route checks the caller's signature
// (peer-signing.ts) instead of the bearer token, then the peer ACL for the namespace at hand.
// Everything acts on this node only: a peer's request is never passed on to a third node.

export interface PeerRoutesOptions {
  verifier: PeerRequestVerifier;
  /** The ACL in force, read at every request. */
  acl: () => PeerAcl;
  /** Gives POST /peer/task-update its effect (the host owns the vault). */
  applyTaskUpdate?: ((update: TaskUpdate) => Promise<unknown>) | undefined;
  /** Who sits behind a tailnet address (`ip:port`), when Tailscale is on; logged with the caller. */
  whois?: ((address: string) => Promise<TailscaleIdentity | undefined>) | undefined;
  log?: ((message: string) => void) | undefined;
  /** How often GET /peer/events sends a `heartbeat` event, by which the subscriber knows it is alive; default 15 s. */
  eventHeartbeatMs?: number | undefined;
}

/** Events a subscribing peer has not taken yet before its stream is ended (it reconnects). */
const PEER_EVENTS_MAX_QUEUED = 1_000;

export function peerRoutes(orchestrator: Orchestrator, options: PeerRoutesOptions): OrchestratorRoute[] {
  const authenticate = (ctx: OrchestratorRouteContext): VerifiedPeer => {
    // The request target exactly as sent: that is what the peer signed.
    const peer = options.verifier.verify({ method: ctx.req.method ?? 'GET', path: ctx.req.url ?? '/', body: ctx.rawBody }, ctx.req.headers);
    logCaller(ctx, peer, options);
    return peer;
  };
  const allow = (peer: VerifiedPeer, action: PeerAction, namespace?: string): Principal => {
    const decision = decidePeerAccess(options.acl(), peer, action, namespace);
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
    // Past the ACL the peer acts as this node would; the audit log names it.
    return { kind: 'admin', name: `peer:${peer.name ?? peer.nodeId}` };
  };
  const route = (method: string, path: string, handler: (ctx: OrchestratorRouteContext, peer: VerifiedPeer) => Promise<void>): OrchestratorRoute => ({
    method,
    path,
    auth: 'peer',
    handler: guarded(async (ctx) => handler(ctx, authenticate(ctx))),
  });

  return [
    route('GET', PEER_PATHS.health, async (ctx) => {
      sendJson(ctx.res, 200, await orchestrator.health());
    }),
    route('POST', PEER_PATHS.schedule, async (ctx, peer) => {
      const namespace = WorkloadSpecSchema.safeParse(ctx.body).data?.namespace;
      const principal = allow(peer, 'schedule', namespace);
      const result = await orchestrator.schedule(ctx.body, {
        principal,
        idempotencyKey: headerValue(ctx.req.headers['idempotency-key']),
        signature: headerValue(ctx.req.headers[SIGNATURE_HEADER]),
        localOnly: true,
      });
      sendJson(ctx.res, result.created ? 201 : 200, result);
    }),
    route('GET', PEER_PATHS.pods, async (ctx, peer) => {
      const filter = parseWith(PodsQuerySchema, queryObject(ctx.url), 'query');
      allow(peer, 'read', filter.namespace);
      const visible = peerNamespaces(options.acl(), peer, 'read');
      const pods = await orchestrator.list(filter);
      sendJson(ctx.res, 200, { pods: pods.filter((pod) => visible === '*' || visible.includes(pod.namespace)) });
    }),
    route('GET', `${PEER_PATHS.pods}/:id`, async (ctx, peer) => {
      const pod = await orchestrator.get(ctx.params.id!);
      // A pod outside what the peer may read does not exist for it.
      if (!decidePeerAccess(options.acl(), peer, 'read', pod.namespace).allowed) throw new PodNotFoundError(pod.id);
      sendJson(ctx.res, 200, { pod });
    }),
    route('GET', `${PEER_PATHS.pods}/:id/logs`, async (ctx, peer) => {
      const pod = await orchestrator.get(ctx.params.id!);
      allow(peer, 'logs', pod.namespace);
      await streamLogs(ctx, (query, signal) => orchestrator.ownLogs(pod.id, { ...query, signal }));
    }),
    route('POST', PEER_PATHS.evict, async (ctx, peer) => {
      const { id, reason, graceSeconds } = parseWith(EvictBodySchema, ctx.body, 'body');
      const pod = await orchestrator.get(id);
      const principal = allow(peer, 'evict', pod.namespace);
      sendJson(ctx.res, 200, { pod: await orchestrator.evictOwn(id, principal, reason, graceSeconds), evicted: true });
    }),
    route('GET', PEER_PATHS.events, async (ctx, peer) => {
      allow(peer, 'read');
      // Only this node's own pod events (never those it relays: no loops), in namespaces the peer may read.
      await streamBusEvents(ctx, orchestrator.events, {
        visible: (event) => {
          if (!isOwnPodEvent(event)) return false;
          const namespaces = peerNamespaces(options.acl(), peer, 'read');
          return namespaces === '*' || namespaces.includes(event.namespace);
        },
        heartbeatMs: options.eventHeartbeatMs ?? DEFAULT_PEER_EVENT_HEARTBEAT_MS,
        heartbeat: 'event',
        maxQueued: PEER_EVENTS_MAX_QUEUED,
      });
    }),
    route('POST', PEER_PATHS.taskUpdate, async (ctx, peer) => {
      allow(peer, 'task-update');
      const { node: _node, ...update } = parseWith(TaskUpdateSchema, ctx.body, 'body');
      if (options.applyTaskUpdate === undefined) {
        sendJson(ctx.res, 202, { accepted: true, applied: false, update });
        return;
      }
      sendJson(ctx.res, 200, { accepted: true, applied: true, result: await options.applyTaskUpdate(update) });
    }),
  ];
}

/** One line per accepted peer request; with Tailscale, the caller's tags and login once whois answers. */
function logCaller(ctx: OrchestratorRouteContext, peer: VerifiedPeer, options: PeerRoutesOptions): void {
  const log = options.log;
  if (log === undefined) return;
  const line = `peer ${peer.name ?? '(unnamed)'} (node ${peer.nodeId}) ${ctx.req.method} ${ctx.url.pathname}`;
  const { remoteAddress, remotePort } = ctx.req.socket;
  if (options.whois === undefined || remoteAddress === undefined) {
    log(line);
    return;
  }
  const address = remoteAddress.includes(':') ? `[${remoteAddress}]:${remotePort}` : `${remoteAddress}:${remotePort}`;
  // Logged when whois answers; the request does not wait for it.
  options.whois(address).then(
    (identity) => log(identity === undefined ? `${line}; tailscale whois: ${address} is not on the tailnet` : `${line}; tailscale ${describeIdentity(identity)}`),
    (error: unknown) => log(`${line}; tailscale whois failed: ${(error as Error).message}`),
  );
}

function describeIdentity(identity: TailscaleIdentity): string {
  const tags = identity.tags.length === 0 ? 'no tags' : `tags ${identity.tags.join(',')}`;
  return `node ${identity.nodeName}, ${tags}, login ${identity.loginName ?? '(tagged device)'}`;
}
