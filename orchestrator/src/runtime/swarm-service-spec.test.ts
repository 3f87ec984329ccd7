import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { InvalidRunSpecError } from '../errors';
import { GPU_RESOURCE_KIND, placementConstraints, SWARM_IMAGE_LABEL, toServiceSpec, withReplicas } from './swarm-service-spec';

const base = { image: 'vaultplane/busybox:test', name: 'job-1', labels: { 'vaultplane.workload': 'job' } };
const template = (spec: Docker.CreateServiceOptions) => spec.TaskTemplate as Docker.ContainerTaskSpec;

describe('toServiceSpec', () => {
  it('reserves and limits the same cores and bytes, so Swarm places by what the workload may use', () => {
    const spec = toServiceSpec({ ...base, cpu: 0.25, memoryBytes: 64 * 1024 * 1024 }, 'sha256:abc', 'vaultplane-swarm');
    expect(template(spec).Resources).toEqual({
      Limits: { NanoCPUs: 250_000_000, MemoryBytes: 67_108_864 },
      Reservations: { NanoCPUs: 250_000_000, MemoryBytes: 67_108_864 },
    });
  });

  it('is one replica that never restarts, created with none running so that create does not start it', () => {
    const spec = toServiceSpec(base, 'sha256:abc', undefined);
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 0 } });
    expect(template(spec).RestartPolicy).toMatchObject({ Condition: 'none' });
  });

  it('labels the service and its task container, and keeps the requested image name while the task runs the resolved one', () => {
    const spec = toServiceSpec(base, 'sha256:abc', undefined);
    expect(spec.Labels).toEqual({ 'vaultplane.workload': 'job', [SWARM_IMAGE_LABEL]: 'vaultplane/busybox:test' });
    expect(template(spec).ContainerSpec).toMatchObject({ Image: 'sha256:abc', Labels: { 'vaultplane.workload': 'job' }, TTY: false });
  });

  it('passes the command as arguments (keeping the image entrypoint, like a container Cmd), env and working dir', () => {
    const spec = toServiceSpec({ ...base, command: ['sh', '-c', 'pwd'], env: { A: 'x=y' }, workingDir: '/tmp' }, 'img', undefined);
    expect(template(spec).ContainerSpec).toMatchObject({ Args: ['sh', '-c', 'pwd'], Env: ['A=x=y'], Dir: '/tmp' });
    expect(template(spec).ContainerSpec?.Command).toBeUndefined();
    expect(template(toServiceSpec(base, 'img', undefined)).ContainerSpec?.Args).toBeUndefined();
  });

  it('joins the overlay network under its own name, or the host network when asked', () => {
    expect(template(toServiceSpec(base, 'img', 'vaultplane-swarm')).Networks).toEqual([{ Target: 'vaultplane-swarm', Aliases: ['job-1'] }]);
    expect(template(toServiceSpec({ ...base, hostNetwork: true }, 'img', 'vaultplane-swarm')).Networks).toEqual([{ Target: 'host' }]);
  });

  it('reserves GPUs as the NVIDIA-GPU generic resource only when some are asked for', () => {
    const reservations = template(toServiceSpec({ ...base, gpus: 2 }, 'img', undefined)).Resources?.Reservations;
    expect(reservations?.GenericResources).toEqual([{ DiscreteResourceSpec: { Kind: GPU_RESOURCE_KIND, Value: 2 } }]);
    expect(template(toServiceSpec({ ...base, gpus: 0 }, 'img', undefined)).Resources?.Reservations?.GenericResources).toBeUndefined();
  });

  it('expresses mounts and added capabilities, and refuses privileged mode, which services cannot have', () => {
    const spec = toServiceSpec({ ...base, mounts: [{ hostPath: '/data', containerPath: '/in', readOnly: true }], capAdd: ['NET_ADMIN'] }, 'img', undefined);
    expect(template(spec).ContainerSpec).toMatchObject({ Mounts: [{ Type: 'bind', Source: '/data', Target: '/in', ReadOnly: true }], CapabilityAdd: ['NET_ADMIN'] });
    expect(() => toServiceSpec({ ...base, privileged: true }, 'img', undefined)).toThrow(/cannot run privileged.*docker runtime/);
  });
});

describe('placementConstraints', () => {
  it('turns the node and the node labels into Swarm constraints', () => {
    expect(placementConstraints({ node: 'box-2', nodeLabels: { gpu: 'a100', 'zone.name': 'eu-1' } })).toEqual([
      'node.hostname==box-2',
      'node.labels.gpu==a100',
      'node.labels.zone.name==eu-1',
    ]);
    expect(placementConstraints(undefined)).toEqual([]);
  });

  it('refuses labels and values Swarm would not parse, naming the culprit', () => {
    expect(() => placementConstraints({ nodeLabels: { 'bad key!': 'x' } })).toThrow(InvalidRunSpecError);
    expect(() => placementConstraints({ nodeLabels: { zone: 'a==b' } })).toThrow(/'a==b'/);
    expect(() => placementConstraints({ node: 'box,2' })).toThrow(/node.hostname/);
  });
});

describe('withReplicas', () => {
  it('changes the replica count and keeps everything else of the spec, so the update rolls nothing out', () => {
    const spec = toServiceSpec({ ...base, cpu: 1 }, 'img', 'net');
    const updated = withReplicas(spec, 1);
    expect(updated.Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(updated.TaskTemplate).toEqual(spec.TaskTemplate);
    expect(updated.Labels).toEqual(spec.Labels);
  });
});
