import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AuditRecord } from '../audit/audit-chain';
import { canonicalJson } from '../canonical-json';
import { probeMachine } from '../capacity/host-probe';
import { nodeCapacity, toSchedulableNode, type MachineResources, type NodeCapacity } from '../capacity/node-capacity';
import {
  ContainerNameConflictError,
  ContainerNotFoundError,
  ForbiddenError,
  IdempotencyConflictError,
  InvalidRequestError,
  OrchestratorError,
  PodNotFoundError,
  PolicyViolationError,
  QuotaExceededError,
  UnknownNamespaceError,
  UnschedulableError,
} from '../errors';
import { formatSignatureHeader, parseSignatureHeader, verifyManifestSignature, type ManifestSignature } from '../policy/manifest-signature';
import { authorizationProblem, effectiveTtlSeconds, sha256Hex, workloadViolations, type Principal } from '../policy/policy-decisions';
import type { Policy, TokenAction } from '../policy/policy-schema';
import type { ContainerRuntime, ContainerSummary, EngineStatus, LogChunk, LogOptions } from '../runtime/container-runtime';
import { quotaViolations } from '../scheduling/quota';
import { MIB, sumResources, type Resources } from '../scheduling/resources';
import { placementOrder, type PlacementStep } from '../scheduling/placement-order';
import { Scheduler, type SchedulerOptions } from '../scheduling/scheduler';
import type { Pod, PodStatus } from '../workload/pod';
import { LABEL, podFromContainer, podLabels, podReserves } from '../workload/pod-labels';
import { WorkloadSpecSchema, type WorkloadSpec } from '../workload/workload-spec';
import { ABANDONED_REASON, abandonedPods } from './abandoned-pods';
import { EngineWatcher } from './engine-watcher';
import { EventBus } from './event-bus';
import { byCreation, mergePodLists } from './pod-list';
import type { PeerForwarding, PeerListProblem, PeerStatus } from './peer-forwarding';
import { podEventFrom, type OrchestratorEvent } from './pod-events';
import { SerialQueue } from './serial-queue';
import { SnapshotCache } from './snapshot-cache';
import { StoppedByEvent } from './stopped-by-event';
import { expiredPods } from './ttl';

// The orchestrator's use cases: schedule, list, get, logs, evict, TTL enforcement, events.
// Transport-neutral: the HTTP routes and the MCP tools both call these. The engine is the only
// store of pod state; nothing here survives a restart, and nothing needs to.

export const DEFAULT_NETWORK = 'vaultplane';
const MACHINE_CACHE_MS = 30_000;
const DEFAULT_MAX_PODS = 110;
const EVICT_GRACE_SECONDS = 5;
const POD_CACHE_MAX_AGE_MS = 2_000;

export interface AuditSink {
  append(record: AuditRecord): Promise<unknown>;
}

export interface OrchestratorOptions {
  runtime: ContainerRuntime;
  /** The policy in force, read at every decision (a PolicyStore's `current`). */
  policy: () => Policy;
  audit?: AuditSink;
  /** Free space of this directory is reported as the node's disk. */
  dataDir: string;
  /**
   * Default: the engine host's name. When given, this node owns only the containers labelled with
   * it, so several nodes can share one engine without taking each other's pods.
   */
  nodeName?: string;
  /** What this node offers, declared instead of what the engine reports (per field). */
  declaredCapacity?: { cpu?: number | undefined; memoryMb?: number | undefined; gpu?: number | undefined } | undefined;
  /** Other nodes to place on when this one cannot fit, and to list, log and evict through. */
  peers?: PeerForwarding | undefined;
  /** The private bridge network workloads join; default 'vaultplane'. */
  network?: string;
  /**
   * Labels every container this orchestrator starts (`vaultplane.owner`). Several servers may
   * share one engine; each sees every pod, and the owner says which ones a host's own reactions
   * (run notes, task checks) are for.
   */
  owner?: string;
  /** Given to every workload as VAULTPLANE_MCP_URL. */
  mcpUrl?: string;
  /** A token scoped to the pod, given as VAULTPLANE_TOKEN; undefined gives none. */
  workloadToken?: (pod: { id: string; namespace: string; task: string | undefined }) => string | undefined;
  scheduler?: SchedulerOptions;
  maxPods?: number;
  /** How long evicted and expired pods get between SIGTERM and SIGKILL; default 5 s. */
  evictGraceSeconds?: number;
  /** How often expired pods are looked for; default 5 s. */
  ttlIntervalMs?: number;
  nvidiaSmi?: string;
  now?: () => Date;
  /** Problems in background loops (TTL, audit) that have no caller to throw to. */
  onError?: (error: Error) => void;
  /** Delays of the engine event stream's reconnects. */
  engineRetryMs?: { min: number; max: number };
  /**
   * Longest time list() answers from its snapshot if an engine event were missed; events and the
   * orchestrator's own changes refresh it at once. Default 2 s; 0 reads the engine every time.
   */
  podCacheMaxAgeMs?: number;
}

