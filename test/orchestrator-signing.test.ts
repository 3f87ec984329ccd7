import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatSignatureHeader, generateSigningKeyPair, signWorkloadSpec, verifyAuditFile } from '../orchestrator/src/index';
import { TEST_IMAGE, containersLabelled, describeWithDocker, testDockerClient } from './support/docker';
import { OrchestratorApi, RUN_LABEL } from './support/orchestrator-api';

// Signed manifests through the HTTP API against the real engine: with signing required, only a
// spec signed by a key the policy lists starts a container; everything else is refused with a
// 403, audited, and leaves nothing behind.
const run = `orch-sign-${process.pid}-${Date.now()}`;
const TOKEN = `admin-${run}`;

const ops = generateSigningKeyPair();
const stranger = generateSigningKeyPair();

const POLICY = `
images:
  allow: ["vaultplane/*"]
signing:
  required: true
  keys:
    - id: ops
      publicKey: "${ops.publicKey}"
`;

const spec = { name: 'signed', image: TEST_IMAGE, command: ['sleep', '300'], cpu: 0.1, memoryMb: 32, labels: { run } };

describeWithDocker('signed manifests against the real engine', () => {
  let api: OrchestratorApi;

  async function schedule(body: unknown, signature?: string) {
    const response = await fetch(`${api.url}/schedule`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(signature === undefined ? {} : { 'vaultplane-signature': signature }) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  beforeAll(async () => {
    api = await OrchestratorApi.start({ run, token: TOKEN, policy: POLICY, setup: { evictGraceSeconds: 0 } });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('refuses unsigned, tampered, foreign-key and malformed requests without creating a container, and audits each', async () => {
    const signature = formatSignatureHeader(signWorkloadSpec(spec, 'ops', ops.privateKeyPem));
    const attempts = [
      { body: spec, header: undefined, status: 403, code: 'signature_required' },
      { body: { ...spec, command: ['sh', '-c', 'cat /etc/shadow'] }, header: signature, status: 403, code: 'invalid_signature' },
      { body: { ...spec, cpu: 1 }, header: signature, status: 403, code: 'invalid_signature' },
      { body: spec, header: formatSignatureHeader(signWorkloadSpec(spec, 'ops', stranger.privateKeyPem)), status: 403, code: 'invalid_signature' },
      { body: spec, header: formatSignatureHeader(signWorkloadSpec(spec, 'laptop', stranger.privateKeyPem)), status: 403, code: 'unknown_signing_key' },
      { body: spec, header: 'ops', status: 400, code: 'invalid_request' },
    ];
    for (const attempt of attempts) {
      const { status, body } = await schedule(attempt.body, attempt.header);
      expect({ status, code: body.error.code }).toEqual({ status: attempt.status, code: attempt.code });
      // Each message says how to get it right: the header to send or the policy's key list.
      expect(body.error.message).toMatch(/Vaultplane-Signature|signing\.keys/);
    }
    expect(await containersLabelled(RUN_LABEL, run)).toEqual([]);

    const refusals = (await api.auditEntries()).filter((entry) => entry.type === 'refusal');
    expect(refusals.map((entry) => entry.data.code)).toEqual([
      'SIGNATURE_REQUIRED',
      'INVALID_SIGNATURE',
      'INVALID_SIGNATURE',
      'INVALID_SIGNATURE',
      'UNKNOWN_SIGNING_KEY',
      'INVALID_REQUEST',
    ]);
    expect(refusals.every((entry) => entry.actor === 'admin' && entry.data.name === 'signed')).toBe(true);
  });

  it('runs a spec signed by a listed key, records the key in the audit log, and leaves nothing running after eviction', async () => {
    const signature = formatSignatureHeader(signWorkloadSpec(spec, 'ops', ops.privateKeyPem));
    // Sent with other key order and spacing than it was signed with: the signature covers content.
    const reordered = JSON.parse(JSON.stringify({ labels: spec.labels, memoryMb: 32, cpu: 0.1, command: spec.command, image: TEST_IMAGE, name: 'signed' }));
    const { status, body } = await schedule(reordered, signature);
    expect(status).toBe(201);
    expect(body.pod).toMatchObject({ name: 'signed', status: 'running', image: TEST_IMAGE });
    const inspected = await testDockerClient().getContainer(body.pod.containerId).inspect();
    expect(inspected.State.Running).toBe(true);

    const scheduled = (await api.auditEntries()).filter((entry) => entry.type === 'schedule');
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]!.data).toMatchObject({ pod: body.pod.id, signedBy: 'ops' });
    expect(await verifyAuditFile(join(api.dataDir, 'audit.jsonl'))).toMatchObject({ ok: true });

    const evicted = await fetch(`${api.url}/evict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: body.pod.id }),
    });
    expect(evicted.status).toBe(200);
    expect(await containersLabelled(RUN_LABEL, run)).toEqual([]);
  });
});
