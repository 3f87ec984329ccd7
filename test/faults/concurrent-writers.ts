import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../support/serve-process';
import { TEMPLATE_VAULT } from '../support/temp-vault';
import { problemList } from './figures';

// Three agents, each its own `vaultplane mcp` process (MCP over stdio, the SDK's client), and a
// person saving in an editor, all editing one tasks.md and one note at once. Every edit carries
// a unique marker; afterwards each marker must be in its file exactly once: no lost update, no
// doubled one. The person saves as Obsidian does (write a temp file, rename it over the note)
// and, like Obsidian noticing an outside change, takes up the file again when it changed
// between loading and saving.

export interface ConcurrentWritersOptions {
  /** Edits over both phases and all writers. */
  edits: number;
  log?: (message: string) => void;
}

export interface PhaseFigures {
  edits: number;
  editsByWriter: Record<string, number>;
  /** Markers missing from their file at the end. */
  lostUpdates: number;
  lost?: string[];
}

export interface ConcurrentWritersFigures {
  suite: 'concurrent-writers';
  edits: number;
  /** The three agent processes alone: the cross-process note lock must make this lossless. */
  agentsOnly: PhaseFigures;
  /**
   * The agents and the person. An editor takes no vaultplane lock; between the hash re-check
   * and the rename (on either side) there is a gap of microseconds that a save can fall into,
   * which no lock file can close. Reported, not hidden.
   */
  withEditor: PhaseFigures;
  /** Markers present more than once (must be 0). */
  doubledUpdates: number;
  /** write_note calls refused because the note changed since read_note; each was redone. */
  writeNoteConflicts: number;
  /** update_task or append_to_note answered "kept changing … try again"; the agent did as told. */
  busyRetries: number;
  /** Times the person found the file changed between loading it and saving. */
  humanReloads: number;
  /** Tool calls that failed for any other reason (must be 0). */
  toolErrors: number;
  firstToolError?: string;
  durationMs: number;
}

const TASKS = 'specs/001-example/tasks.md';
const NOTE = 'inbox.md';
/** Each agent notes on its own task, so a refused update means a lost line, not a clash. */
const AGENT_TASKS = ['T004', 'T005', 'T006'];

type ToolAnswer = { isError?: boolean; structuredContent?: any; content?: Array<{ text?: string }> };

