import type Docker from 'dockerode';
import { InvalidRunSpecError } from '../errors';
import type { ContainerSpec, PlacementConstraints } from './container-runtime';
import { NANO_CPUS_PER_CORE } from './docker-create-options';
import { toEnvList } from './run-spec';

// Our ContainerSpec as the body of Docker's POST /services/create. Pure, so the translation
// (reservations and limits, constraints, restart policy) is tested without a swarm.

/** The reference the caller asked for, kept on the service: the task runs a resolved one. */
export const SWARM_IMAGE_LABEL = 'vaultplane.swarm.image';
/**
 * The generic resource kind GPUs are reserved as. A node offers them only when its dockerd is
 * started with `--node-generic-resource NVIDIA-GPU=<uuid>` (or node-generic-resources in
 * daemon.json); Swarm itself does not discover GPUs.
 */
export const GPU_RESOURCE_KIND = 'NVIDIA-GPU';

// swarmkit's own patterns (manager/constraint/constraint.go): anything else is refused at
// create time with a less helpful message.
const CONSTRAINT_KEY = /^[a-z_][a-z0-9\-_.]+$/i;
const CONSTRAINT_VALUE = /^[a-z0-9:\-_\s.*()?+[\]\\^$|/]+$/i;

/** Swarm's placement constraints for our hints: node.hostname==…, node.labels.<key>==…. */
export function placementConstraints(placement: PlacementConstraints | undefined): string[] {
  const wanted: Array<[string, string]> = [];
  if (placement?.node !== undefined) wanted.push(['node.hostname', placement.node]);
  for (const [key, value] of Object.entries(placement?.nodeLabels ?? {})) wanted.push([`node.labels.${key}`, value]);
  return wanted.map(([key, value]) => {
    if (!CONSTRAINT_KEY.test(key)) {
      throw new InvalidRunSpecError(`node label '${key.replace(/^node\.labels\./, '')}' cannot be a Swarm constraint; use letters, digits, '_', '.' and '-'`);
    }
    if (!CONSTRAINT_VALUE.test(value)) {
      throw new InvalidRunSpecError(`placement value '${value}' for ${key} cannot be a Swarm constraint; use letters, digits and : _ . / -`);
    }
    return `${key}==${value}`;
  });
}

/**
 * One replica that runs once: Swarm never restarts it (the orchestrator decides about exits, as
 * with plain containers), and it starts with 0 replicas so that create does not start it.
 * `image` is the reference the task pulls nothing for (see SwarmRuntime.resolveImage).
 */
export function toServiceSpec(spec: ContainerSpec, image: string, overlayNetwork: string | undefined): Docker.CreateServiceOptions {
  if (spec.privileged === true) {
    throw new InvalidRunSpecError('Docker Swarm services cannot run privileged (the service API has no such setting); run this workload with the docker runtime');
  }
  const containerSpec: Docker.ContainerSpec = {
    Image: image,
    Env: toEnvList(spec.env),
    // The task container carries the labels too, so `docker ps` on any node shows whose it is.
    Labels: { ...spec.labels },
    TTY: false,
    OpenStdin: false,
  };
  // Docker's Cmd (keeps the image's entrypoint) is a service's Args, not its Command.
  if (spec.command !== undefined) containerSpec.Args = [...spec.command];
  if (spec.workingDir !== undefined) containerSpec.Dir = spec.workingDir;
  if (spec.capAdd !== undefined && spec.capAdd.length > 0) containerSpec.CapabilityAdd = [...spec.capAdd];
  if (spec.mounts !== undefined && spec.mounts.length > 0) {
    containerSpec.Mounts = spec.mounts.map((m) => ({ Type: 'bind', Source: m.hostPath, Target: m.containerPath, ReadOnly: m.readOnly === true }));
  }

  const limits: Docker.ResourceLimits = {};
  const reservations: Docker.Resources = {};
  if (spec.cpu !== undefined) limits.NanoCPUs = reservations.NanoCPUs = Math.round(spec.cpu * NANO_CPUS_PER_CORE);
  if (spec.memoryBytes !== undefined) limits.MemoryBytes = reservations.MemoryBytes = spec.memoryBytes;
  if (spec.gpus !== undefined && spec.gpus > 0) {
    // The engine's shape; @types/dockerode flattens it wrongly.
    reservations.GenericResources = [{ DiscreteResourceSpec: { Kind: GPU_RESOURCE_KIND, Value: spec.gpus } } as unknown as Docker.GenericResource];
  }

  const networks: Docker.NetworkAttachmentConfig[] = spec.hostNetwork
    ? [{ Target: 'host' }]
    : overlayNetwork === undefined
      ? []
      : [{ Target: overlayNetwork, Aliases: [spec.name] }];
  return {
    Name: spec.name,
    Labels: { ...spec.labels, [SWARM_IMAGE_LABEL]: spec.image },
    TaskTemplate: {
      ContainerSpec: containerSpec,
      Resources: { Limits: limits, Reservations: reservations },
      RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
      Placement: { Constraints: placementConstraints(spec.placement) },
      Networks: networks,
    },
    Mode: { Replicated: { Replicas: 0 } },
  };
}

/** The service's spec with another replica count, for POST /services/{id}/update. */
export function withReplicas(spec: Docker.ServiceSpec, replicas: number): Docker.ServiceSpec {
  return { ...spec, Mode: { Replicated: { Replicas: replicas } } };
}
