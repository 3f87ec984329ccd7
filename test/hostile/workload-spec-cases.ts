// Workload specs that must never start a container: privileges, host access, Docker options
// smuggled in, negative and absurd resources, images that are not there, names and fields that
// do not parse. The same rows go through POST /schedule and schedule_workload over MCP.

export interface SpecContext {
  /** The test image, which is on the engine. */
  image: string;
  /** The one host folder the fixture's policy lets workloads mount. */
  allowed: string;
  /** Absolute path of the sentinel folder beside the vault. */
  outside: string;
}

export interface SpecCase {
  name: string;
  /** Fields laid over a valid spec; `undefined` removes the field. */
  spec: (ctx: SpecContext) => Record<string, unknown>;
  /** HTTP status POST /schedule must answer. */
  status: number;
  error: RegExp;
}

const INVALID = 400;
const REFUSED = 403;
const CANNOT = 422;

const POLICY = /The policy refuses this workload/;
const row = (name: string, spec: Record<string, unknown> | ((ctx: SpecContext) => Record<string, unknown>), status: number, error: RegExp): SpecCase => ({
  name,
  spec: typeof spec === 'function' ? spec : () => spec,
  status,
  error,
});
const field = (name: string) => new RegExp(`Invalid request: .*${name}`, 's');

