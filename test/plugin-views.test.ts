/**
 * The Obsidian plugin's code blocks and Pods view rendered in headless Chromium (Debian's
 * chromium via playwright-core) against a real `vaultplane serve` with real containers on the
 * real Docker engine. Obsidian itself cannot run here: the page gives the plugin's real
 * renderers a DOM-level `obsidian` stand-in (obsidian-plugin/browser-test/). Every wait is a
 * Playwright locator or a poll of the file the user would open, never a sleep.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeWithChromium, launchChromium, type RunningChromium } from '../obsidian-plugin/browser-test/chromium';
import { READABLE_CONTRAST, textContrast } from '../obsidian-plugin/browser-test/contrast';
import { buildHarness, type HarnessBundle } from '../obsidian-plugin/browser-test/harness-build';
import { openHarness, type HarnessPage } from '../obsidian-plugin/browser-test/harness-page';
import { finish, say, talkerSpec } from '../obsidian-plugin/browser-test/talker-workload';
import { describeWithDocker, RUN_LABEL, removeContainersLabelled, testDockerClient } from './support/docker';
import { startServe, type ServeProcess } from './support/serve-process';
import { createTempVault, eventually, type TempVault } from './support/temp-vault';

const run = `plugin-views-${process.pid}-${Date.now()}`;
const TOKEN = `plugin-token-${run}`;
// Other tests share the engine: a namespace of our own keeps their pods out of our blocks.
const NAMESPACE = `pv-${process.pid}`;
const TASKS_FILE = 'specs/001-example/tasks.md';
/** Set it to keep the screenshots somewhere to look at; they are always in a printed temp dir. */
const SHOTS_COPY_DIR = process.env.VAULTPLANE_SHOTS_DIR;

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describeWithDocker('plugin views in headless Chromium', () => {
  describeWithChromium('against a real vaultplane serve', () => {
    let vault: TempVault;
    let server: ServeProcess;
    let bundle: HarnessBundle;
    let chromium: RunningChromium;
    let harness: HarnessPage;
    let shotsDir: string;
    let podCount = 0;

    const api = async (path: string, body?: unknown) => {
      const response = await fetch(`${server.baseUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const startTalker = async (task?: string) => {
      const name = `talker-${++podCount}-${process.pid}`;
      const { pod } = (await api('/schedule', talkerSpec({ name, namespace: NAMESPACE, run, ...(task === undefined ? {} : { task }) }))) as {
        pod: { id: string };
      };
      return { id: pod.id, name };
    };
    const mounted = (id: string): Locator => harness.page.locator(`[data-harness-mount="${id}"]`);
    /** Waits until `what` is visible; a timeout says what the user saw instead. */
    const shows = async (what: Locator, within: Locator) => {
      try {
        await what.waitFor();
      } catch (error) {
        const seen = await within.innerText().catch(() => '(nothing)');
        throw new Error(`${(error as Error).message}\n--- the page showed instead:\n${seen}\n--- page problems: ${harness.problems.join('\n') || 'none'}`);
      }
    };

    beforeAll(async () => {
      shotsDir = await mkdtemp(join(tmpdir(), 'vaultplane-shots-'));
      vault = await createTempVault({}, { fromTemplate: true });
      await vault.write('.vaultplane/policy.yaml', `images:\n  allow: ["vaultplane/*"]\nnamespaces:\n  default: {}\n  ${NAMESPACE}: {}\n`);
      // Started side by side; each is kept as soon as it is up, so afterAll stops it even if another failed.
      const started = await Promise.allSettled([
        startServe(vault.root, { VAULTPLANE_TOKEN: TOKEN }).then((running) => (server = running)),
        buildHarness().then((built) => (bundle = built)),
        launchChromium().then((launched) => (chromium = launched)),
      ]);
      for (const result of started) if (result.status === 'rejected') throw result.reason;
      chromium.context.setDefaultTimeout(20_000);
      harness = await openHarness(chromium.context, bundle.dir, { serverUrl: server.baseUrl, token: TOKEN, defaultNamespace: NAMESPACE });
    });

    afterEach(async () => {
      await harness?.unmountAll();
      // A rendered error is a message in the block, never an exception or a console stack
      // (each test answers for its own).
      expect(harness?.problems.splice(0) ?? []).toEqual([]);
    });

    afterAll(async () => {
      await chromium?.close();
      await server?.stop();
      await removeContainersLabelled(RUN_LABEL, run);
      await bundle?.remove();
      await vault?.remove();
    });

    it('pods block: a row appears when a workload starts and shows it ended when it exits', async () => {
      const block = mounted(await harness.mountBlock('vaultplane-pods', `namespace: ${NAMESPACE}`));
      await shows(block.locator('.vaultplane-empty', { hasText: 'No pods match' }), block);

      const talker = await startTalker();
      const row = block.locator(`tr[data-pod-id="${talker.id}"]`);
      await shows(row.filter({ hasText: talker.name }).locator('td.vaultplane-status-running'), block);
      // A note is wide enough for the table itself, with its column headers.
      await shows(block.locator('thead th', { hasText: 'Memory' }), block);

      // Right after Docker's `die` event its container list can still say running (measured: every
      // time); the table must not stay on that answer once the workload has ended.
      await finish(talker.id);
      await shows(row.locator('td.vaultplane-status-succeeded', { hasText: 'exit 0' }), block);
    });

    it('logs block: lines show up while the container prints them, then the end', async () => {
      const talker = await startTalker();
      // By workload name, as a person would write it in a note.
      const block = mounted(await harness.mountBlock('vaultplane-logs', `pod: ${talker.name}`));
      const output = block.locator('pre.vaultplane-log-output');
      await shows(output.filter({ hasText: 'talker up' }), block);

      await say(talker.id, 'first line the test asked for');
      await shows(output.filter({ hasText: 'first line the test asked for' }), block);
      await say(talker.id, 'second line, still running');
      await shows(output.filter({ hasText: 'second line, still running' }), block);
      expect(await block.locator('.vaultplane-state').innerText()).toBe('following');

      await finish(talker.id);
      await shows(output.filter({ hasText: 'talker done' }), block);
      await shows(block.locator('.vaultplane-state', { hasText: 'ended' }), block);
      expect(await output.innerText()).toBe('talker up\nfirst line the test asked for\nsecond line, still running\ntalker done\n');
    });

    it('pods view: a new workload shows up, Logs opens the live tail, Evict asks first and removes the pod only when confirmed', async () => {
      const view = mounted(await harness.openPodsView());
      await shows(view.locator('.vaultplane-state', { hasText: 'live' }), view);
      const talker = await startTalker('001-example/T012');
      const row = view.locator(`tr[data-pod-id="${talker.id}"]`);
      await shows(row.locator('td.vaultplane-status-running'), view);
      // A sidebar cannot fit the table: each pod is two lines, and every fact and both buttons are in
      // sight inside the pane, none under another, the name not cut.
      expect(await view.locator('thead').isVisible(), 'column headers in the side view').toBe(false);
      const pane = (await view.boundingBox())!;
      const parts = {
        name: row.locator('td.vaultplane-pod-name'),
        status: row.locator('td.vaultplane-status'),
        image: row.locator('td.vaultplane-image'),
        node: row.locator('td.vaultplane-node'),
        'task link': row.locator('a.vaultplane-task-link', { hasText: '001-example/T012' }),
        age: row.locator('td.vaultplane-age'),
        cpu: row.locator('td.vaultplane-cpu'),
        memory: row.locator('td.vaultplane-memory'),
        Logs: row.getByRole('button', { name: 'Logs' }),
        Evict: row.getByRole('button', { name: 'Evict' }),
      };
      const boxes: Array<{ what: string; x: number; y: number; width: number; height: number }> = [];
      for (const [what, part] of Object.entries(parts)) {
        expect(await part.isVisible(), `${what} shown`).toBe(true);
        const box = (await part.boundingBox())!;
        expect(box.x, `${what} inside the pane`).toBeGreaterThanOrEqual(pane.x);
        expect(box.x + box.width, `${what} inside the pane`).toBeLessThanOrEqual(pane.x + pane.width);
        boxes.push({ what, ...box });
      }
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart, `${a.what} and ${b.what} do not overlap`).toBe(true);
        }
      }
      expect(await parts.name.evaluate((cell) => cell.scrollWidth <= cell.clientWidth), 'the whole name fits').toBe(true);
      expect(await parts.name.innerText()).toBe(talker.name);

      // A refresh patches rows in place: a button keeps its focus while another pod appears above it.
      await parts.Logs.focus();
      const newer = await startTalker();
      await shows(view.locator(`tr[data-pod-id="${newer.id}"]`), view);
      expect(await parts.Logs.evaluate((button) => button === document.activeElement), 'Logs keeps its focus').toBe(true);

      await row.getByRole('button', { name: 'Logs' }).click();
      const logsModal = harness.page.locator('.modal.vaultplane-logs-modal');
      await shows(logsModal.locator('pre', { hasText: 'talker up' }), logsModal);
      await logsModal.locator('.modal-close-button').click();
      await logsModal.waitFor({ state: 'detached' });

      // Cancel keeps the pod.
      await row.getByRole('button', { name: 'Evict' }).click();
      const confirm = harness.page.locator('.modal', { hasText: `Evict ${talker.name}?` });
      await shows(confirm, harness.page.locator('body'));
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'detached' });
      expect((await testDockerClient().getContainer(talker.id).inspect()).State.Running).toBe(true);

      await row.getByRole('button', { name: 'Evict' }).click();
      await confirm.getByRole('button', { name: 'Evict' }).click();
      await row.waitFor({ state: 'detached' });
      await shows(harness.page.locator('.notice', { hasText: `Evicted ${talker.id}` }), harness.page.locator('body'));
      const inspected = await testDockerClient()
        .getContainer(talker.id)
        .inspect()
        .then(() => 'still there', (error: { statusCode?: number }) => (error.statusCode === 404 ? 'gone' : String(error)));
      expect(inspected).toBe('gone');
    });

    it('a block with a bad query shows what is wrong in place of the block', async () => {
      const pods = mounted(await harness.mountBlock('vaultplane-pods', 'status: sleeping'));
      await shows(pods.locator('.vaultplane-block-error', { hasText: "status 'sleeping' is not one of" }), pods);
      try {
        for (const theme of ['light', 'dark'] as const) {
          await harness.setTheme(theme);
          for (const part of ['strong', 'div']) {
            const text = pods.locator(`.vaultplane-block-error ${part}`);
            expect(await textContrast(text), `bad query ${part === 'strong' ? 'title' : 'message'} in the ${theme} theme`).toBeGreaterThanOrEqual(READABLE_CONTRAST);
          }
        }
      } finally {
        await harness.setTheme('light');
      }

      const tasks = mounted(await harness.mountBlock('vaultplane-tasks', 'feature: 001-example\nowner: me'));
      await shows(tasks.locator('.vaultplane-block-error', { hasText: "unknown key 'owner'" }), tasks);

      const logs = mounted(await harness.mountBlock('vaultplane-logs', 'tail: 20'));
      await shows(logs.locator('.vaultplane-block-error', { hasText: 'give the pod id or workload name' }), logs);

      // A well-formed query for a feature that does not exist says so in place, with the ones there are.
      const missing = mounted(await harness.mountBlock('vaultplane-tasks', 'feature: 999-no-such-feature'));
      await shows(missing.locator('.vaultplane-block-error', { hasText: 'There is no feature 999-no-such-feature (features in this vault: 001-example' }), missing);
      expect(await missing.locator('.vaultplane-task, .vaultplane-empty').count()).toBe(0);
    });

    it('a block says in place when the token is wrong or the server does not answer', async () => {
      const goodSettings = { serverUrl: server.baseUrl, token: TOKEN, defaultNamespace: NAMESPACE };
      try {
        await harness.configure({ ...goodSettings, token: 'not-the-server-token-0000' });
        const refused = mounted(await harness.mountBlock('vaultplane-pods', ''));
        await shows(refused.locator('.vaultplane-block-error', { hasText: 'The server refused the token' }), refused);

        await harness.configure({ ...goodSettings, serverUrl: `http://127.0.0.1:${await closedPort()}` });
        const down = mounted(await harness.mountBlock('vaultplane-tasks', 'feature: 001-example'));
        await shows(down.locator('.vaultplane-block-error', { hasText: 'does not answer' }), down);
      } finally {
        await harness.configure(goodSettings);
      }
    });

    it('tasks block: phases and tasks with the pods on them; a toggle changes that one line of tasks.md', async () => {
      const tasksPath = join(vault.root, TASKS_FILE);
      const before = await readFile(tasksPath, 'utf8');
      const talker = await startTalker('001-example/T012');
      const block = mounted(await harness.mountBlock('vaultplane-tasks', 'feature: 001-example'));
      await shows(block.locator('.vaultplane-phase-title', { hasText: 'Phase 1' }), block);
      await shows(block.locator('li[data-task-id="T012"] .vaultplane-pod-badge', { hasText: talker.name }), block);
      const t001 = block.locator('li[data-task-id="T001"]');
      const t003 = block.locator('li[data-task-id="T003"]');
      await shows(t001.locator('input[type="checkbox"]:checked'), block);
      await shows(t003.filter({ hasText: 'Document the `workload:` frontmatter block' }).locator('input[type="checkbox"]:not(:checked)'), block);

      await t003.locator('input[type="checkbox"]').click();
      const after = await eventually(async () => {
        const text = await readFile(tasksPath, 'utf8');
        return text !== before && text;
      }, 'tasks.md changed on disk');
      expect(after).toBe(before.replace('- [ ] T003 [P] Document', '- [x] T003 [P] Document'));
      await shows(t003.locator('input[type="checkbox"]:checked'), block);
    });

    /** The colour `var(--<name>)` resolves to on the page now, as computed styles write it. */
    const themeColour = (name: string) =>
      harness.page.evaluate((variable) => {
        const probe = document.body.createSpan({ attr: { style: `color: var(${variable})` } });
        const colour = getComputedStyle(probe).color;
        probe.remove();
        return colour;
      }, name);
    const dotColour = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el, '::before').color);

    it('status bar: node health and capacity at a glance, red with readable words when the server does not answer', async () => {
      const goodSettings = { serverUrl: server.baseUrl, token: TOKEN, defaultNamespace: NAMESPACE };
      try {
        const healthy = mounted(await harness.mountStatusBar());
        const item = healthy.locator('.vaultplane-status-bar');
        await shows(item.filter({ hasText: /^vaultplane: \d+ pods · .+ CPU, .+ free$/ }), healthy);
        expect(await item.getAttribute('class')).toContain('vaultplane-health-ok');
        for (const theme of ['light', 'dark'] as const) {
          await harness.setTheme(theme);
          expect(await textContrast(item), `healthy status bar in the ${theme} theme`).toBeGreaterThanOrEqual(READABLE_CONTRAST);
          expect(await dotColour(item)).toBe(await themeColour('--color-green'));
          await healthy.screenshot({ path: join(shotsDir, `status-bar-ok-${theme}.png`) });
        }
        await harness.unmountAll();

        await harness.setTheme('light');
        await harness.configure({ ...goodSettings, serverUrl: `http://127.0.0.1:${await closedPort()}` });
        const down = mounted(await harness.mountStatusBar());
        const downItem = down.locator('.vaultplane-status-bar.vaultplane-health-down');
        await shows(downItem.filter({ hasText: 'vaultplane: unreachable' }), down);
        expect(await downItem.getAttribute('aria-label')).toMatch(/does not answer/);
        for (const theme of ['light', 'dark'] as const) {
          await harness.setTheme(theme);
          expect(await textContrast(downItem), `unreachable status bar in the ${theme} theme`).toBeGreaterThanOrEqual(READABLE_CONTRAST);
          expect(await dotColour(downItem)).toBe(await themeColour('--color-red'));
          await down.screenshot({ path: join(shotsDir, `status-bar-down-${theme}.png`) });
        }
      } finally {
        await harness.setTheme('light');
        await harness.configure(goodSettings);
      }
    });

    it('settings tab: a bad server URL is refused in place; Test connection says connected, then names a wrong token', async () => {
      const goodSettings = { serverUrl: server.baseUrl, token: TOKEN, defaultNamespace: NAMESPACE };
      try {
        const tab = mounted(await harness.openSettings());
        const row = (name: string) => tab.locator('.setting-item', { has: harness.page.locator('.setting-item-name', { hasText: name }) });
        const url = row('Server URL').locator('input');
        expect(await url.inputValue()).toBe(server.baseUrl);
        await url.fill('127.0.0.1:8080');
        const urlError = tab.locator('.vaultplane-setting-error', { hasText: 'Server URL must be an http:// or https:// URL' });
        await shows(urlError, tab);
        expect(await url.getAttribute('class')).toContain('vaultplane-invalid');
        // The refused value was not saved: the connection still goes to the real server.
        const test = row('Test connection').getByRole('button', { name: 'Test connection' });
        await test.click();
        const result = tab.locator('.vaultplane-connection-result');
        await shows(result.filter({ hasText: /^Connected — vaultplane .+, \d+ pods?\.$/ }), tab);
        await url.fill(server.baseUrl);
        await urlError.waitFor({ state: 'detached' });
        expect(await url.getAttribute('class')).not.toContain('vaultplane-invalid');

        await row('Token').locator('input').fill('not-the-server-token-0000');
        await test.click();
        await shows(result.filter({ hasText: 'Wrong token' }), tab);
        for (const theme of ['light', 'dark'] as const) {
          await harness.setTheme(theme);
          for (const [what, locator] of Object.entries({ 'a setting name': row('Server URL').locator('.setting-item-name'), 'a setting description': row('Server URL').locator('.setting-item-description'), 'the test verdict': result.locator('strong'), 'its detail': result.locator('span') })) {
            expect(await textContrast(locator), `${what} in the ${theme} theme`).toBeGreaterThanOrEqual(READABLE_CONTRAST);
          }
          expect(await dotColour(result.locator('strong'))).toBe(await themeColour('--text-error'));
          await tab.screenshot({ path: join(shotsDir, `settings-${theme}.png`) });
        }
      } finally {
        await harness.setTheme('light');
        await harness.configure(goodSettings);
      }
    });

    it('screenshots of the pods view, the tasks block and the logs block are readable in light and dark', async () => {
      const done = await startTalker();
      await finish(done.id);
      // The pods block test covers the table catching up; here the view opens on a settled list.
      await eventually(async () => {
        const { pods } = (await api(`/pods?namespace=${NAMESPACE}`)) as { pods: Array<{ id: string; status: string }> };
        return pods.find((pod) => pod.id === done.id)?.status === 'succeeded';
      }, 'the server reports the finished talker as succeeded');
      const working = await startTalker('001-example/T012');
      await say(working.id, 'npm test -- test/pod-logs.test.ts');

      const view = mounted(await harness.openPodsView());
      const podsBlock = mounted(await harness.mountBlock('vaultplane-pods', `namespace: ${NAMESPACE}`));
      const tasks = mounted(await harness.mountBlock('vaultplane-tasks', 'feature: 001-example\nphase: 4'));
      const logs = mounted(await harness.mountBlock('vaultplane-logs', `pod: ${working.name}`));
      await shows(view.locator(`tr[data-pod-id="${working.id}"] td.vaultplane-status-running`), view);
      await shows(view.locator(`tr[data-pod-id="${done.id}"] td.vaultplane-status-succeeded`), view);
      await shows(podsBlock.locator(`tr[data-pod-id="${working.id}"] td.vaultplane-status-running`), podsBlock);
      await shows(tasks.locator('li[data-task-id="T012"] .vaultplane-pod-badge', { hasText: working.name }), tasks);
      await shows(logs.locator('pre', { hasText: 'npm test -- test/pod-logs.test.ts' }), logs);

      const readable = {
        'pod name': view.locator(`tr[data-pod-id="${working.id}"] td.vaultplane-pod-name`),
        'pod details line': view.locator(`tr[data-pod-id="${working.id}"] td.vaultplane-image`),
        'task link on a pod': view.locator(`tr[data-pod-id="${working.id}"] a.vaultplane-task-link`),
        'pod name in a note': podsBlock.locator(`tr[data-pod-id="${working.id}"] td.vaultplane-pod-name`),
        'running status': view.locator(`tr[data-pod-id="${working.id}"] td.vaultplane-status`),
        'succeeded status': view.locator(`tr[data-pod-id="${done.id}"] td.vaultplane-status`),
        'pod badge on a task': tasks.locator('li[data-task-id="T012"] .vaultplane-pod-badge', { hasText: working.name }),
        'task text': tasks.locator('li[data-task-id="T012"] .vaultplane-task-text'),
        'task id': tasks.locator('li[data-task-id="T012"] .vaultplane-task-id'),
        'log line': logs.locator('pre'),
      };
      for (const theme of ['light', 'dark'] as const) {
        await harness.setTheme(theme);
        for (const [what, locator] of Object.entries(readable)) {
          expect(await textContrast(locator), `${what} in the ${theme} theme`).toBeGreaterThanOrEqual(READABLE_CONTRAST);
        }
        await view.screenshot({ path: join(shotsDir, `pods-view-${theme}.png`) });
        await podsBlock.screenshot({ path: join(shotsDir, `pods-block-${theme}.png`) });
        await tasks.screenshot({ path: join(shotsDir, `tasks-block-${theme}.png`) });
        await logs.screenshot({ path: join(shotsDir, `logs-block-${theme}.png`) });
        await harness.page.screenshot({ path: join(shotsDir, `page-${theme}.png`), fullPage: true });
      }
      if (SHOTS_COPY_DIR !== undefined) {
        await mkdir(SHOTS_COPY_DIR, { recursive: true });
        for (const file of await readdir(shotsDir)) await copyFile(join(shotsDir, file), join(SHOTS_COPY_DIR, file));
      }
      console.info(`plugin screenshots: ${shotsDir}${SHOTS_COPY_DIR === undefined ? '' : ` (copied to ${SHOTS_COPY_DIR})`}`);
    });
  });
});