export interface ScheduleContext {
  principal: Principal;
  idempotencyKey?: string | undefined;
  /**
   * Over the spec exactly as given (policy/manifest-signature.ts), as a pair or as the text of a
   * Vaultplane-Signature header; required when the policy says so.
   */
  signature?: ManifestSignature | string | undefined;
  /** Place on this node or nowhere: set for requests a peer forwarded, so work never hops twice. */
  localOnly?: boolean | undefined;
}

export interface ScheduleResult {
  pod: Pod;
  /** False when an earlier request with the same idempotency key already started it. */
  created: boolean;
}

export interface ClusterPods {
  pods: Pod[];
  /** Peers whose pods are missing from the list because they did not answer. */
  unreachable: PeerListProblem[];
}

export interface PodFilter {
  namespace?: string | undefined;
  task?: string | undefined;
  status?: PodStatus | undefined;
}

export interface Health {
  status: 'ok' | 'degraded';
  node: string | undefined;
  engine: EngineStatus;
  capacity: NodeCapacity | null;
  pods: number | null;
  namespaces: string[];
  /** With peering: every configured peer and whether it answers. */
  peers?: PeerStatus[];
}

const POD_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

export const ADMIN: Principal = { kind: 'admin', name: 'admin' };
const SYSTEM_ACTOR = 'orchestrator';

