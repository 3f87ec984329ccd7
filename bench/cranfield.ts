/**
 * Loads the Cranfield 1400 test collection (SMART format) from /work/shared/eval/cranfield
 * or wherever VAULTPLANE_EVAL_DIR points. See ../shared/eval/README.md for the format.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CranfieldDocument {
  /** The `.I` number. */
  id: string;
  title: string;
  abstract: string;
}

export interface CranfieldQuery {
  /** 1..225 in file order: the numbering the judgements use (not the `.I` numbers). */
  id: string;
  text: string;
}

export interface CranfieldCollection {
  documents: CranfieldDocument[];
  queries: CranfieldQuery[];
  /** Query id -> document id -> graded gain (5 - code, so 4 is a complete answer, 1 minimal). */
  judgements: Map<string, Map<string, number>>;
}

/** The eval data sits beside the checkout, in the shared folder, unless told otherwise. */
export function defaultCranfieldDir(): string {
  if (process.env.VAULTPLANE_EVAL_DIR) return resolve(process.env.VAULTPLANE_EVAL_DIR, 'cranfield');
  const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
  return resolve(repoRoot, '..', 'shared', 'eval', 'cranfield');
}

const FILES = ['cran.all.1400', 'cran.qry', 'cranqrel'] as const;

/** Undefined when the collection is not there, so a caller can say so instead of crashing. */
export function findCranfield(dir = defaultCranfieldDir()): string | undefined {
  return FILES.every((file) => existsSync(join(dir, file))) ? dir : undefined;
}

interface SmartRecord {
  id: string;
  fields: Map<string, string>;
}

/** Splits SMART text into records of `.X` fields; a repeated field is appended (cran doc 576 has two `.W`). */
export function parseSmart(text: string): SmartRecord[] {
  const records: SmartRecord[] = [];
  let current: SmartRecord | undefined;
  let field: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const marker = /^\.([A-Z])(?:\s+(.*))?$/.exec(line);
    if (marker) {
      if (marker[1] === 'I') {
        current = { id: (marker[2] ?? '').trim(), fields: new Map() };
        records.push(current);
        field = undefined;
      } else {
        field = marker[1];
      }
      continue;
    }
    if (!current || !field) continue;
    const previous = current.fields.get(field);
    current.fields.set(field, previous ? `${previous}\n${line}` : line);
  }
  return records;
}

/** Collapses the line breaks and the spaced-out punctuation (" .") of the source text. */
function clean(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').replace(/ ([.,;:])/g, '$1').trim();
}

/** Parses `query doc code` lines; codes 1..4 are relevant, anything else is dropped. */
export function parseJudgements(text: string): Map<string, Map<string, number>> {
  const judgements = new Map<string, Map<string, number>>();
  for (const line of text.split(/\r?\n/)) {
    const [query, doc, code] = line.trim().split(/\s+/);
    if (!query || !doc || code === undefined) continue;
    const value = Number(code);
    if (!(value >= 1 && value <= 4)) continue;
    let forQuery = judgements.get(query);
    if (!forQuery) judgements.set(query, (forQuery = new Map()));
    forQuery.set(doc, 5 - value);
  }
  return judgements;
}

export async function loadCranfield(dir: string): Promise<CranfieldCollection> {
  const [docsText, queriesText, judgementsText] = await Promise.all(FILES.map((file) => readFile(join(dir, file), 'utf8')));
  const documents = parseSmart(docsText!).map((record) => ({
    id: record.id,
    title: clean(record.fields.get('T')),
    abstract: clean(record.fields.get('W')),
  }));
  const queries = parseSmart(queriesText!).map((record, index) => ({ id: String(index + 1), text: clean(record.fields.get('W')) }));
  return { documents, queries, judgements: parseJudgements(judgementsText!) };
}

/** The note a document becomes: the title as its heading, then the abstract (two records have neither). */
export function documentNote(doc: CranfieldDocument): string {
  return doc.title ? `# ${doc.title}\n\n${doc.abstract}\n` : `${doc.abstract}\n`;
}
