import { describe, expect, it } from 'vitest';
import { labelFilter, toCreateOptions } from './docker-create-options';

const base = { image: 'busybox:test', name: 'job-1', labels: { 'vaultplane.workload': 'job' } };

describe('toCreateOptions', () => {
  it('turns cores and bytes into NanoCpus and a memory limit without extra swap, never restarting', () => {
    const options = toCreateOptions({ ...base, cpu: 0.5, memoryBytes: 64 * 1024 * 1024 });
    expect(options.HostConfig).toMatchObject({
      NanoCpus: 500_000_000,
      Memory: 67_108_864,
      MemorySwap: 67_108_864,
      RestartPolicy: { Name: 'no' },
      Privileged: false,
      SecurityOpt: ['no-new-privileges'],
    });
    expect(options.Tty).toBe(false);
  });

  it('joins the named network with the container name as its alias so peers reach it by name', () => {
    const options = toCreateOptions({ ...base, network: 'vaultplane' });
    expect(options.HostConfig?.NetworkMode).toBe('vaultplane');
    expect(options.NetworkingConfig).toEqual({ EndpointsConfig: { vaultplane: { Aliases: ['job-1'] } } });
  });

  it('asks the nvidia driver for GPUs only when some are requested', () => {
    expect(toCreateOptions({ ...base, gpus: 2 }).HostConfig?.DeviceRequests).toEqual([
      { Driver: 'nvidia', Count: 2, Capabilities: [['gpu']] },
    ]);
    expect(toCreateOptions({ ...base, gpus: 0 }).HostConfig?.DeviceRequests).toBeUndefined();
  });

  it('keeps the image command when none is given and passes command, env and working dir through', () => {
    expect(toCreateOptions(base).Cmd).toBeUndefined();
    const options = toCreateOptions({ ...base, command: ['sh', '-c', 'pwd'], env: { A: 'x=y' }, workingDir: '/tmp' });
    expect(options).toMatchObject({ Cmd: ['sh', '-c', 'pwd'], Env: ['A=x=y'], WorkingDir: '/tmp', name: 'job-1' });
  });

  it('expresses host mounts, host network, capabilities and privileged mode when a spec asks for them', () => {
    const options = toCreateOptions({
      ...base,
      network: 'vaultplane',
      hostNetwork: true,
      privileged: true,
      capAdd: ['NET_ADMIN'],
      mounts: [{ hostPath: '/srv/data', containerPath: '/data', readOnly: true }],
    });
    expect(options.HostConfig).toMatchObject({
      NetworkMode: 'host',
      Privileged: true,
      CapAdd: ['NET_ADMIN'],
      Binds: ['/srv/data:/data:ro'],
      SecurityOpt: [],
    });
    expect(options.NetworkingConfig).toBeUndefined();
  });
});

describe('labelFilter', () => {
  it('writes key=value for a value and the bare key for "any value"', () => {
    expect(labelFilter({ 'vaultplane.workload': true, 'vaultplane.namespace': 'ci' })).toEqual([
      'vaultplane.workload',
      'vaultplane.namespace=ci',
    ]);
  });
});
