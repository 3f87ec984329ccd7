import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../../orchestrator/src/index';

// A vault set up to be attacked, for the hostile-input corpus: a sentinel folder beside it that
// nothing may ever write to, real symlinks inside the vault that lead out of it, notes with
// broken frontmatter, a Spec-Kit feature, and a policy with a scoped token and narrow allowances.
//
//   <parent>/vault/      the vault (its data dir .vaultplane/ is the only place that may change)
//   <parent>/outside/    sentinel: secret.md, a folder, a file the dangling link would create
//   <parent>/home/       HOME of the server process, so a '~' that slipped through lands here
//   <parent>/allowed/    the one host path the policy lets workloads mount

export const DATA_DIR_NAME = '.vaultplane';
export const OUTSIDE_SECRET = 'outside secret: no agent may read or change this\n';

/** Tokens written (hashed) into the fixture's policy. */
export interface FixtureTokens {
  admin: string;
  /** Policy token that may only read, in every namespace. */
  reader: string;
  /** Policy token that may schedule only in namespace team-a. */
  teamA: string;
}

export interface HostileFixture {
  parent: string;
  vault: string;
  outside: string;
  home: string;
  allowed: string;
  dataDir: string;
  tokens: FixtureTokens;
  /** Every path under parent (data dir excluded) with what it is: file hash, link target or dir. */
  snapshot(): Promise<Map<string, string>>;
  remove(): Promise<void>;
}

const NOTES: Record<string, string> = {
  'notes/hello.md': '# Hello\n\nA plain note.\n',
  'specs/001-demo/tasks.md': '# Tasks\n\n## Phase 1: Setup\n\n- [ ] T001 First task\n- [ ] T002 [P] Second task\n',
  'workloads/unclosed-frontmatter.md': '---\nworkload:\n  image: vaultplane/busybox:test\n\n# never closed\n',
  'workloads/yaml-syntax-error.md': '---\nworkload:\n  image: [unterminated\n\tcommand: tab-indented\n---\n# bad yaml\n',
  'workloads/duplicate-keys.md': '---\nworkload:\n  image: vaultplane/busybox:test\nworkload:\n  image: other\n---\n# twice\n',
  'workloads/alias-bomb.md': `---\n${aliasBomb()}workload:\n  image: vaultplane/busybox:test\n  env: { X: *i }\n---\n# billion laughs\n`,
  'workloads/deep-flow.md': `---\nworkload: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n# deep\n`,
  'workloads/code-frontmatter.md': '---js\n{ workload: { image: require("fs").writeFileSync(process.env.HOME + "/pwned", "x") } }\n---\n# js engine\n',
  'workloads/scalar-workload.md': '---\nworkload: "docker run --privileged busybox"\n---\n# scalar\n',
  'workloads/list-workload.md': '---\nworkload:\n  - image: vaultplane/busybox:test\n---\n# list\n',
  'workloads/no-workload.md': '---\ntitle: nothing to run\n---\n# none\n',
  'workloads/privileged.md': '---\nworkload:\n  image: vaultplane/busybox:test\n  command: [sleep, "300"]\n  privileged: true\n---\n# asks for privileged\n',
  'workloads/host-mount.md': '---\nworkload:\n  image: vaultplane/busybox:test\n  command: [sleep, "300"]\n  mounts:\n    - { hostPath: /, containerPath: /host }\n---\n# asks for /\n',
  'workloads/negative-cpu.md': '---\nworkload:\n  image: vaultplane/busybox:test\n  cpu: -4\n---\n# negative\n',
  'workloads/unknown-image.md': '---\nworkload:\n  image: vaultplane/does-not-exist:never\n---\n# no such image\n',
  'binary.md': Buffer.from([0x23, 0x20, 0x00, 0x01, 0xff, 0xfe, 0x00]).toString('latin1'),
};