export const SPEC_CASES: readonly SpecCase[] = [
  // Privileges and host access the default policy refuses.
  row('privileged', { privileged: true }, REFUSED, /privileged containers are not allowed/),
  row('host network', { hostNetwork: true }, REFUSED, /host network is not allowed/),
  row('cap-add SYS_ADMIN', { capAdd: ['SYS_ADMIN'] }, REFUSED, /capability SYS_ADMIN is not allowed/),
  row('cap-add ALL', { capAdd: ['ALL'] }, REFUSED, /capability ALL is not allowed/),
  row('cap-add allowed one plus NET_ADMIN', { capAdd: ['NET_BIND_SERVICE', 'NET_ADMIN'] }, REFUSED, /capability NET_ADMIN is not allowed/),
  row('cap-add lower case', { capAdd: ['sys_admin'] }, INVALID, field('capAdd')),
  row('mount the host root', { mounts: [{ hostPath: '/', containerPath: '/host' }] }, REFUSED, /mounting host path \/ is not allowed/),
  row('mount the Docker socket', { mounts: [{ hostPath: '/var/run/docker.sock', containerPath: '/var/run/docker.sock' }] }, REFUSED, /docker\.sock is not allowed/),
  row('mount /etc read-only', { mounts: [{ hostPath: '/etc', containerPath: '/etc-host', readOnly: true }] }, REFUSED, /\/etc is not allowed/),
  row('mount the sentinel', (ctx) => ({ mounts: [{ hostPath: ctx.outside, containerPath: '/x' }] }), REFUSED, /mounting host path .*outside is not allowed/),
  row('mount out of the allowed folder with ..', (ctx) => ({ mounts: [{ hostPath: `${ctx.allowed}/../outside`, containerPath: '/x' }] }), REFUSED, /mounting host path .* is not allowed/),
  row('mount a sibling that shares the prefix', (ctx) => ({ mounts: [{ hostPath: `${ctx.allowed}-evil`, containerPath: '/x' }] }), REFUSED, /is not allowed/),
  row('relative host path', { mounts: [{ hostPath: 'etc', containerPath: '/x' }] }, INVALID, field('hostPath')),
  row('all of them at once', { privileged: true, hostNetwork: true, capAdd: ['SYS_PTRACE'], mounts: [{ hostPath: '/proc', containerPath: '/p' }] }, REFUSED, /privileged.*host network.*SYS_PTRACE.*\/proc/s),
  // Docker options that are not part of a spec at all.
  row('pid=host', { pidMode: 'host' }, INVALID, field('pidMode')),
  row('ipc=host', { ipcMode: 'host' }, INVALID, field('ipcMode')),
  row('userns=host', { usernsMode: 'host' }, INVALID, field('usernsMode')),
  row('devices', { devices: ['/dev/sda:/dev/sda'] }, INVALID, field('devices')),
  row('security-opt unconfined', { securityOpt: ['seccomp=unconfined', 'apparmor=unconfined'] }, INVALID, field('securityOpt')),
  row('raw HostConfig', { HostConfig: { Privileged: true, Binds: ['/:/host'] } }, INVALID, field('HostConfig')),
  row('binds', { binds: ['/:/host'] }, INVALID, field('binds')),
  row('volumes', { volumes: { '/host': {} } }, INVALID, field('volumes')),
  row('unknown mount field', { mounts: [{ hostPath: '/tmp', containerPath: '/t', propagation: 'rshared' }] }, INVALID, field('propagation')),
  row('placement with an unknown key', { placement: { node: 'x', anyNode: true } }, INVALID, field('anyNode')),
  // Negative, zero and absurd resources.
  row('negative cpu', { cpu: -1 }, INVALID, field('cpu')),
  row('zero cpu', { cpu: 0 }, INVALID, field('cpu')),
  row('cpu below the Docker minimum', { cpu: 0.001 }, INVALID, field('cpu')),
  row('cpu as a string', { cpu: 'all' }, INVALID, field('cpu')),
  row('cpu above the sanity limit', { cpu: 100_000 }, INVALID, field('cpu')),
  row('cpu no node has', { cpu: 1024 }, CANNOT, /No node can run this workload/),
  row('negative memory', { memoryMb: -512 }, INVALID, field('memoryMb')),
  row('fractional memory', { memoryMb: 1.5 }, INVALID, field('memoryMb')),
  row('memory below the Docker minimum', { memoryMb: 5 }, INVALID, field('memoryMb')),
  row('memory above the sanity limit', { memoryMb: 1e12 }, INVALID, field('memoryMb')),
  row('memory no node has', { memoryMb: 4 * 1024 * 1024 }, CANNOT, /No node can run this workload/),
  row('negative gpu', { gpu: -1 }, INVALID, field('gpu')),
  row('absurd gpu', { gpu: 1000 }, INVALID, field('gpu')),
  row('gpus no node has', { gpu: 8 }, CANNOT, /No node can run this workload/),
  row('negative ttl', { ttlSeconds: -60 }, INVALID, field('ttlSeconds')),
  row('zero ttl', { ttlSeconds: 0 }, INVALID, field('ttlSeconds')),
  row('ttl of a century', { ttlSeconds: 100 * 365 * 24 * 3600 }, INVALID, field('ttlSeconds')),
  row('a node that is not here', { placement: { node: 'some-other-node' } }, CANNOT, /No node can run this workload/),
  // Images.
  row('unknown image', { image: 'vaultplane/does-not-exist:never' }, CANNOT, /is not on the Docker engine/),
  row('unknown digest', { image: `vaultplane/busybox@sha256:${'0'.repeat(64)}` }, CANNOT, /is not on the Docker engine/),
  row('image that looks like a flag', { image: '--privileged' }, INVALID, field('image')),
  row('image with a path', { image: '../../etc/passwd' }, INVALID, field('image')),
  row('image with a space', { image: 'busybox; rm -rf /' }, INVALID, field('image')),
  row('image in upper case', { image: 'BUSYBOX' }, INVALID, field('image')),
  row('image of 300 characters', { image: `a${'b'.repeat(299)}` }, INVALID, field('image')),
  // Names, namespaces, labels, env and command.
  row('name with shell syntax', { name: 'x;rm -rf /' }, INVALID, field('name')),
  row('name with a path', { name: '../../x' }, INVALID, field('name')),
  row('name of 41 characters', { name: 'n'.repeat(41) }, INVALID, field('name')),
  row('missing name', { name: undefined }, INVALID, field('name')),
  row('missing image', { image: undefined }, INVALID, field('image')),
  row('namespace not in the policy', { namespace: 'kube-system' }, INVALID, /Namespace 'kube-system' does not exist/),
  row('namespace with a path', { namespace: '../default' }, INVALID, field('namespace')),
  row('reserved label prefix', { labels: { 'vaultplane.workload': 'other' } }, INVALID, field('labels')),
  row('env name with =', { env: { 'A=B': 'c' } }, INVALID, field('env')),
  row('env value of 40 KB', { env: { BIG: 'x'.repeat(40_000) } }, INVALID, field('env')),
  row('command as a shell string', { command: 'sh -c "reboot"' }, INVALID, field('command')),
  row('empty command', { command: [] }, INVALID, field('command')),
  row('relative working dir', { workingDir: 'tmp' }, INVALID, field('workingDir')),
  row('complete a task it does not name, of the wrong type', { completeTask: 'yes' }, INVALID, field('completeTask')),
];
