/**
 * Outgoing webhooks end to end: the real `vaultplane serve` runs a real workload on the Docker
 * engine and changes a Spec-Kit task, and a real node:http receiver on 127.0.0.1 gets the pod
 * and task events, checks each signature with the recipe the README gives (node:crypto, not
 * vaultplane's code), and sees a 503 retried.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_IMAGE, describeWithDocker, RUN_LABEL, removeContainersLabelled } from './support/docker';
import { startServe, type ServeProcess } from './support/serve-process';
import { createTempVault, eventually, type TempVault } from './support/temp-vault';

const run = `webhooks-${process.pid}-${Date.now()}`;
const TOKEN = `admin-token-${run}`;
const SECRET = `webhook-secret-${run}`;

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  answered: number;
}

/** The README's recipe, written the way a receiver in any language would. */
function signatureIsValid(delivery: Delivery, secret: string, nowSeconds: number): boolean {
  const timestamp = String(delivery.headers['x-vaultplane-timestamp'] ?? '');
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${delivery.raw}`).digest('hex')}`);
  const presented = Buffer.from(String(delivery.headers['x-vaultplane-signature'] ?? ''));
  const fresh = Math.abs(nowSeconds - Number(timestamp)) <= 300;
  return fresh && presented.length === expected.length && timingSafeEqual(presented, expected);
}

describeWithDocker('outgoing webhooks from vaultplane serve', () => {
  let vault: TempVault;
  let server: ServeProcess;
  let receiver: Server;
  const deliveries: Delivery[] = [];
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const payloads = () => deliveries.filter((d) => d.answered === 204).map((d) => JSON.parse(d.raw) as { id: string; type: string; event: Record<string, unknown> });

  beforeAll(async () => {
    let first = true;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        // The very first delivery meets a receiver that is briefly down.
        const answered = first ? 503 : 204;
        first = false;
        deliveries.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8'), answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolveListen) => receiver.listen(0, '127.0.0.1', resolveListen));
    const { port } = receiver.address() as AddressInfo;

    vault = await createTempVault({ 'specs/003-hooks/tasks.md': '# Tasks\n\n- [ ] T001 Wire the webhook\n' });
    server = await startServe(vault.root, {
      VAULTPLANE_TOKEN: TOKEN,
      VAULTPLANE_WEBHOOK_URLS: `http://127.0.0.1:${port}/hook`,
      VAULTPLANE_WEBHOOK_SECRET: SECRET,
    });
  });

  afterAll(async () => {
    await server?.stop();
    await removeContainersLabelled(RUN_LABEL, run);
    await new Promise((done) => receiver?.close(done));
    await vault?.remove();
  });

  it('POSTs a running workload\'s lifecycle and a task change, signed, retrying a 503', async () => {
    const spec = { name: `hook-${run}`, image: TEST_IMAGE, command: ['sh', '-c', 'echo working; sleep 1; exit 3'], cpu: 0.1, memoryMb: 32, labels: { run } };
    const scheduled = await fetch(`${server.baseUrl}/schedule`, { method: 'POST', headers: auth, body: JSON.stringify(spec) });
    expect(scheduled.status).toBe(201);
    const { pod } = (await scheduled.json()) as { pod: { id: string } };

    const died = await eventually(
      async () => payloads().find((p) => p.type === 'pod.die' && p.event.podId === pod.id),
      'a pod.die webhook for the workload',
      60_000,
    );
    expect(died.event).toMatchObject({ name: spec.name, exitCode: 3 });
    const forPod = payloads().filter((p) => p.event.podId === pod.id).map((p) => p.type);
    expect(forPod).toEqual(expect.arrayContaining(['pod.scheduled', 'pod.start', 'pod.die']));

    const update = await fetch(`${server.baseUrl}/task-update`, { method: 'POST', headers: auth, body: JSON.stringify({ feature: '003-hooks', taskId: 'T001', done: true }) });
    expect(update.status).toBe(200);
    const task = await eventually(async () => payloads().find((p) => p.type === 'task.updated'), 'a task.updated webhook');
    expect(task.event).toMatchObject({ feature: '003-hooks', taskId: 'T001', done: true, line: 3 });

    // Every delivery, including the refused first one, carries a valid signature and its id.
    const now = Math.floor(Date.now() / 1000);
    for (const delivery of deliveries) {
      expect(signatureIsValid(delivery, SECRET, now)).toBe(true);
      expect(signatureIsValid(delivery, 'some-other-secret', now)).toBe(false);
      const payload = JSON.parse(delivery.raw) as { id: string; type: string };
      expect(delivery.headers['x-vaultplane-delivery']).toBe(payload.id);
      expect(delivery.headers['x-vaultplane-event']).toBe(payload.type);
    }
    // The 503 was retried with the same delivery id until it got through.
    const refused = deliveries.find((d) => d.answered === 503)!;
    const refusedId = refused.headers['x-vaultplane-delivery'];
    expect(deliveries.some((d) => d.answered === 204 && d.headers['x-vaultplane-delivery'] === refusedId)).toBe(true);

    // /health counts a delivery once its answer is read, a moment after the receiver saw it.
    type Health = { webhooks: { delivered: number; failed: number; dropped: number } };
    const health = await eventually(async () => {
      const current = (await (await fetch(`${server.baseUrl}/health`)).json()) as Health;
      return current.webhooks.delivered === payloads().length && current;
    }, '/health to count every accepted delivery');
    expect(health.webhooks).toMatchObject({ failed: 0, dropped: 0 });
  });

  // n8n itself cannot run here: its Code node is run in plain Node with a stand-in for the two
  // n8n helpers it uses ($input, this.helpers.getBinaryDataBuffer), on the deliveries above.
  it('the example n8n flow\'s signature check (n8n stand-in) accepts these deliveries and refuses a tampered one', async () => {
    const flow = JSON.parse(await readFile(resolve(import.meta.dirname, '../compose/n8n/vaultplane-events.workflow.json'), 'utf8')) as {
      nodes: Array<{ name: string; parameters: { jsCode?: string } }>;
    };
    const code = flow.nodes.find((node) => node.name === 'Verify signature')!.parameters.jsCode!;
    const { createRequire } = await import('node:module');
    const runCodeNode = (items: Delivery[]) => {
      const inputs = items.map((d) => ({ json: { headers: d.headers } }));
      const helpers = { getBinaryDataBuffer: async (index: number) => Buffer.from(items[index]!.raw) };
      const body = new Function('require', '$env', '$input', `return (async () => {\n${code}\n}).call(this);`);
      return body.call({ helpers }, createRequire(import.meta.url), { VAULTPLANE_WEBHOOK_SECRET: SECRET }, { all: () => inputs }) as Promise<
        Array<{ json: { verified: boolean; payload: { type: string } | null } }>
      >;
    };
    const good = deliveries.filter((d) => d.answered === 204);
    const results = await runCodeNode(good);
    expect(results.every((result) => result.json.verified)).toBe(true);
    expect(results.map((result) => result.json.payload?.type)).toContain('pod.die');

    const tampered = { ...good[0]!, raw: good[0]!.raw.replace('"type":"', '"type":"x') };
    expect((await runCodeNode([tampered]))[0]!.json).toMatchObject({ verified: false, payload: null });
  });
});