/** Nine levels of aliases, each ten of the one before: 10^9 strings if a parser expands them. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let level = 1; level < names.length; level++) {
    const previous = `*${names[level - 1]}`;
    lines.push(`${names[level]}: &${names[level]} [${Array(10).fill(previous).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

export async function createHostileFixture(run: string): Promise<HostileFixture> {
  const parent = await mkdtemp(join(tmpdir(), `vp-hostile-${run}-`));
  const vault = join(parent, 'vault');
  const outside = join(parent, 'outside');
  const home = join(parent, 'home');
  const allowed = join(parent, 'allowed');
  const dataDir = join(vault, DATA_DIR_NAME);
  for (const dir of [vault, outside, home, allowed, dataDir, join(outside, 'folder')]) await mkdir(dir, { recursive: true });

  await writeFile(join(outside, 'secret.md'), OUTSIDE_SECRET);
  await writeFile(join(outside, 'folder', 'inner.md'), OUTSIDE_SECRET);
  await writeFile(join(home, '.bashrc'), '# sentinel\n');
  for (const [path, content] of Object.entries(NOTES)) {
    await mkdir(dirname(join(vault, path)), { recursive: true });
    await writeFile(join(vault, path), path === 'binary.md' ? Buffer.from(content, 'latin1') : content);
  }
  // Real links that leave the vault, one of each kind a jail must see through.
  await symlink(outside, join(vault, 'escape-dir'));
  await symlink(join(outside, 'secret.md'), join(vault, 'escape-note.md'));
  await symlink('../../outside/folder', join(vault, 'notes', 'relative-escape'));
  await symlink('/', join(vault, 'escape-root'));
  await symlink(join(outside, 'created-through-link.md'), join(vault, 'dangling.md'));
  await symlink('loop-b', join(vault, 'loop-a'));
  await symlink('loop-a', join(vault, 'loop-b'));
  await symlink(dataDir, join(vault, 'notes', 'data-link'));

  const tokens: FixtureTokens = { admin: `hx-admin-${run}-0123456789`, reader: `hx-reader-${run}-0123456789`, teamA: `hx-team-a-${run}-0123456789` };
  await writeFile(
    join(dataDir, 'policy.yaml'),
    [
      'namespaces:',
      '  default: {}',
      '  team-a: { quota: { pods: 1 } }',
      'allow:',
      `  hostMounts: ["${allowed}"]`,
      '  capAdd: [NET_BIND_SERVICE]',
      'tokens:',
      `  - { name: reader, sha256: ${sha256Hex(tokens.reader)}, namespaces: ["*"], actions: [read] }`,
      `  - { name: team-a, sha256: ${sha256Hex(tokens.teamA)}, namespaces: [team-a], actions: [read, schedule] }`,
      '',
    ].join('\n'),
  );

  return {
    parent,
    vault,
    outside,
    home,
    allowed,
    dataDir,
    tokens,
    snapshot: () => snapshotTree(parent, new Set([dataDir])),
    remove: () => rm(parent, { recursive: true, force: true }),
  };
}

/** Lists a tree without following links: files by content hash, links by target, folders as such. */
export async function snapshotTree(root: string, skip: ReadonlySet<string> = new Set()): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      if (skip.has(path)) continue;
      const relative = path.slice(root.length + 1);
      const info = await lstat(path);
      if (info.isSymbolicLink()) entries.set(relative, `link -> ${await readlink(path)}`);
      else if (info.isDirectory()) {
        entries.set(relative, 'dir');
        await walk(path);
      } else entries.set(relative, `file ${createHash('sha256').update(await readFile(path)).digest('hex')}`);
    }
  };
  await walk(root);
  return entries;
}

/** What changed between two snapshots, as readable lines (empty when nothing did). */
export function snapshotChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [path, what] of after) {
    const was = before.get(path);
    if (was === undefined) changes.push(`created ${path} (${what})`);
    else if (was !== what) changes.push(`changed ${path}: ${was} -> ${what}`);
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push(`removed ${path}`);
  return changes;
}
