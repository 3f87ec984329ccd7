/** A heading as it stands in the note; `line` is 1-based in the whole file. */
export interface NoteHeading {
  depth: number;
  text: string;
  line: number;
}

/** What the parser learns from one markdown note. Pure data: no I/O handles. */
export interface ParsedNote {
  /** Vault-relative POSIX path, e.g. `specs/001-example/plan.md`. */
  path: string;
  /** First H1, else the file name without `.md`. */
  title: string;
  /** Parsed YAML frontmatter; `{}` when absent or broken. */
  frontmatter: Record<string, unknown>;
  /** Set when the frontmatter could not be parsed; the body is still indexed. */
  frontmatterError?: string;
  /** Frontmatter `tags` plus inline `#tags`, without `#`, lower-cased, unique, sorted. */
  tags: string[];
  aliases: string[];
  /** Targets of `[[wikilinks]]` (without `|alias` or `#heading`), unique, in order of appearance. */
  links: string[];
  /** Targets of `![[embeds]]`, unique, in order of appearance. */
  embeds: string[];
  headings: NoteHeading[];
  /** The markdown after the frontmatter. */
  body: string;
  /** 1-based line of the file on which `body` starts. */
  bodyStartLine: number;
}

/** One searchable piece of a note: a heading section, or part of a long one. */
export interface NoteChunk {
  path: string;
  /** Heading path joined with " > ", e.g. "Plan > Risks"; "" before the first heading. */
  headingPath: string;
  text: string;
  /** 1-based, inclusive line range in the file. */
  startLine: number;
  endLine: number;
  /** Position of the chunk within its note, from 0. */
  ordinal: number;
}
