/**
 * Reads a Spec-Kit tasks.md into phases and tasks. Pure.
 *
 * Decisions:
 * - A task line is a list item with a one-character checkbox and an id: `- [ ] T012 …`,
 *   `* [x] T002a …`, at any indentation. Done is `x` or `X`; any other status character
 *   (Obsidian's `[/]`, `[-]`) is a task that is not done.
 * - `[P]` and `[USn]` tags right after the id, in either order, set `parallel` and `story`;
 *   other bracketed text stays in the description.
 * - Continuation lines are the non-blank, non-task lines right below a task that are indented
 *   deeper than its marker (how Spec-Kit wraps long tasks, and where notes go). A blank line,
 *   a heading or a line at the task's own indentation ends them; lazy unindented text does not
 *   count, so a `**Checkpoint**` line is never mistaken for part of a task.
 * - `## Phase N: Title` opens phase N; a later heading at the same or a higher level that is
 *   not a phase closes it (tasks under `## Notes` have phase null). Deeper headings such as
 *   `### Tests for User Story 1` stay inside the phase.
 * - Nothing inside fenced code blocks is a task or a heading.
 * - Duplicate ids are all kept; `line` tells them apart.
 */
import { splitLines, type TextLine } from './text-lines';

export interface SpecPhase {
  number: number;
  title: string;
  /** 1-based line of the heading. */
  line: number;
}

export interface SpecTask {
  /** The folder name under specs/, e.g. `001-example`. */
  feature: string;
  id: string;
  done: boolean;
  parallel: boolean;
  /** `US1`, or null when the task names no story. */
  story: string | null;
  /** Number of the phase the task sits in, or null outside any phase. */
  phase: number | null;
  description: string;
  /** 1-based. */
  line: number;
  /** The task's continuation lines, trimmed, in order. */
  continuation: string[];
  /** Ids from "depends on T003, T004" in the description or continuation, in order, once each. */
  dependsOn: string[];
}

export interface ParsedTasksFile {
  phases: SpecPhase[];
  tasks: SpecTask[];
}

/** Where a task sits in the text, for the line editor. */
export interface LocatedTask {
  task: SpecTask;
  /** Index in the task line's text of the checkbox status character. */
  checkboxIndex: number;
  /** The task line's leading whitespace. */
  indent: string;
  /** 1-based line of the task's last continuation line (its own line when it has none). */
  lastLine: number;
}

export const TASK_ID_PATTERN = /^T\d+[a-z]?$/;

const TASK_LINE = /^([ \t]*)([-*+])([ \t]+)\[([^\]\s]| )\][ \t]+(T\d+[a-z]?)(?![\w-])(.*)$/;
const HEADING = /^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const PHASE_TITLE = /^Phase[ \t]+(\d+)\b[ \t]*[:.\-–—]?[ \t]*(.*?)(?:[ \t]+#+)?$/i;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;
const TAG = /^[ \t]*\[([^\]\s]+)\]/;
const DEPENDS_ON = /depends[ \t]+on[ \t:]+(T\d+[a-z]?(?:[ \t]*(?:,|&|\/|\band\b)[ \t]*T\d+[a-z]?)*)/gi;

export function parseTasksFile(feature: string, text: string): ParsedTasksFile {
  const { phases, located } = scanTasksFile(feature, splitLines(text).lines);
  return { phases, tasks: located.map((entry) => entry.task) };
}

/** The parse with each task's position; `lines` as `splitLines` gives them. */
export function scanTasksFile(feature: string, lines: readonly TextLine[]): { phases: SpecPhase[]; located: LocatedTask[] } {
  const kinds = classifyLines(lines);
  const phases: SpecPhase[] = [];
  const located: LocatedTask[] = [];
  let phase: { number: number; level: number } | null = null;

  for (let i = 0; i < lines.length; i++) {
    const kind = kinds[i]!;
    const text = lines[i]!.text;
    if (kind === 'heading') {
      const heading = HEADING.exec(text)!;
      const level = heading[1]!.length;
      const phaseMatch = PHASE_TITLE.exec(heading[2] ?? '');
      if (phaseMatch) {
        phase = { number: Number(phaseMatch[1]), level };
        phases.push({ number: phase.number, title: phaseMatch[2]!.trim(), line: i + 1 });
      } else if (phase && level <= phase.level) {
        phase = null;
      }
      continue;
    }
    if (kind !== 'task') continue;

    const match = TASK_LINE.exec(text)!;
    const indent = match[1]!;
    const column = indentWidth(indent);
    const continuation: string[] = [];
    let last = i;
    while (last + 1 < lines.length && kinds[last + 1] === 'text' && indentWidth(leadingWhitespace(lines[last + 1]!.text)) > column) {
      last++;
      continuation.push(lines[last]!.text.trim());
    }

    const { parallel, story, description } = readTags(match[6]!);
    located.push({
      task: {
        feature,
        id: match[5]!,
        done: match[4] === 'x' || match[4] === 'X',
        parallel,
        story,
        phase: phase?.number ?? null,
        description,
        line: i + 1,
        continuation,
        dependsOn: dependencies([description, ...continuation].join(' ')),
      },
      checkboxIndex: indent.length + 1 + match[3]!.length + 1,
      indent,
      lastLine: last + 1,
    });
  }
  return { phases, located };
}

/** True when the line, as written, is a task line. */
export function isTaskLine(text: string): boolean {
  return TASK_LINE.test(text);
}

type LineKind = 'blank' | 'task' | 'heading' | 'text';

/** Fence-aware: inside a fenced block every line is text (the fence lines too). */
function classifyLines(lines: readonly TextLine[]): LineKind[] {
  const kinds: LineKind[] = [];
  let fence: string | null = null;
  for (const { text } of lines) {
    const fenceMatch = FENCE.exec(text);
    if (fence) {
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length && text.trim() === fenceMatch[1]) fence = null;
      kinds.push(text.trim() === '' ? 'blank' : 'text');
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      kinds.push('text');
    } else if (text.trim() === '') kinds.push('blank');
    else if (TASK_LINE.test(text)) kinds.push('task');
    else if (HEADING.test(text)) kinds.push('heading');
    else kinds.push('text');
  }
  return kinds;
}

function readTags(rest: string): { parallel: boolean; story: string | null; description: string } {
  let parallel = false;
  let story: string | null = null;
  let remaining = rest;
  for (let tag = TAG.exec(remaining); tag; tag = TAG.exec(remaining)) {
    const value = tag[1]!;
    if (value === 'P' && !parallel) parallel = true;
    else if (/^US\d+$/i.test(value) && story === null) story = value.toUpperCase();
    else break;
    remaining = remaining.slice(tag[0].length);
  }
  return { parallel, story, description: remaining.trim() };
}

function dependencies(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(DEPENDS_ON)) {
    for (const id of match[1]!.match(/T\d+[a-z]?/gi) ?? []) {
      const normalised = `T${id.slice(1)}`;
      if (!ids.includes(normalised)) ids.push(normalised);
    }
  }
  return ids;
}

function leadingWhitespace(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

/** Columns of leading whitespace, a tab reaching the next multiple of 4 (CommonMark). */
function indentWidth(whitespace: string): number {
  let width = 0;
  for (const char of whitespace) width = char === '\t' ? width + 4 - (width % 4) : width + 1;
  return width;
}
