/**
 * From a note file's bytes to its text, and the hash that guards writes. Pure.
 */
import { createHash } from 'node:crypto';

export type DecodedNote = { ok: true; text: string; hasBom: boolean } | { ok: false; reason: string };

/** Git's heuristic: a NUL in the first 8 KB means binary. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export function decodeNoteBytes(bytes: Uint8Array): DecodedNote {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return { ok: false, reason: 'UTF-16 text; re-save the note as UTF-8 to make it readable' };
  }
  const sniffEnd = Math.min(bytes.byteLength, BINARY_SNIFF_BYTES);
  for (let i = 0; i < sniffEnd; i++) {
    if (bytes[i] === 0) return { ok: false, reason: 'binary file (contains NUL bytes), not a text note' };
  }
  try {
    // TextDecoder drops a leading BOM by default; the hash still covers it (it is of the bytes).
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text, hasBom: hasUtf8Bom(bytes) };
  } catch {
    return { ok: false, reason: 'not valid UTF-8 text; re-save the note as UTF-8 to make it readable' };
  }
}

/** A UTF-16 surrogate without its pair (the `u` flag reads pairs as one code point, so only lone ones match). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * False when `text` holds a lone surrogate: it has no UTF-8 form, so writing it would silently
 * store U+FFFD (or '?' in a file name) instead of what was sent.
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** SHA-256 hex of the exact bytes (a string is hashed as its UTF-8 bytes, without a BOM). */
export function hashContent(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The bytes to write for `text`, keeping a BOM the file had. */
export function encodeNoteText(text: string, withBom = false): Buffer {
  const body = Buffer.from(text, 'utf8');
  return withBom ? Buffer.concat([Buffer.from(UTF8_BOM), body]) : body;
}

/** True when the bytes start with a UTF-8 byte order mark, which a rewrite must keep. */
export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return startsWith(bytes, UTF8_BOM);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.byteLength >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}
