/**
 * A synthetic Obsidian vault for benchmarks: realistic in shape (folders, frontmatter, headings,
 * wikilinks, embeds, tags, lists, code, Spec-Kit task files, a few very long sections) and
 * deterministic, so the same seed always gives a byte-identical vault and timings compare.
 *
 * `synthesizeVault` is pure and streams notes one by one; `generateSyntheticVault` writes them.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  ADVERBS,
  COMMON_ADJECTIVES,
  COMMON_VERBS,
  MEETING_KINDS,
  PEOPLE,
  SECTION_NAMES,
  STATUSES,
  TOPICS,
  UNITS,
  type Topic,
} from './synthetic-vocabulary';

export interface SyntheticVaultOptions {
  /** Exact number of markdown files to create. */
  notes: number;
  /** Same seed, same vault; default 1. */
  seed?: number;
}

export interface SyntheticNote {
  /** Vault-relative POSIX path. */
  path: string;
  content: string;
}

export interface SyntheticVaultSummary {
  notes: number;
  bytes: number;
  /** Every written note, in writing order. */
  paths: string[];
}

/** Writes a synthetic vault into `dir`, which must be empty or not exist yet. */
export async function generateSyntheticVault(dir: string, options: SyntheticVaultOptions): Promise<SyntheticVaultSummary> {
  await mkdir(dir, { recursive: true });
  const existing = await readdir(dir);
  if (existing.length > 0) {
    // Mixing with older files would break "same seed, same vault".
    throw new Error(`${dir} is not empty (${existing.length} entries); give generateSyntheticVault an empty or new directory.`);
  }
  const made = new Set<string>();
  const paths: string[] = [];
  let bytes = 0;
  for (const note of synthesizeVault(options)) {
    const file = join(dir, ...note.path.split('/'));
    const folder = dirname(file);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    await writeFile(file, note.content, 'utf8');
    bytes += Buffer.byteLength(note.content, 'utf8');
    paths.push(note.path);
  }
  return { notes: paths.length, bytes, paths };
}

