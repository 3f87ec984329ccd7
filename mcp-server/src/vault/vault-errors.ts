/**
 * The vault layer's error family. Each error carries a stable `code` so the tool layer can
 * map it in one place; the message alone is written for the agent or person who has to act.
 */
export type VaultErrorCode =
  | 'PATH_INVALID'
  | 'PATH_OUTSIDE_VAULT'
  | 'SYMLINK_OUTSIDE_VAULT'
  | 'PATH_RESERVED'
  | 'NOT_A_NOTE'
  | 'VAULT_NOT_FOUND'
  | 'VAULT_UNREADABLE'
  | 'PATH_NOT_FOUND'
  | 'NOTE_NOT_FOUND'
  | 'NOTE_UNREADABLE'
  | 'NOTE_TOO_LARGE'
  | 'NOTE_CONFLICT'
  /** Another vaultplane process holds the note's lock file. */
  | 'NOTE_BUSY'
  | 'HEADING_NOT_FOUND'
  | 'LINE_RANGE_INVALID'
  | 'CONTENT_INVALID';

export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A path that may not be used: malformed, outside the vault, or in a reserved folder. */
export class VaultPathError extends VaultError {}

/** The note changed (or appeared, or vanished) between the caller's read and this write. */
export class NoteConflictError extends VaultError {
  constructor(
    readonly path: string,
    /** Hash of the file as it is now; null when it does not exist. */
    readonly currentHash: string | null,
    message: string,
  ) {
    super('NOTE_CONFLICT', message);
  }
}

/** The heading an append should go under is not in the note. */
export class HeadingNotFoundError extends VaultError {
  constructor(
    readonly heading: string,
    /** The headings the note does have, in order, as written (without `#`). */
    readonly available: string[],
    message: string,
  ) {
    super('HEADING_NOT_FOUND', message);
  }
}