interface Edit {
  file: string;
  marker: string;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * What the figures show to be wrong. Edits lost to the editor (withEditor.lostUpdates) are
 * reported, not failed: no lock can cover a program that does not take it.
 */
export function concurrentWritersProblems(figures: ConcurrentWritersFigures, edits: number): string[] {
  const agentEdits = Math.floor(Math.floor(edits / 2) / AGENT_TASKS.length) * AGENT_TASKS.length;
  const editorPhaseEdits = Math.floor(Math.floor(edits / 2) / (AGENT_TASKS.length + 1)) * (AGENT_TASKS.length + 1);
  return problemList([
    [figures.toolErrors !== 0, `${figures.toolErrors} tool calls failed: ${figures.firstToolError}`],
    [figures.agentsOnly.edits !== agentEdits, `${figures.agentsOnly.edits} of ${agentEdits} agent edits were made`],
    [figures.agentsOnly.lostUpdates !== 0, `agent processes lost ${figures.agentsOnly.lostUpdates} updates: ${figures.agentsOnly.lost?.join(', ')}`],
    [figures.withEditor.edits !== editorPhaseEdits, `${figures.withEditor.edits} of ${editorPhaseEdits} edits were made with the editor saving`],
    [figures.doubledUpdates !== 0, `${figures.doubledUpdates} edits landed twice`],
  ]);
}

export async function runConcurrentWritersSuite(options: ConcurrentWritersOptions): Promise<ConcurrentWritersFigures> {
  const log = options.log ?? (() => {});
  const work = await mkdtemp(join(tmpdir(), 'vp-faults-writers-'));
  const vault = join(work, 'vault');
  await cp(TEMPLATE_VAULT, vault, { recursive: true });
  await writeFile(join(vault, NOTE), '# Inbox\n\nEverything that comes in.\n');

  const figures: ConcurrentWritersFigures = {
    suite: 'concurrent-writers',
    edits: 0,
    agentsOnly: { edits: 0, editsByWriter: {}, lostUpdates: 0 },
    withEditor: { edits: 0, editsByWriter: {}, lostUpdates: 0 },
    doubledUpdates: 0,
    writeNoteConflicts: 0,
    busyRetries: 0,
    humanReloads: 0,
    toolErrors: 0,
    durationMs: 0,
  };
  const clients: Client[] = [];
  try {
    for (let agent = 0; agent < AGENT_TASKS.length; agent++) {
      const transport = new StdioClientTransport({
        command: process.execPath,
        // Each process keeps its index apart; the notes they edit are the same files.
        args: [CLI, 'mcp', '--vault', vault, '--data', join(work, `data-${agent}`)],
        env: { ...(process.env as Record<string, string>), VAULTPLANE_EMBEDDER: 'builtin', MALLOC_ARENA_MAX: '2' },
        stderr: 'ignore',
      });
      const client = new Client({ name: `agent-${agent + 1}`, version: '1' });
      await client.connect(transport);
      clients.push(client);
    }
    const started = Date.now();

    const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as ToolAnswer;
    const errorText = (result: ToolAnswer) => result.content?.[0]?.text ?? '';
    const toolError = (writer: string, text: string) => {
      figures.toolErrors += 1;
      figures.firstToolError ??= `${writer}: ${text}`;
    };

    const runPhase = async (phase: 'agentsOnly' | 'withEditor', editsPerWriter: number): Promise<PhaseFigures> => {
      const result: PhaseFigures = { edits: 0, editsByWriter: {}, lostUpdates: 0 };
      const made: Edit[] = [];
      const done = (writer: string, edit: Edit) => {
        made.push(edit);
        result.editsByWriter[writer] = (result.editsByWriter[writer] ?? 0) + 1;
      };

      /** Repeats an edit while it fails with the error that says to retry (counted), as an agent does. */
      const untilSettled = async (writer: string, edit: Edit, retryOn: RegExp, counter: 'busyRetries' | 'writeNoteConflicts', once: () => Promise<ToolAnswer>) => {
        for (;;) {
          const answer = await once();
          if (!answer.isError) return done(writer, edit);
          if (!retryOn.test(errorText(answer))) return toolError(writer, errorText(answer));
          figures[counter] += 1;
        }
      };

      const agent = async (index: number) => {
        const client = clients[index]!;
        const writer = `agent${index + 1}`;
        for (let k = 0; k < editsPerWriter; k++) {
          const marker = `[${phase}-${writer}-${k}]`;
          if (k % 2 === 0) {
            await untilSettled(writer, { file: TASKS, marker }, /kept changing/, 'busyRetries', () =>
              call(client, 'update_task', { feature: '001-example', taskId: AGENT_TASKS[index], note: `${marker} checked by ${writer}` }),
            );
          } else if (index === 1) {
            // Read, change, write back with the hash it read; on a conflict, read again and redo.
            await untilSettled(writer, { file: NOTE, marker }, /changed since you read it/, 'writeNoteConflicts', async () => {
              const read = await call(client, 'read_note', { path: NOTE });
              if (read.isError) return read;
              const { content, hash } = read.structuredContent as { content: string; hash: string };
              return call(client, 'write_note', { path: NOTE, content: `${content.replace(/\n?$/, '\n')}- ${marker} rewritten by ${writer}\n`, expectedHash: hash });
            });
          } else {
            await untilSettled(writer, { file: NOTE, marker }, /kept changing/, 'busyRetries', () =>
              call(client, 'append_to_note', { path: NOTE, text: `- ${marker} appended by ${writer}` }),
            );
          }
        }
      };

      const human = async () => {
        for (let k = 0; k < editsPerWriter; k++) {
          const file = k % 2 === 0 ? NOTE : TASKS;
          const absolute = join(vault, file);
          const marker = `[${phase}-human-${k}]`;
          for (;;) {
            const loaded = await readFile(absolute);
            const edited = Buffer.concat([loaded, Buffer.from(`${loaded.at(-1) === 0x0a ? '' : '\n'}- ${marker} typed in the editor\n`)]);
            // Typing takes a moment; the agents keep writing meanwhile.
            await new Promise((resolve) => setTimeout(resolve, 1 + (k % 7)));
            const temp = join(vault, `.${file.replace(/\//g, '_')}.${randomUUID().slice(0, 8)}.tmp`);
            await writeFile(temp, edited);
            if (sha256(await readFile(absolute)) !== sha256(loaded)) {
              // Changed on disk since loading: take up the new text and type the line again.
              await rm(temp);
              figures.humanReloads += 1;
              continue;
            }
            await rename(temp, absolute);
            done('human', { file, marker });
            break;
          }
        }
      };

      await Promise.all([...clients.map((_, index) => agent(index)), ...(phase === 'withEditor' ? [human()] : [])]);

      const texts = new Map<string, string>();
      for (const file of [TASKS, NOTE]) texts.set(file, await readFile(join(vault, file), 'utf8'));
      const lost: string[] = [];
      for (const edit of made) {
        const count = texts.get(edit.file)!.split(edit.marker).length - 1;
        if (count === 0) lost.push(`${edit.marker} in ${edit.file}`);
        if (count > 1) figures.doubledUpdates += 1;
      }
      result.edits = made.length;
      result.lostUpdates = lost.length;
      if (lost.length > 0) result.lost = lost.slice(0, 20);
      log(`${phase}: ${made.length} edits, ${lost.length} lost`);
      return result;
    };

    const half = Math.floor(options.edits / 2);
    figures.agentsOnly = await runPhase('agentsOnly', Math.floor(half / AGENT_TASKS.length));
    figures.withEditor = await runPhase('withEditor', Math.floor(half / (AGENT_TASKS.length + 1)));
    figures.edits = figures.agentsOnly.edits + figures.withEditor.edits;
    figures.durationMs = Date.now() - started;
    return figures;
  } finally {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await rm(work, { recursive: true, force: true });
  }
}
