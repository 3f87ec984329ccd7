// The orchestrator's one error family. `code` is stable: the HTTP API and the MCP tools turn
// these into responses in one place, keyed on the code, so messages may improve freely.

export type OrchestratorErrorCode =
  | 'ENGINE_UNAVAILABLE'
  | 'ENGINE_REQUEST_FAILED'
  | 'IMAGE_NOT_FOUND'
  | 'INVALID_DOCKER_HOST'
  | 'INVALID_RUN_SPEC'
  | 'CONTAINER_NOT_FOUND'
  | 'CONTAINER_NAME_CONFLICT'
  | 'INVALID_REQUEST'
  | 'INVALID_POLICY'
  | 'POLICY_VIOLATION'
  | 'UNKNOWN_NAMESPACE'
  | 'QUOTA_EXCEEDED'
  | 'UNSCHEDULABLE'
  | 'POD_NOT_FOUND'
  | 'IDEMPOTENCY_CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'SIGNATURE_REQUIRED'
  | 'UNKNOWN_SIGNING_KEY'
  | 'INVALID_SIGNATURE'
  | 'SWARM_NOT_MANAGER'
  | 'PEER_UNAVAILABLE';

export class OrchestratorError extends Error {
  readonly code: OrchestratorErrorCode;

  constructor(code: OrchestratorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export function isOrchestratorError(value: unknown): value is OrchestratorError {
  return value instanceof OrchestratorError;
}

/** No container engine answers at the configured address (missing socket, refused, timed out, no permission). */
export class EngineUnavailableError extends OrchestratorError {
  readonly endpoint: string;

  constructor(endpoint: string, reason: string, options?: { cause?: unknown }) {
    super(
      'ENGINE_UNAVAILABLE',
      `No Docker engine answers at ${endpoint} (${reason}). Start one ('systemctl start docker', or ` +
        `'dockerd &' as root; in CI 'bash .ci/run') or set DOCKER_HOST to a running engine, then retry.`,
      options,
    );
    this.endpoint = endpoint;
  }
}

/** The engine answered but refused or failed a request for a reason that is not one of the cases above. */
export class EngineRequestError extends OrchestratorError {
  readonly operation: string;
  readonly statusCode: number | undefined;

  constructor(operation: string, detail: string, statusCode?: number, options?: { cause?: unknown }) {
    const status = statusCode === undefined ? '' : ` (HTTP ${statusCode})`;
    super('ENGINE_REQUEST_FAILED', `Docker engine failed to ${operation}${status}: ${detail}`, options);
    this.operation = operation;
    this.statusCode = statusCode;
  }
}

/** The image is not present on the engine. The runtime never pulls implicitly. */
export class ImageNotFoundError extends OrchestratorError {
  readonly image: string;

  constructor(image: string, options?: { cause?: unknown }) {
    super(
      'IMAGE_NOT_FOUND',
      `Image '${image}' is not on the Docker engine. Pull or build it there first ('docker pull ${image}' ` +
        `or 'docker build -t ${image} .'), or check the name and tag.`,
      options,
    );
    this.image = image;
  }
}

/** The swarm runtime is configured, but the engine cannot manage Swarm services. */
export class NotSwarmManagerError extends OrchestratorError {
  readonly endpoint: string;

  constructor(endpoint: string, state: string, options?: { cause?: unknown }) {
    super(
      'SWARM_NOT_MANAGER',
      `The Docker engine at ${endpoint} is not a Swarm manager (${state}). Run 'docker swarm init' on it (or join it to your ` +
        `swarm as a manager), point DOCKER_HOST at a manager, or set VAULTPLANE_RUNTIME=docker to run plain containers.`,
      options,
    );
    this.endpoint = endpoint;
  }
}

export class InvalidDockerHostError extends OrchestratorError {
  readonly value: string;

  constructor(value: string, reason: string, options?: { cause?: unknown }) {
    super(
      'INVALID_DOCKER_HOST',
      `DOCKER_HOST '${value}' cannot be used: ${reason}. Use unix:///path/to/docker.sock or tcp://host:port, ` +
        `or unset it to use /var/run/docker.sock.`,
      options,
    );
    this.value = value;
  }
}

export class InvalidRunSpecError extends OrchestratorError {
  constructor(reason: string) {
    super('INVALID_RUN_SPEC', `Invalid container spec: ${reason}.`);
  }
}

/** The engine has no container with this id or name (already removed, or never ours). */
export class ContainerNotFoundError extends OrchestratorError {
  readonly container: string;

  constructor(container: string, options?: { cause?: unknown }) {
    super(
      'CONTAINER_NOT_FOUND',
      `Container '${container}' does not exist on the Docker engine; it was removed or never existed. List the current ones and use one of their ids.`,
      options,
    );
    this.container = container;
  }
}

export class ContainerNameConflictError extends OrchestratorError {
  readonly containerName: string;

  constructor(containerName: string, options?: { cause?: unknown }) {
    super(
      'CONTAINER_NAME_CONFLICT',
      `A container named '${containerName}' already exists on the Docker engine; pick another name or remove that container first.`,
      options,
    );
    this.containerName = containerName;
  }
}

/** A request body or query that does not have the right shape; the message names the fields. */
export class InvalidRequestError extends OrchestratorError {
  constructor(detail: string) {
    super('INVALID_REQUEST', `Invalid request: ${detail}. Fix the fields named and retry.`);
  }
}

export class InvalidPolicyError extends OrchestratorError {
  readonly path: string;

  constructor(path: string, detail: string, options?: { cause?: unknown }) {
    super('INVALID_POLICY', `Policy file ${path} is not valid: ${detail}. Fix it; until then the previous policy stays in force.`, options);
    this.path = path;
  }
}

export class PolicyViolationError extends OrchestratorError {
  readonly violations: readonly { rule: string; message: string }[];

  constructor(violations: readonly { rule: string; message: string }[]) {
    super(
      'POLICY_VIOLATION',
      `The policy refuses this workload: ${violations.map((v) => v.message).join('; ')}. ` +
        'Change the spec, or have an operator allow it in the policy file.',
    );
    this.violations = violations;
  }
}

export class UnknownNamespaceError extends OrchestratorError {
  readonly namespace: string;

  constructor(namespace: string, known: readonly string[]) {
    super(
      'UNKNOWN_NAMESPACE',
      `Namespace '${namespace}' does not exist; use one of: ${known.join(', ') || '(none)'}, or add it under namespaces: in the policy file.`,
    );
    this.namespace = namespace;
  }
}

export class QuotaExceededError extends OrchestratorError {
  readonly namespace: string;

  constructor(namespace: string, problems: readonly string[]) {
    super(
      'QUOTA_EXCEEDED',
      `Namespace '${namespace}' would go over its quota (${problems.join('; ')}). ` +
        `Evict a workload in '${namespace}', ask for less, or raise the quota in the policy file.`,
    );
    this.namespace = namespace;
  }
}

export class UnschedulableError extends OrchestratorError {
  constructor(detail: string) {
    super('UNSCHEDULABLE', `No node can run this workload: ${detail} Ask for less, or evict something first.`);
  }
}

export class PodNotFoundError extends OrchestratorError {
  readonly pod: string;

  constructor(pod: string) {
    super('POD_NOT_FOUND', `No pod '${pod}' is managed here (it was evicted, never existed, or is not ours). List pods with GET /pods.`);
    this.pod = pod;
  }
}

export class IdempotencyConflictError extends OrchestratorError {
  constructor(podId: string) {
    super(
      'IDEMPOTENCY_CONFLICT',
      `This idempotency key already started pod '${podId}' from a different spec; use a new key for a new workload.`,
    );
  }
}

export class ForbiddenError extends OrchestratorError {
  constructor(reason: string) {
    super('FORBIDDEN', `Not allowed: ${reason}. Use a token that has this permission.`);
  }
}

export class UnauthorizedError extends OrchestratorError {
  constructor() {
    super('UNAUTHORIZED', 'Missing or wrong bearer token; send Authorization: Bearer <token> (VAULTPLANE_TOKEN or <data>/token).');
  }
}

const HOW_TO_SIGN =
  "Sign the spec's canonical JSON (sorted keys, no whitespace) with an ed25519 key listed under signing.keys in the policy " +
  "and send 'Vaultplane-Signature: <keyId>:<base64 signature>'";

/** The policy requires signed workload specs and the request carries no signature. */
export class SignatureRequiredError extends OrchestratorError {
  constructor() {
    super('SIGNATURE_REQUIRED', `The policy only runs signed workload specs and this one is not signed. ${HOW_TO_SIGN}, then retry.`);
  }
}

export class UnknownSigningKeyError extends OrchestratorError {
  readonly keyId: string;

  constructor(keyId: string, known: readonly string[]) {
    super(
      'UNKNOWN_SIGNING_KEY',
      `The spec is signed with key '${keyId}', which the policy does not list (known: ${known.join(', ') || 'none'}). ` +
        'Sign with one of those keys, or have an operator add its public key under signing.keys in the policy file.',
    );
    this.keyId = keyId;
  }
}

/** The signature does not verify: the spec changed after signing, or another key signed it. */
export class InvalidSignatureError extends OrchestratorError {
  readonly keyId: string;

  constructor(keyId: string, detail = 'it does not match this spec: the spec was changed after it was signed, or another key signed it') {
    super('INVALID_SIGNATURE', `The signature by key '${keyId}' is not valid: ${detail}. ${HOW_TO_SIGN} over exactly the spec you send, then retry.`);
    this.keyId = keyId;
  }
}
