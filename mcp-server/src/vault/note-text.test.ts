import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeNoteBytes, encodeNoteText, hashContent, isWellFormedText } from './note-text';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeNoteBytes', () => {
  it('decodes UTF-8 text, including non-ASCII', () => {
    expect(decodeNoteBytes(utf8('# Café ☕\n'))).toEqual({ ok: true, text: '# Café ☕\n', hasBom: false });
  });

  it('strips a UTF-8 BOM from the text and remembers it was there', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('# Title')]);
    expect(decodeNoteBytes(bytes)).toEqual({ ok: true, text: '# Title', hasBom: true });
  });

  it('refuses binary files with a reason an index status can show', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const result = decodeNoteBytes(png);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/binary/);
  });

  it('only sniffs the first 8 KB for NUL bytes', () => {
    const late = new Uint8Array(9000).fill(0x61);
    late[8500] = 0;
    expect(decodeNoteBytes(late).ok).toBe(true);
    const early = new Uint8Array(9000).fill(0x61);
    early[8000] = 0;
    expect(decodeNoteBytes(early).ok).toBe(false);
  });

  it('refuses invalid UTF-8 (e.g. a Latin-1 file) and says how to fix it', () => {
    const latin1 = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a]); // "Café" in ISO-8859-1
    const result = decodeNoteBytes(latin1);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/not valid UTF-8.*re-save/);
  });

  it('names UTF-16 files as such', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x23, 0x00, 0x20, 0x00]);
    const result = decodeNoteBytes(utf16);
    expect(!result.ok && result.reason).toMatch(/UTF-16/);
  });

  it('accepts an empty file as an empty note', () => {
    expect(decodeNoteBytes(new Uint8Array())).toEqual({ ok: true, text: '', hasBom: false });
  });
});

describe('hashContent', () => {
  it('is the sha256 hex of the exact bytes', () => {
    const bytes = utf8('hello\n');
    expect(hashContent(bytes)).toBe(createHash('sha256').update('hello\n').digest('hex'));
    expect(hashContent('hello\n')).toBe(hashContent(bytes));
  });

  it('tells apart files that differ only in line endings or a BOM', () => {
    expect(hashContent('a\r\n')).not.toBe(hashContent('a\n'));
    expect(hashContent(encodeNoteText('a', true))).not.toBe(hashContent(encodeNoteText('a', false)));
  });
});

describe('isWellFormedText', () => {
  it('accepts text with surrogate pairs and refuses lone surrogates, which have no UTF-8 form', () => {
    expect(isWellFormedText('emoji 😀 and café')).toBe(true);
    expect(isWellFormedText('high \ud83d alone')).toBe(false);
    expect(isWellFormedText('\ude00 low first')).toBe(false);
    expect(isWellFormedText('reversed \ude00\ud83d pair')).toBe(false);
  });
});