/** Yields the vault's notes in a fixed order. Plans every note first so links can point anywhere. */
export function* synthesizeVault(options: SyntheticVaultOptions): Generator<SyntheticNote> {
  const { notes } = options;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(notes) || notes < 1) {
    throw new Error(`notes must be a whole number of at least 1 (got ${notes}).`);
  }
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number (got ${seed}).`);
  const plans = planVault(notes, seed);
  const byTopic = TOPICS.map((_, topic) => plans.filter((plan) => plan.topic === topic && !plan.feature));
  for (const [index, plan] of plans.entries()) {
    const rng = new Rng(hashSeed(seed, index + 1));
    yield { path: plan.path, content: renderNote(new Writer(rng, plan, plans, byTopic)) };
  }
}

/** The note a benchmark edits in a given round: a plain note (not a task file), spread over the vault. */
export function pickEditTarget(paths: readonly string[], seed: number, round: number): string {
  const candidates = paths.filter((path) => !path.startsWith('specs/'));
  const pool = candidates.length > 0 ? candidates : paths;
  if (pool.length === 0) throw new Error('pickEditTarget needs at least one note path.');
  return pool[Math.floor(new Rng(hashSeed(seed, 1_000_003 + round)).next() * pool.length)]!;
}

/** A word that no synthetic note contains, so a search for it finds only the edited note. */
export function editToken(round: number): string {
  return `zyxedit${round.toString(36)}q`;
}

/** Appends a paragraph holding `token`, as a person adds a thought at the end of a note. */
export function appendEditParagraph(content: string, token: string): string {
  const separator = content.endsWith('\n') ? '\n' : '\n\n';
  return `${content}${separator}Added later: remember ${token} when this comes up again.\n`;
}

// ---------------------------------------------------------------------------------------------
// Randomness

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: tiny, fast, and the same on every platform. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** `count` distinct items, in their original order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
  }
}

function hashSeed(seed: number, salt: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ salt, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Planning: every note's path, title, topic and headings, before any text is written

type Kind = 'project' | 'area' | 'daily' | 'meeting' | 'resource' | 'spec' | 'plan' | 'tasks';

interface Feature {
  id: string;
  title: string;
  stories: number;
  /** Share of tasks already done. */
  progress: number;
}

interface PlannedNote {
  path: string;
  /** What a wikilink names: the file name, or the path for Spec-Kit files whose names repeat. */
  linkTarget: string;
  title: string;
  kind: Kind;
  topic: number;
  secondTopic: number;
  /** H2 headings the note will have, so `[[note#heading]]` links resolve. */
  headings: string[];
  date: string;
  hasFrontmatter: boolean;
  feature?: Feature;
}

const DAY_MS = 86_400_000;
const START_DAY = Date.UTC(2024, 0, 1);
const KIND_WEIGHTS: readonly (readonly [Kind, number])[] = [
  ['daily', 0.3],
  ['resource', 0.25],
  ['meeting', 0.18],
  ['project', 0.17],
  ['area', 0.1],
];
const PROJECT_SUFFIXES = ['rollout', 'migration', 'rewrite', 'pilot', 'cleanup', 'experiment', 'upgrade', 'audit', 'prototype'];

function planVault(total: number, seed: number): PlannedNote[] {
  const rng = new Rng(hashSeed(seed, 0));
  const features = total >= 12 ? Math.max(1, Math.floor(total / 60)) : 0;
  const plans: PlannedNote[] = [];
  const usedNames = new Set<string>();
  // Obsidian resolves [[name]] by file name, case-insensitively: names must not repeat.
  const unique = (name: string, joiner = ' '): string => {
    let candidate = name;
    for (let n = 2; usedNames.has(candidate.toLowerCase()); n++) candidate = `${name}${joiner}${n}`;
    usedNames.add(candidate.toLowerCase());
    return candidate;
  };
  let day = 0;

  for (let f = 1; f <= features; f++) {
    const topic = rng.int(0, TOPICS.length - 1);
    const title = capitalize(`${rng.pick(TOPICS[topic]!.nouns)} ${rng.pick(['support', 'sync', 'dashboard', 'import', 'alerts', 'search', 'export'])}`);
    const id = `${String(f).padStart(3, '0')}-${slug(title)}`;
    const feature: Feature = { id, title, stories: rng.int(2, 4), progress: rng.pick([0, 0.2, 0.5, 0.8, 1]) };
    const date = isoDay(START_DAY + rng.int(0, 300) * DAY_MS);
    const common = { topic, secondTopic: rng.int(0, TOPICS.length - 1), date, feature, hasFrontmatter: false };
    const files: readonly (readonly [Kind, string[]])[] = [
      ['spec', ['User Scenarios & Testing', 'Requirements', 'Success Criteria']],
      ['plan', ['Summary', 'Technical Context', 'Project Structure']],
      // Headings with ":" are not used as link targets: Obsidian does not keep the colon in heading links.
      ['tasks', ['Dependencies & Execution Order']],
    ];
    for (const [kind, headings] of files) {
      plans.push({ ...common, kind, headings, path: `specs/${id}/${kind}.md`, linkTarget: `specs/${id}/${kind}`, title, hasFrontmatter: kind === 'tasks' });
    }
  }

  while (plans.length < total) {
    const kind = weightedKind(rng);
    const topic = rng.int(0, TOPICS.length - 1);
    const t = TOPICS[topic]!;
    const secondTopic = rng.chance(0.6) ? topic : rng.int(0, TOPICS.length - 1);
    day += rng.int(1, 2);
    const date = isoDay(START_DAY + day * DAY_MS);
    let name: string;
    let folder: string;
    let headings: string[];
    let title: string;
    switch (kind) {
      case 'daily':
        folder = 'daily';
        name = unique(date);
        title = name;
        headings = ['Log', 'Tasks', 'Notes'];
        break;
      case 'meeting': {
        folder = 'meetings';
        const meeting = rng.pick(MEETING_KINDS);
        const subject = rng.pick(t.nouns);
        name = unique(`${date}-${slug(meeting)}-${slug(subject)}`, '-');
        title = `${capitalize(meeting)}: ${subject}`;
        headings = ['Agenda', 'Notes', 'Decisions', 'Action items'];
        break;
      }
      case 'project':
        folder = 'projects';
        title = capitalize(`${rng.pick([...t.adjectives, ...COMMON_ADJECTIVES])} ${rng.pick(t.nouns)} ${rng.pick(PROJECT_SUFFIXES)}`);
        name = unique(slug(title), '-');
        headings = rng.sample(SECTION_NAMES.project!, rng.int(3, 6));
        break;
      case 'area':
        folder = 'areas';
        title = unique(capitalize(rng.chance(0.5) ? `${t.tag} ${rng.pick(t.nouns)}` : `${rng.pick(t.nouns)} and ${rng.pick(t.nouns)}`));
        name = title;
        headings = rng.sample(SECTION_NAMES.area!, rng.int(3, 5));
        break;
      default:
        folder = 'resources';
        title = unique(
          capitalize(
            rng.pick([
              `on ${rng.pick(t.adjectives)} ${rng.pick(t.nouns)}`,
              `${rng.pick(t.nouns)} patterns`,
              `how the ${rng.pick(t.nouns)} ${rng.pick(t.verbs)[1]} the ${rng.pick(t.nouns)}`,
              `${rng.pick(t.nouns)} vs ${rng.pick(t.nouns)}`,
              `notes on ${rng.pick(t.nouns)}`,
            ]),
          ),
        );
        name = title;
        headings = rng.sample(SECTION_NAMES.resource!, rng.int(2, 5));
    }
    const hasFrontmatter = rng.chance(kind === 'daily' ? 0.3 : kind === 'resource' ? 0.7 : 0.9);
    plans.push({ path: `${folder}/${name}.md`, linkTarget: name, title, kind, topic, secondTopic, headings, date, hasFrontmatter });
  }
  return plans;
}

function weightedKind(rng: Rng): Kind {
  let r = rng.next();
  for (const [kind, weight] of KIND_WEIGHTS) {
    if (r < weight) return kind;
    r -= weight;
  }
  return 'resource';
}

// ---------------------------------------------------------------------------------------------
// Writing: words, sentences, blocks

class Writer {
  readonly topic: Topic;
  readonly second: Topic;
  constructor(
    readonly rng: Rng,
    readonly plan: PlannedNote,
    private readonly plans: readonly PlannedNote[],
    private readonly byTopic: readonly PlannedNote[][],
  ) {
    this.topic = TOPICS[plan.topic]!;
    this.second = TOPICS[plan.secondTopic]!;
  }

  private anyTopic(): Topic {
    const r = this.rng.next();
    return r < 0.75 ? this.topic : r < 0.9 ? this.second : this.rng.pick(TOPICS);
  }
  noun(): string {
    const noun = this.rng.pick(this.anyTopic().nouns);
    // Compound terms ("cache-aware scheduler") widen the vocabulary the way real notes do.
    if (this.rng.chance(0.06)) {
      const prefix = this.rng.pick(this.topic.nouns).split(' ')[0]!;
      if (!noun.startsWith(prefix)) return `${prefix}-aware ${noun}`;
    }
    return noun;
  }
  adjective(): string {
    return this.rng.chance(0.55) ? this.rng.pick(this.anyTopic().adjectives) : this.rng.pick(COMMON_ADJECTIVES);
  }
  verb(): readonly [string, string] {
    return this.rng.chance(0.55) ? this.rng.pick(this.anyTopic().verbs) : this.rng.pick(COMMON_VERBS);
  }
  person(): string {
    return this.rng.pick(PEOPLE);
  }
  number(): string {
    return `${this.rng.int(2, 950)} ${this.rng.pick(UNITS)}`;
  }

  sentence(): string {
    const r = this.rng;
    switch (r.int(0, 11)) {
      case 0:
        return `The ${this.noun()} ${this.verb()[1]} the ${this.noun()} when the ${this.noun()} is ${this.adjective()}.`;
      case 1:
        return `We should ${this.verb()[0]} the ${this.adjective()} ${this.noun()} before the ${this.noun()} ${this.verb()[1]} ${r.pick(ADVERBS)}.`;
      case 2:
        return `${capitalize(this.adjective())} ${this.noun()} ${this.verb()[1]} ${r.pick(ADVERBS)}, because the ${this.noun()} ${this.verb()[1]} the ${this.noun()}.`;
      case 3:
        return `Decision: ${this.verb()[0]} the ${this.noun()} with a ${this.adjective()} ${this.noun()} instead of the ${this.noun()}.`;
      case 4:
        return `Open question: does the ${this.noun()} ${this.verb()[0]} the ${this.noun()} under a ${this.adjective()} ${this.noun()}?`;
      case 5:
        return `${this.person()} measured ${this.number()} for the ${this.noun()} on a ${this.adjective()} ${this.noun()}.`;
      case 6:
        return `If the ${this.noun()} ${this.verb()[1]} ${r.pick(ADVERBS)}, the ${this.noun()} stays ${this.adjective()} and nobody has to ${this.verb()[0]} the ${this.noun()}.`;
      case 7:
        return `Every ${this.noun()} needs a ${this.adjective()} ${this.noun()}; otherwise the ${this.noun()} ${this.verb()[1]} the ${this.noun()}.`;
      case 8:
        return `Most of the time the ${this.noun()} is ${this.adjective()}, which ${this.verb()[1]} the ${this.noun()} ${r.pick(ADVERBS)}.`;
      case 9:
        return `${this.person()} suggested we ${this.verb()[0]} the ${this.noun()} and ${this.verb()[0]} the ${this.noun()} next week.`;
      case 10:
        return `The ${this.adjective()} ${this.noun()} took ${this.number()}, so the ${this.noun()} ${this.verb()[1]} ${r.pick(ADVERBS)}.`;
      default:
        return `Nothing ${this.verb()[1]} the ${this.noun()} as much as a ${this.adjective()} ${this.noun()}.`;
    }
  }

  /** A note to link to: usually one on the same topic, sometimes anywhere in the vault. */
  target(): PlannedNote | undefined {
    const sameTopic = this.byTopic[this.plan.topic]!.filter((other) => other !== this.plan);
    const pool = sameTopic.length > 0 && this.rng.chance(0.65) ? sameTopic : this.plans;
    for (let attempt = 0; attempt < 4; attempt++) {
      const candidate = this.rng.pick(pool);
      if (candidate !== this.plan) return candidate;
    }
    return undefined;
  }

  link(): string {
    const target = this.target();
    if (!target) return `the ${this.noun()}`;
    const r = this.rng.next();
    if (r < 0.6) return `[[${target.linkTarget}]]`;
    if (r < 0.8) return `[[${target.linkTarget}|${target.title.toLowerCase()}]]`;
    const heading = this.rng.pick(target.headings);
    if (r < 0.95) return `[[${target.linkTarget}#${heading}]]`;
    return `[[${target.linkTarget}#${heading}|${heading.toLowerCase()}]]`;
  }

  inlineTag(): string {
    return this.rng.chance(0.5) ? `#${this.topic.tag}` : `#${this.topic.tag}/${slug(this.rng.pick(this.topic.nouns))}`;
  }

  paragraph(sentences = this.rng.int(2, 6)): string {
    const parts: string[] = [];
    for (let i = 0; i < sentences; i++) parts.push(this.sentence());
    if (this.rng.chance(0.35)) {
      const linkSentence = this.rng.pick([
        `See ${this.link()} for the ${this.noun()} side of this.`,
        `This builds on ${this.link()}.`,
        `${this.person()} wrote more in ${this.link()}.`,
        `Compare with ${this.link()} and ${this.link()}.`,
      ]);
      parts.splice(this.rng.int(0, parts.length), 0, linkSentence);
    }
    if (this.rng.chance(0.15)) parts.push(this.inlineTag());
    return parts.join(' ');
  }

  list(items = this.rng.int(3, 7), marker: '-' | '1.' = '-'): string {
    const lines: string[] = [];
    for (let i = 0; i < items; i++) {
      const bullet = marker === '1.' ? `${i + 1}.` : '-';
      const text = this.rng.chance(0.2) ? `${capitalize(this.noun())} — ${this.link()}` : this.sentence();
      lines.push(`${bullet} ${text}${this.rng.chance(0.1) ? ` ${this.inlineTag()}` : ''}`);
      // A nested item must start under the parent's text: two spaces after "-", three after "1.".
      if (this.rng.chance(0.15)) lines.push(`${marker === '1.' ? '   ' : '  '}- ${this.sentence()}`);
    }
    return lines.join('\n');
  }

  checklist(items: number, doneShare: number): string {
    const lines: string[] = [];
    for (let i = 0; i < items; i++) {
      const box = this.rng.chance(doneShare) ? 'x' : ' ';
      lines.push(`- [${box}] ${capitalize(this.verb()[0])} the ${this.adjective()} ${this.noun()}${this.rng.chance(0.2) ? ` (${this.person()})` : ''}`);
    }
    return lines.join('\n');
  }

  codeBlock(): string {
    const r = this.rng;
    const name = camel(`${this.verb()[0]} ${this.rng.pick(this.topic.nouns)}`);
    const type = pascal(this.rng.pick(this.topic.nouns));
    const field = camel(this.rng.pick(this.topic.nouns));
    switch (r.int(0, 4)) {
      case 0:
        return [
          '```ts',
          `export function ${name}(input: ${type}): ${type} {`,
          `  const ${field} = input.${camel(this.rng.pick(this.topic.nouns))} ?? ${r.int(1, 64)};`,
          `  if (${field} > ${r.int(65, 512)}) throw new Error('${this.adjective()} ${this.noun()}');`,
          `  return { ...input, ${field} };`,
          '}',
          '```',
        ].join('\n');
      case 1:
        return [
          '```bash',
          `# ${this.sentence()}`,
          `vaultplane search --vault ~/notes --limit ${r.int(3, 20)} "${this.rng.pick(this.topic.nouns)} ${this.rng.pick(this.topic.nouns)}"`,
          `docker run --rm --cpus ${r.int(1, 4)} --memory ${r.int(1, 8) * 256}m ${slug(this.rng.pick(this.topic.nouns))}:latest`,
          '```',
        ].join('\n');
      case 2:
        return [
          '```yaml',
          `${field}:`,
          `  enabled: ${r.chance(0.5)}`,
          `  limit: ${r.int(1, 1000)}`,
          `  mode: ${slug(this.adjective())}`,
          `  owner: ${this.person().toLowerCase()}`,
          '```',
        ].join('\n');
      case 3:
        return [
          '```json',
          JSON.stringify({ [field]: r.int(1, 100), status: this.adjective(), tags: [this.topic.tag] }, null, 2),
          '```',
        ].join('\n');
      default:
        return [
          '```python',
          `def ${snake(name)}(${snake(field)}, limit=${r.int(2, 50)}):`,
          `    """${this.sentence()}"""`,
          `    return [x for x in ${snake(field)} if x.${snake(this.adjective())}][:limit]`,
          '```',
        ].join('\n');
    }
  }

  table(): string {
    const rows = [`| ${capitalize(this.noun())} | Before | After |`, '| --- | --- | --- |'];
    for (let i = 0; i < this.rng.int(2, 5); i++) rows.push(`| ${this.noun()} | ${this.number()} | ${this.number()} |`);
    return rows.join('\n');
  }

  callout(): string {
    const kind = this.rng.pick(['note', 'tip', 'warning', 'question']);
    return `> [!${kind}] ${capitalize(this.adjective())} ${this.noun()}\n> ${this.sentence()}\n> ${this.sentence()}`;
  }

  embed(): string | undefined {
    const target = this.target();
    if (!target) return undefined;
    return this.rng.chance(0.5) ? `![[${target.linkTarget}]]` : `![[${target.linkTarget}#${this.rng.pick(target.headings)}]]`;
  }

  /** A section body: mostly paragraphs, with lists, code, tables, callouts and embeds mixed in. */
  sectionBody(long: boolean): string {
    const blocks: string[] = [];
    const count = long ? this.rng.int(25, 45) : this.rng.int(1, 4);
    for (let i = 0; i < count; i++) {
      const r = this.rng.next();
      if (r < 0.58) blocks.push(this.paragraph(long ? this.rng.int(4, 8) : undefined));
      else if (r < 0.75) blocks.push(this.list());
      else if (r < 0.84) blocks.push(this.codeBlock());
      else if (r < 0.9) blocks.push(this.callout());
      else if (r < 0.95) blocks.push(this.table());
      else blocks.push(this.embed() ?? this.paragraph());
    }
    return blocks.join('\n\n');
  }
}

// ---------------------------------------------------------------------------------------------
// Notes by kind

function renderNote(w: Writer): string {
  return fixArticles(renderByKind(w));
}

/** Templates write "a" before every adjective; English wants "an" before a vowel sound. */
function fixArticles(text: string): string {
  return text.replace(/\b([Aa]) (?=[aeio]|u(?!s))/g, '$1n ');
}

function renderByKind(w: Writer): string {
  switch (w.plan.kind) {
    case 'daily':
      return renderDaily(w);
    case 'meeting':
      return renderMeeting(w);
    case 'spec':
      return renderSpec(w);
    case 'plan':
      return renderPlan(w);
    case 'tasks':
      return renderTasks(w);
    default:
      return renderTopicNote(w);
  }
}

function renderTopicNote(w: Writer): string {
  const { plan, rng } = w;
  const fields: FrontmatterField[] = [];
  if (plan.kind === 'project') {
    fields.push(['tags', ['project', w.topic.tag, ...(plan.secondTopic !== plan.topic ? [w.second.tag] : [])]]);
    fields.push(['aliases', [capitalize(`${w.topic.tag} ${rng.pick(PROJECT_SUFFIXES)}`)]]);
    fields.push(['status', rng.pick(STATUSES)]);
    fields.push(['owner', w.person()]);
    fields.push(['created', plan.date]);
    fields.push(['updated', isoDay(Date.parse(plan.date) + rng.int(0, 90) * DAY_MS)]);
  } else if (plan.kind === 'area') {
    fields.push(['tags', { flow: ['area', w.topic.tag] }]);
    if (rng.chance(0.5)) fields.push(['aliases', [plan.title.toLowerCase()]]);
    fields.push(['review', rng.pick(['weekly', 'monthly', 'quarterly'])]);
  } else {
    fields.push(['tags', rng.chance(0.5) ? [w.topic.tag, rng.pick(['reference', 'idea', 'howto', 'reading'])] : { flow: [w.topic.tag] }]);
    if (rng.chance(0.4)) fields.push(['aliases', [capitalize(w.noun())]]);
    if (rng.chance(0.4)) fields.push(['source', `https://example.org/${slug(w.noun())}/${rng.int(10, 999)}`]);
    fields.push(['created', plan.date]);
  }
  const longSection = rng.chance(0.07) ? rng.int(0, plan.headings.length - 1) : -1;
  const parts = [`# ${plan.title}`, w.paragraph()];
  for (const [i, heading] of plan.headings.entries()) {
    parts.push(`## ${heading}`, w.sectionBody(i === longSection));
    if (rng.chance(0.3)) {
      for (const sub of rng.sample(SECTION_NAMES.subsection!, rng.int(1, 2))) parts.push(`### ${sub}`, w.sectionBody(false));
    }
  }
  if (plan.kind === 'project' && rng.chance(0.7)) parts.push('## Related', w.list(rng.int(2, 4)));
  return withFrontmatter(plan.hasFrontmatter ? fields : [], parts);
}

function renderDaily(w: Writer): string {
  const { plan, rng } = w;
  const parts: string[] = [];
  if (rng.chance(0.5)) parts.push(`# ${plan.title}`);
  const log: string[] = [];
  let minutes = rng.int(7 * 60, 9 * 60);
  for (let i = 0; i < rng.int(2, 6); i++) {
    minutes += rng.int(15, 120);
    const time = `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    log.push(`- ${time} ${w.sentence()}${rng.chance(0.3) ? ` ${w.inlineTag()}` : ''}${rng.chance(0.25) ? ` ${w.link()}` : ''}`);
  }
  parts.push('## Log', log.join('\n'));
  parts.push('## Tasks', w.checklist(rng.int(1, 5), 0.5));
  parts.push('## Notes', w.sectionBody(false));
  const fields: FrontmatterField[] = [
    ['date', plan.date],
    ['tags', { flow: ['daily', w.topic.tag] }],
    ['mood', rng.pick(['focused', 'tired', 'scattered', 'good', 'calm'])],
  ];
  return withFrontmatter(plan.hasFrontmatter ? fields : [], parts);
}

function renderMeeting(w: Writer): string {
  const { plan, rng } = w;
  const attendees = rng.sample(PEOPLE, rng.int(2, 6));
  const project = w.target();
  const fields: FrontmatterField[] = [
    ['type', 'meeting'],
    ['date', plan.date],
    ['attendees', attendees],
    ['tags', ['meeting', w.topic.tag]],
  ];
  if (project) fields.push(['related', `[[${project.linkTarget}]]`]);
  const actions = attendees.map((person) => `- [${rng.chance(0.3) ? 'x' : ' '}] ${person}: ${w.verb()[0]} the ${w.noun()} by ${isoDay(Date.parse(plan.date) + rng.int(2, 14) * DAY_MS)}`);
  const parts = [
    `# ${plan.title}`,
    `Attendees: ${attendees.join(', ')}`,
    '## Agenda',
    w.list(rng.int(2, 5), '1.'),
    '## Notes',
    w.sectionBody(false),
  ];
  if (rng.chance(0.4)) parts.push(`### ${capitalize(w.noun())}`, w.paragraph());
  parts.push('## Decisions', w.list(rng.int(1, 3)), '## Action items', actions.join('\n'));
  return withFrontmatter(plan.hasFrontmatter ? fields : [], parts);
}

function renderSpec(w: Writer): string {
  const { plan, rng } = w;
  const feature = plan.feature!;
  const parts = [
    `# Feature Specification: ${feature.title}`,
    `**Feature Branch**: \`${feature.id}\`\n**Created**: ${plan.date}\n**Status**: ${rng.pick(['Draft', 'Review', 'Approved'])}\n**Input**: User description: "${w.sentence()}"`,
    '## User Scenarios & Testing',
  ];
  for (let story = 1; story <= feature.stories; story++) {
    parts.push(
      `### User Story ${story} - ${capitalize(w.verb()[0])} the ${w.noun()} (Priority: P${story})`,
      w.paragraph(),
      `**Why this priority**: ${w.sentence()}`,
      `**Independent Test**: ${w.sentence()}`,
      `**Acceptance Scenarios**:\n\n1. **Given** a ${w.adjective()} ${w.noun()}, **When** the user ${w.verb()[1]} the ${w.noun()}, **Then** the ${w.noun()} is ${w.adjective()}.\n2. **Given** no ${w.noun()}, **When** the ${w.noun()} ${w.verb()[1]}, **Then** nothing is lost.`,
    );
  }
  parts.push('### Edge Cases', `- What happens when the ${w.noun()} is ${w.adjective()}?\n- How does the system handle a ${w.adjective()} ${w.noun()}?`);
  const requirements = Array.from({ length: rng.int(3, 7) }, (_, i) => `- **FR-${String(i + 1).padStart(3, '0')}**: System MUST ${w.verb()[0]} the ${w.noun()} ${rng.pick(ADVERBS)}`);
  parts.push('## Requirements', '### Functional Requirements', requirements.join('\n'));
  parts.push('### Key Entities', `- **${capitalize(w.noun())}**: ${w.sentence()}\n- **${capitalize(w.noun())}**: ${w.sentence()}`);
  parts.push('## Success Criteria', `- **SC-001**: ${w.sentence()}\n- **SC-002**: The ${w.noun()} answers within ${w.number()}.`);
  return withFrontmatter([], parts);
}

function renderPlan(w: Writer): string {
  const { plan, rng } = w;
  const feature = plan.feature!;
  const src = slug(w.topic.nouns[0]!);
  return withFrontmatter(
    [],
    [
      `# Implementation Plan: ${feature.title}`,
      `**Branch**: \`${feature.id}\` | **Date**: ${plan.date} | **Spec**: [[specs/${feature.id}/spec|spec]]`,
      '## Summary',
      w.paragraph(),
      '## Technical Context',
      [
        `**Language/Version**: ${rng.pick(['TypeScript 5.9', 'Python 3.12', 'Go 1.23', 'Rust 1.82'])}`,
        `**Primary Dependencies**: ${w.noun()}, ${w.noun()}`,
        `**Storage**: ${rng.pick(['LanceDB', 'SQLite', 'files', 'N/A'])}`,
        `**Testing**: ${rng.pick(['vitest', 'pytest', 'go test', 'cargo test'])}`,
        `**Performance Goals**: ${w.number()} per ${w.noun()}`,
      ].join('\n'),
      '## Constitution Check',
      w.list(rng.int(2, 4)),
      '## Project Structure',
      ['```text', 'src/', `├── ${src}/`, '├── services/', '└── cli/', 'tests/', '├── integration/', '└── unit/', '```'].join('\n'),
      '## Complexity Tracking',
      `| Violation | Why Needed | Simpler Alternative Rejected Because |\n|-----------|------------|-------------------------------------|\n| ${w.noun()} | ${w.sentence()} | ${w.sentence()} |`,
    ],
  );
}

function renderTasks(w: Writer): string {
  const { plan, rng } = w;
  const feature = plan.feature!;
  let next = 1;
  const src = slug(w.topic.nouns[0]!);
  const task = (story?: number): string => {
    const id = `T${String(next++).padStart(3, '0')}`;
    const done = rng.chance(feature.progress) ? 'x' : ' ';
    const parallel = rng.chance(0.4) ? ' [P]' : '';
    const label = story ? ` [US${story}]` : '';
    const file = `src/${rng.pick([src, 'services', 'cli', 'models'])}/${slug(w.noun())}.ts`;
    const depends = next > 3 && rng.chance(0.15) ? ` (depends on T${String(rng.int(1, next - 2)).padStart(3, '0')})` : '';
    return `- [${done}] ${id}${parallel}${label} ${capitalize(w.verb()[0])} ${w.adjective()} ${w.noun()} in ${file}${depends}`;
  };
  const phase = (count: number, story?: number): string => Array.from({ length: count }, () => task(story)).join('\n');
  const parts = [
    `# Tasks: ${feature.title}`,
    `**Input**: Design documents from \`/specs/${feature.id}/\`\n**Prerequisites**: plan.md (required), spec.md (required for user stories)`,
    '## Format: `[ID] [P?] [Story] Description`',
    '- **[P]**: Can run in parallel (different files, no dependencies)\n- **[Story]**: Which user story this task belongs to (e.g., US1, US2, US3)',
    '## Phase 1: Setup',
    `**Purpose**: ${w.sentence()}`,
    phase(rng.int(2, 4)),
    '---',
    '## Phase 2: Foundational',
    '**⚠️ CRITICAL**: No user story work can begin until this phase is complete',
    phase(rng.int(3, 6)),
    '**Checkpoint**: Foundation ready - user story implementation can now begin in parallel',
  ];
  for (let story = 1; story <= feature.stories; story++) {
    parts.push(
      '---',
      `## Phase ${story + 2}: User Story ${story} - ${capitalize(w.noun())} (Priority: P${story})${story === 1 ? ' 🎯 MVP' : ''}`,
      `**Goal**: ${w.sentence()}`,
      `### Tests for User Story ${story}`,
      phase(rng.int(1, 2), story),
      `### Implementation for User Story ${story}`,
      phase(rng.int(2, 5), story),
      `**Checkpoint**: User Story ${story} works on its own`,
    );
  }
  parts.push('---', `## Phase ${feature.stories + 3}: Polish & Cross-Cutting Concerns`, phase(rng.int(2, 3)));
  parts.push('## Dependencies & Execution Order', w.list(rng.int(2, 4)));
  return withFrontmatter([['description', `Task list for ${feature.title}`]], parts);
}

// ---------------------------------------------------------------------------------------------
// Markdown and YAML text

type FrontmatterValue = string | string[] | { flow: string[] };
type FrontmatterField = readonly [string, FrontmatterValue];

function withFrontmatter(fields: readonly FrontmatterField[], blocks: readonly string[]): string {
  const body = `${blocks.join('\n\n')}\n`;
  if (fields.length === 0) return body;
  const lines = ['---'];
  for (const [key, value] of fields) {
    if (typeof value === 'string') lines.push(`${key}: ${yamlScalar(value)}`);
    else if (Array.isArray(value)) lines.push(`${key}:`, ...value.map((item) => `  - ${yamlScalar(item)}`));
    else lines.push(`${key}: [${value.flow.map(yamlScalar).join(', ')}]`);
  }
  lines.push('---', '');
  return `${lines.join('\n')}${body}`;
}

/** Plain when YAML reads it back as the same string (or as the date it is), quoted otherwise. */
function yamlScalar(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const plain = /^[A-Za-z][A-Za-z0-9 ._/-]*$/.test(value) && !/^(true|false|yes|no|on|off|null)$/i.test(value) && !value.endsWith(' ');
  return plain ? value : JSON.stringify(value);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function camel(text: string): string {
  const [first = '', ...rest] = slug(text).split('-');
  return first + rest.map(capitalize).join('');
}

function pascal(text: string): string {
  return capitalize(camel(text));
}

function snake(text: string): string {
  return slug(text.replace(/([a-z])([A-Z])/g, '$1 $2')).replace(/-/g, '_');
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