export class Orchestrator {
  readonly events = new EventBus<OrchestratorEvent>();
  private readonly runtime: ContainerRuntime;
  private readonly scheduler: Scheduler;
  private readonly decisions = new SerialQueue();
  private readonly inFlight = new Map<string, Promise<ScheduleResult>>();
  private readonly watcher: EngineWatcher;
  /** What list() answers: read from the engine, kept while the event stream says nothing changed. */
  private readonly podCache: SnapshotCache<Pod[]>;
  private readonly stoppedByEvent = new StoppedByEvent();
  private machineCache: { value: MachineResources; at: number } | undefined;
  private ttlTimer: NodeJS.Timeout | undefined;
  private ttlRunning: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OrchestratorOptions) {
    this.runtime = options.runtime;
    this.scheduler = new Scheduler(options.scheduler);
    this.podCache = new SnapshotCache(async () => (await this.listAll()).sort(byCreation), { maxAgeMs: options.podCacheMaxAgeMs ?? POD_CACHE_MAX_AGE_MS });
    this.watcher = new EngineWatcher(this.runtime, {
      onEvent: (event) => {
        this.stoppedByEvent.note(event);
        this.podCache.invalidate();
        const podEvent = podEventFrom(event);
        // On an engine shared with other nodes, their pods' events are theirs to announce.
        const ours = options.nodeName === undefined || event.labels[LABEL.node] === options.nodeName;
        if (podEvent !== undefined && ours) this.events.publish(podEvent);
      },
      onState: (state, reason) => {
        // Only while the event stream runs does a kept pod list hear about changes.
        this.podCache.setEnabled(state === 'available');
        this.events.publish({ type: 'engine', state, ...(reason === undefined ? {} : { reason }), time: this.now().toISOString() });
      },
      ...(options.engineRetryMs === undefined ? {} : { minRetryMs: options.engineRetryMs.min, maxRetryMs: options.engineRetryMs.max }),
    });
  }

  /** Starts following engine events, enforcing TTLs and removing pods failed schedules left. */
  start(): void {
    this.watcher.start();
    if (this.ttlTimer === undefined) {
      this.ttlTimer = setInterval(() => {
        this.ttlRunning = this.enforceTtl()
          .then(() => this.removeAbandoned())
          .catch((error: unknown) => this.report(error));
      }, this.options.ttlIntervalMs ?? 5_000);
      this.ttlTimer.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.ttlTimer);
    this.ttlTimer = undefined;
    await Promise.all([this.watcher.stop(), this.ttlRunning]);
    this.podCache.setEnabled(false);
  }

  async health(): Promise<Health> {
    const engine = await this.runtime.ping();
    const namespaces = Object.keys(this.options.policy().namespaces);
    const peers = this.options.peers === undefined ? {} : { peers: this.options.peers.status() };
    if (!engine.reachable) return { status: 'degraded', node: this.options.nodeName, engine, capacity: null, pods: null, namespaces, ...peers };
    // Peers poll /health: the pod snapshot spares the engine a list call per poll.
    const [machine, pods] = await Promise.all([this.machine(true), this.podCache.get()]);
    const capacity = nodeCapacity(machine, pods.filter(podReserves).map(reservation));
    return { status: 'ok', node: machine.node, engine, capacity, pods: pods.length, namespaces, ...peers };
  }

  async schedule(input: unknown, context: ScheduleContext): Promise<ScheduleResult> {
    const parsed = WorkloadSpecSchema.safeParse(input);
    if (!parsed.success) {
      const error = new InvalidRequestError(z.prettifyError(parsed.error).replace(/\n+/g, ' '));
      await this.record({ type: 'refusal', actor: context.principal.name, data: { code: error.code, message: error.message } });
      throw error;
    }
    const spec = parsed.data;
    let signedBy: string | undefined;
    try {
      this.authorize(context.principal, 'schedule', spec.namespace);
      // Before the idempotency key is looked at: a replay must carry a valid signature too.
      const signature = typeof context.signature === 'string' ? parseSignatureHeader(context.signature) : context.signature;
      signedBy = verifyManifestSignature(this.options.policy().signing, input, signature);
    } catch (error) {
      await this.refused(context.principal, spec, error);
      throw error;
    }

    const key = context.idempotencyKey;
    if (key === undefined) return this.scheduleOnce(spec, input, context, undefined, signedBy);
    if (key.length === 0 || key.length > 255) throw new InvalidRequestError('the Idempotency-Key must be 1 to 255 characters');
    const keyHash = sha256Hex(`${spec.namespace}\0${key}`).slice(0, 32);
    // The same key twice at once: the second waits for the first and gets its pod.
    const running = this.inFlight.get(keyHash);
    if (running !== undefined) return running.then((result) => this.replay(result.pod, spec));
    const attempt = this.scheduleOnce(spec, input, context, keyHash, signedBy).finally(() => this.inFlight.delete(keyHash));
    this.inFlight.set(keyHash, attempt);
    return attempt;
  }

  /** Oldest first. A new array each call; the pods in it are shared, so do not change them. */
  async list(filter: PodFilter = {}): Promise<Pod[]> {
    const pods = await this.podCache.get();
    return pods.filter(
      (pod) =>
        (filter.namespace === undefined || pod.namespace === filter.namespace) &&
        (filter.task === undefined || pod.task === filter.task) &&
        (filter.status === undefined || pod.status === filter.status),
    );
  }

  /** This node's pods and every reachable peer's, each with its `node`; oldest first. */
  async listCluster(filter: PodFilter = {}): Promise<ClusterPods> {
    const [local, remote] = await Promise.all([this.list(filter), this.options.peers?.list(filter) ?? { pods: [], unreachable: [] }]);
    return { pods: mergePodLists(local, remote.pods), unreachable: remote.unreachable };
  }

  /** A pod of this node, or (with peers) of the peer that has it. */
  async find(id: string, principal: Principal = ADMIN): Promise<Pod> {
    try {
      return await this.get(id, principal);
    } catch (error) {
      if (!(error instanceof PodNotFoundError) || this.options.peers === undefined) throw error;
      const pod = await this.options.peers.locate(id);
      if (pod === undefined) throw error;
      this.authorize(principal, 'read', pod.namespace);
      return pod;
    }
  }

  /** One of this node's own pods (never a peer's). */
  async get(id: string, principal: Principal = ADMIN): Promise<Pod> {
    // Pod ids are container names; anything else (a path, a pattern) is not one of ours.
    if (!POD_ID.test(id)) throw new PodNotFoundError(id);
    let details;
    try {
      details = await this.runtime.inspectContainer(id);
    } catch (error) {
      if (error instanceof ContainerNotFoundError) throw new PodNotFoundError(id);
      throw error;
    }
    const pod = podFromContainer(details);
    // A container without our labels is not a pod, even if someone guessed its name.
    const sameContainer = details.name === id || details.id === id || (id.length >= 12 && details.id.startsWith(id));
    if (pod === undefined || !sameContainer || !this.owns(pod)) throw new PodNotFoundError(id);
    this.authorize(principal, 'read', pod.namespace);
    return pod;
  }

  /** stdout and stderr of a pod here or on a peer. Throws PodNotFoundError before the first chunk. */
  async logs(id: string, options: LogOptions, principal: Principal = ADMIN): Promise<AsyncIterable<LogChunk>> {
    const pod = await this.find(id, principal);
    if (!this.owns(pod)) return this.options.peers!.logs(pod, options);
    return this.runtime.logs(pod.containerId, options);
  }

  /** Logs of one of this node's own pods (what a peer may ask for). */
  async ownLogs(id: string, options: LogOptions, principal: Principal = ADMIN): Promise<AsyncIterable<LogChunk>> {
    const pod = await this.get(id, principal);
    return this.runtime.logs(pod.containerId, options);
  }

  /** Evicts a pod here, or asks the peer that has it to. */
  async evict(id: string, principal: Principal = ADMIN, reason = 'requested', graceSeconds?: number): Promise<Pod> {
    const pod = await this.find(id, principal);
    this.authorize(principal, 'evict', pod.namespace);
    if (!this.owns(pod)) {
      const evicted = await this.options.peers!.evict(pod, reason, graceSeconds);
      await this.record({ type: 'eviction', actor: principal.name, data: { pod: pod.id, namespace: pod.namespace, reason, node: pod.node, forwarded: true } });
      return evicted;
    }
    return this.evictPod(pod, principal, reason, graceSeconds);
  }

  /** Evicts one of this node's own pods (what a peer may ask for). */
  async evictOwn(id: string, principal: Principal = ADMIN, reason = 'requested', graceSeconds?: number): Promise<Pod> {
    const pod = await this.get(id, principal);
    this.authorize(principal, 'evict', pod.namespace);
    return this.evictPod(pod, principal, reason, graceSeconds);
  }

  /** Removes a pod already read and authorized, records it and tells the bus. */
  private async evictPod(pod: Pod, principal: Principal, reason: string, graceSeconds: number | undefined): Promise<Pod> {
    await this.remove(pod, graceSeconds);
    await this.record({ type: 'eviction', actor: principal.name, data: { pod: pod.id, namespace: pod.namespace, reason } });
    this.events.publish({ type: 'evicted', podId: pod.id, name: pod.name, namespace: pod.namespace, task: pod.task, time: this.now().toISOString() });
    return { ...pod, status: 'terminating' };
  }

  /** Whether `node` names this node (its declared name, or the engine host's). */
  async isThisNode(node: string): Promise<boolean> {
    return node === (this.options.nodeName ?? (await this.machine(false)).node);
  }

  /** Hands a Spec-Kit task update to the peer node whose vault holds the task. */
  async forwardTaskUpdate(node: string, update: object): Promise<unknown> {
    if (this.options.peers === undefined) throw new InvalidRequestError(`node '${node}' is not this node and no peers are configured; leave node out to update this node's vault`);
    return this.options.peers.taskUpdate(node, update);
  }

  /** Evicts every pod past its TTL; returns their ids. Runs on a timer after start(). */
  async enforceTtl(): Promise<string[]> {
    return this.removeAll(expiredPods(await this.podCache.get(), this.now()), async (pod) => {
      await this.record({ type: 'expiry', actor: SYSTEM_ACTOR, data: { pod: pod.id, namespace: pod.namespace, expiresAt: pod.expiresAt } });
      this.events.publish({ type: 'expired', podId: pod.id, name: pod.name, namespace: pod.namespace, task: pod.task, time: this.now().toISOString() });
    });
  }

  /**
   * Removes pods that were created but never started long ago (see abandoned-pods.ts): the
   * engine died between a schedule's create and start, so nobody could remove them then.
   * Runs on the TTL timer.
   */
  async removeAbandoned(): Promise<string[]> {
    return this.removeAll(abandonedPods(await this.podCache.get(), this.now()), async (pod) => {
      await this.record({ type: 'eviction', actor: SYSTEM_ACTOR, data: { pod: pod.id, namespace: pod.namespace, reason: ABANDONED_REASON } });
      this.events.publish({ type: 'evicted', podId: pod.id, name: pod.name, namespace: pod.namespace, task: pod.task, time: this.now().toISOString() });
    });
  }

  private async removeAll(pods: Pod[], afterRemoval: (pod: Pod) => Promise<void>): Promise<string[]> {
    const removed: string[] = [];
    for (const pod of pods) {
      try {
        await this.remove(pod);
      } catch (error) {
        // Gone already (evicted meanwhile): nothing to do. Anything else: try again next round.
        if (error instanceof ContainerNotFoundError || error instanceof PodNotFoundError) continue;
        this.report(error);
        continue;
      }
      removed.push(pod.id);
      await afterRemoval(pod);
    }
    return removed;
  }

  /** For the policy store's change callback: audited and announced. */
  async policyChanged(state: 'changed' | 'rejected', reason?: string): Promise<void> {
    await this.record({
      type: state === 'changed' ? 'policy-change' : 'policy-rejected',
      actor: SYSTEM_ACTOR,
      data: state === 'changed' ? { policyHash: sha256Hex(canonicalJson(this.options.policy())) } : { reason: reason ?? '' },
    });
    this.events.publish({ type: 'policy', state, ...(reason === undefined ? {} : { reason }), time: this.now().toISOString() });
  }

  authorize(principal: Principal, action: TokenAction, namespace?: string): void {
    const problem = authorizationProblem(principal, action, namespace);
    if (problem !== undefined) throw new ForbiddenError(problem);
  }

  private async scheduleOnce(spec: WorkloadSpec, input: unknown, context: ScheduleContext, keyHash: string | undefined, signedBy: string | undefined): Promise<ScheduleResult> {
    const principal = context.principal;
    const specHash = sha256Hex(canonicalJson(spec));
    if (keyHash !== undefined) {
      const [existing] = await this.podsMatching({ [LABEL.idempotencyKey]: keyHash });
      if (existing !== undefined) return this.replay(existing, spec);
    }
    const policy = this.options.policy();
    try {
      this.checkPolicy(policy, spec);
    } catch (error) {
      await this.refused(principal, spec, error);
      throw error;
    }
    const resources: Resources = { cpu: spec.cpu, memoryBytes: spec.memoryMb * MIB, gpus: spec.gpu };
    const id = `${spec.name}-${keyHash?.slice(0, 8) ?? randomBytes(4).toString('hex')}`;

    const peers = context.localOnly === true ? undefined : this.options.peers;
    let placed: { containerId: string; node: string } | { forward: PlacementStep[] };
    try {
      placed = await this.decisions.run(async () => {
        const [machine, pods] = await Promise.all([this.machine(false), this.listAll()]);
        const holding = pods.filter(podReserves);
        const quota = policy.namespaces[spec.namespace]?.quota ?? {};
        const inNamespace = holding.filter((pod) => pod.namespace === spec.namespace).map(reservation);
        const problems = quotaViolations(quota, { ...sumResources(inNamespace), pods: inNamespace.length }, resources);
        // A node's namespace quota bounds what runs on that node: over it, only peers may take it.
        const overQuota = problems.length > 0 ? new QuotaExceededError(spec.namespace, problems) : undefined;
        if (overQuota !== undefined && peers === undefined) throw overQuota;

        const candidate = toSchedulableNode(machine, holding.map(reservation), { ready: true, maxPods: this.options.maxPods ?? DEFAULT_MAX_PODS });
        // A runtime that places across nodes (Swarm) is handed the node and label constraints;
        // the scheduler then only checks the request against the cluster's total.
        const placedHere = this.runtime.placesAcrossNodes !== true;
        const request = {
          resources,
          node: placedHere ? spec.placement?.node : undefined,
          nodeSelector: placedHere ? spec.placement?.nodeSelector : undefined,
          preferredNodes: spec.placement?.preferredNodes,
        };
        // This node and the available peers are filtered and scored together.
        const ranking = this.scheduler.rank([candidate, ...(peers?.nodes() ?? [])], request);
        const steps = placementOrder(candidate.name, ranking.ranked).filter((step) => !(step.local && overQuota !== undefined));
        if (steps.length === 0) throw overQuota ?? new UnschedulableError(ranking.message);
        // Forwarded outside the decision queue: a slow peer must not hold up local decisions.
        if (!steps[0]!.local) return { forward: steps };
        const decision = steps[0]!;

        const ttl = effectiveTtlSeconds(policy, spec);
        const created = await this.runtime.createContainer({
          image: spec.image,
          name: id,
          ...(spec.command === undefined ? {} : { command: spec.command }),
          env: this.workloadEnv(spec, id),
          labels: podLabels({
            name: spec.name,
            namespace: spec.namespace,
            task: spec.task,
            node: decision.node,
            specHash,
            expiresAt: ttl === undefined ? undefined : new Date(this.now().getTime() + ttl * 1000),
            resources: { cpu: spec.cpu, memoryMb: spec.memoryMb, gpu: spec.gpu },
            labels: spec.labels ?? {},
            idempotencyKeyHash: keyHash,
            completeTask: spec.completeTask === true && spec.task !== undefined,
            owner: this.options.owner,
          }),
          ...(spec.workingDir === undefined ? {} : { workingDir: spec.workingDir }),
          cpu: spec.cpu,
          memoryBytes: spec.memoryMb * MIB,
          gpus: spec.gpu,
          network: this.options.network ?? DEFAULT_NETWORK,
          ...(spec.hostNetwork === undefined ? {} : { hostNetwork: spec.hostNetwork }),
          ...(spec.privileged === undefined ? {} : { privileged: spec.privileged }),
          ...(spec.capAdd === undefined ? {} : { capAdd: spec.capAdd }),
          ...(spec.mounts === undefined ? {} : { mounts: spec.mounts }),
          ...(spec.placement === undefined ? {} : { placement: { node: spec.placement.node, nodeLabels: spec.placement.nodeSelector } }),
        });
        this.podCache.invalidate();
        // Once created, the container is in the engine's list and reserves its share, so the
        // next decision may proceed while this one starts.
        return { containerId: created.id, node: decision.node };
      });
    } catch (error) {
      // Another request with the same key (another process, or before a restart) won the name.
      if (error instanceof ContainerNameConflictError && keyHash !== undefined) {
        const [existing] = await this.podsMatching({ [LABEL.idempotencyKey]: keyHash });
        if (existing !== undefined) return this.replay(existing, spec);
      }
      await this.refused(principal, spec, error);
      throw error;
    }
    if ('forward' in placed) return this.forward(placed.forward, spec, input, context, keyHash);
    const { containerId, node } = placed;

    try {
      await this.runtime.startContainer(containerId);
    } catch (error) {
      // Nothing left behind: a container that cannot start is removed again.
      await this.runtime.removeContainer(containerId).catch(() => undefined);
      await this.refused(principal, spec, error);
      throw error;
    } finally {
      this.podCache.invalidate();
    }
    const pod = await this.get(id);
    await this.record({
      type: 'schedule',
      actor: principal.name,
      data: { pod: id, namespace: spec.namespace, image: spec.image, node, resources: pod.resources, specHash, task: spec.task ?? null, signedBy: signedBy ?? null },
    });
    this.events.publish({ type: 'scheduled', podId: id, name: spec.name, namespace: spec.namespace, task: pod.task, time: this.now().toISOString() });
    return { pod, created: true };
  }

  /** Places on the peers in order; the key (the caller's, hashed, or a new one) makes retries safe. */
  private async forward(steps: PlacementStep[], spec: WorkloadSpec, input: unknown, context: ScheduleContext, keyHash: string | undefined): Promise<ScheduleResult> {
    const signature = typeof context.signature === 'string' || context.signature === undefined ? context.signature : formatSignatureHeader(context.signature);
    let placement;
    try {
      placement = await this.options.peers!.place(steps, input, keyHash ?? randomUUID(), signature);
    } catch (error) {
      await this.refused(context.principal, spec, error);
      throw error;
    }
    const { pod } = placement;
    await this.record({
      type: 'schedule',
      actor: context.principal.name,
      data: { pod: pod.id, namespace: spec.namespace, image: spec.image, node: pod.node, peer: placement.peer, forwarded: true, created: placement.created, attempts: placement.attempts, specHash: pod.specHash, task: spec.task ?? null },
    });
    // Tagged with the peer's node: it is that node's pod, so this node never offers the event to its peers as its own.
    if (placement.created) this.events.publish({ type: 'scheduled', podId: pod.id, name: spec.name, namespace: spec.namespace, task: pod.task, time: this.now().toISOString(), node: pod.node });
    return { pod, created: placement.created };
  }

  /** Whether the pod is this node's: with a declared node name, only pods labelled with it are. */
  private owns(pod: Pod): boolean {
    return this.options.nodeName === undefined || pod.node === this.options.nodeName;
  }

  private replay(pod: Pod, spec: WorkloadSpec): ScheduleResult {
    if (pod.specHash !== sha256Hex(canonicalJson(spec))) throw new IdempotencyConflictError(pod.id);
    return { pod, created: false };
  }

  private checkPolicy(policy: Policy, spec: WorkloadSpec): void {
    const violations = workloadViolations(policy, spec);
    if (violations.some((v) => v.rule === 'namespace')) throw new UnknownNamespaceError(spec.namespace, Object.keys(policy.namespaces));
    if (violations.length > 0) throw new PolicyViolationError(violations);
  }

  private workloadEnv(spec: WorkloadSpec, id: string): Record<string, string> {
    const env: Record<string, string> = { ...spec.env, VAULTPLANE_POD_ID: id, VAULTPLANE_NAMESPACE: spec.namespace };
    if (spec.task !== undefined) env.VAULTPLANE_TASK = spec.task;
    if (this.options.mcpUrl !== undefined) env.VAULTPLANE_MCP_URL = this.options.mcpUrl;
    const token = this.options.workloadToken?.({ id, namespace: spec.namespace, task: spec.task });
    if (token !== undefined) env.VAULTPLANE_TOKEN = token;
    return env;
  }

  private async remove(pod: Pod, graceSeconds = this.options.evictGraceSeconds ?? EVICT_GRACE_SECONDS): Promise<void> {
    if (pod.status === 'running' || pod.status === 'paused') {
      await this.runtime.stopContainer(pod.containerId, { graceSeconds }).catch((error: unknown) => {
        if (!(error instanceof ContainerNotFoundError)) throw error;
      });
    }
    try {
      await this.runtime.removeContainer(pod.containerId);
    } catch (error) {
      if (error instanceof ContainerNotFoundError) throw new PodNotFoundError(pod.id);
      throw error;
    } finally {
      this.podCache.invalidate();
    }
  }

  private async refused(principal: Principal, spec: WorkloadSpec, error: unknown): Promise<void> {
    const code = error instanceof OrchestratorError ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    await this.record({ type: 'refusal', actor: principal.name, data: { name: spec.name, namespace: spec.namespace, image: spec.image, code, message } });
  }

  private async record(record: AuditRecord): Promise<void> {
    if (this.options.audit === undefined) return;
    try {
      await this.options.audit.append(record);
    } catch (error) {
      this.report(new Error(`Could not write the audit log (${error instanceof Error ? error.message : String(error)}); check the disk and the file's permissions`));
    }
  }

  private listAll(): Promise<Pod[]> {
    return this.podsMatching({});
  }

  /** Our pods (they carry the workload label) that also carry these labels. */
  private async podsMatching(labels: Record<string, string | true>): Promise<Pod[]> {
    const own: Record<string, string> = this.options.nodeName === undefined ? {} : { [LABEL.node]: this.options.nodeName };
    const listed = await this.runtime.listContainers({ labels: { [LABEL.workload]: true, ...own, ...labels } });
    const containers = await Promise.all(listed.map((container) => this.withEventState(container)));
    return containers.map(podFromContainer).filter((pod): pod is Pod => pod !== undefined);
  }

  /** The container as inspect sees it when an event already said it stopped and the list disagrees. */
  private async withEventState(container: ContainerSummary): Promise<ContainerSummary> {
    if (!this.stoppedByEvent.contradicts(container)) return container;
    try {
      const details = await this.runtime.inspectContainer(container.id);
      this.stoppedByEvent.settled(details);
      return details;
    } catch (error) {
      if (!(error instanceof ContainerNotFoundError)) throw error;
      this.stoppedByEvent.forget(container.id);
      return container;
    }
  }

  private async machine(fresh: boolean): Promise<MachineResources> {
    const cached = this.machineCache;
    if (!fresh && cached !== undefined && Date.now() - cached.at < MACHINE_CACHE_MS) return cached.value;
    const engine = await this.runtime.info();
    const value = await probeMachine({
      engine,
      dataDir: this.options.dataDir,
      ...(this.options.nodeName === undefined ? {} : { nodeName: this.options.nodeName }),
      ...(this.options.nvidiaSmi === undefined ? {} : { nvidiaSmi: this.options.nvidiaSmi }),
    });
    const declared = this.options.declaredCapacity;
    if (declared !== undefined) {
      if (declared.cpu !== undefined) value.cpu = declared.cpu;
      if (declared.memoryMb !== undefined) value.memoryBytes = declared.memoryMb * MIB;
      // Declared GPUs are counted, not probed: no device details are known.
      if (declared.gpu !== undefined) value.gpus = Array.from({ length: declared.gpu }, (_, index) => value.gpus[index] ?? { index, name: 'declared', memoryMb: 0 });
    }
    this.machineCache = { value, at: Date.now() };
    return value;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private report(error: unknown): void {
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}

function reservation(pod: Pod): Resources {
  return { cpu: pod.resources.cpu, memoryBytes: pod.resources.memoryMb * MIB, gpus: pod.resources.gpu };
}
